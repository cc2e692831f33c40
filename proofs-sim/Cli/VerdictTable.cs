using PruneTheory.Experiments;
using Spectre.Console;

namespace PruneTheory.ProofsSim.Cli;

/// <summary>The verdict table shown after a run or a redraw.</summary>
public static class VerdictTable
{
    public static void Show(IEnumerable<ClaimReport> reports)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]PruneTheory verdicts[/]")
            .AddColumn("claim").AddColumn("verdict").AddColumn("scope").AddColumn("trials").AddColumn("reason");
        foreach (var r in reports)
        {
            string colour = r.VerdictText switch
            {
                "confirmed" => "green", "contradicted" => "red", "inconclusive" => "yellow", "error" => "red bold", _ => "grey",
            };
            table.AddRow(Markup.Escape(r.ClaimId), $"[{colour}]{r.VerdictText}[/]", Markup.Escape(r.Outcome?.Scope.Kind ?? ""), $"{r.Completed}/{r.Total}",
                Markup.Escape(r.Error ?? r.Outcome?.Reason ?? "incomplete: resume or merge the shards, then run `figures`"));
        }
        AnsiConsole.Write(table);
    }
}
