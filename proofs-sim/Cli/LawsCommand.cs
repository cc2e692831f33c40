using System.CommandLine;
using PruneTheory.Laws;
using PruneTheory.ProofsSim.Laws;

namespace PruneTheory.ProofsSim.Cli;

/// <summary>`laws`: lists the law kit's laws; with --exec, checks an external pruning program against them (docs/laws.md).</summary>
public static class LawsCommand
{
    public static Command Build()
    {
        var exec = new Option<string?>("--exec") { Description = "the program as a shell command with {in} {out} and optionally {ratio} {calib} {granularity}, e.g. \"python3 prune.py {in} {out} {ratio}\"" };
        var granularity = new Option<string>("--granularity") { Description = "weights (shapes kept, pruned weights 0) | neurons (narrowed output with kept_units)", DefaultValueFactory = _ => "weights" };
        var cases = new Option<int>("--cases") { Description = "random cases per law (>= 1)", DefaultValueFactory = _ => 20 };
        var seed = new Option<ulong>("--seed") { Description = "seed of the cases: the same seed gives the same cases", DefaultValueFactory = _ => 0 };
        var batchNorm = new Option<bool>("--batch-norm") { Description = "hidden layers carry BatchNorm1d" };
        var timeout = new Option<double>("--timeout") { Description = "seconds one run of the program may take", DefaultValueFactory = _ => 60 };
        var tolerance = new Option<double>("--tolerance") { Description = "largest relative output difference read as the same function", DefaultValueFactory = _ => 1e-5 };
        var expectBreak = new Option<string[]>("--expect-break") { Description = "a law the program legitimately breaks (repeatable); it must then break", AllowMultipleArgumentsPerToken = false };
        var outDir = new Option<string>("--out") { Description = "folder for shrunk counter-examples", DefaultValueFactory = _ => "laws-counterexamples" };
        var replay = new Option<string?>("--replay") { Description = "check the case saved in this counter-example file again" };
        var cmd = new Command("laws", "List the pruning laws, or check an external pruning program against them (--exec).")
            { exec, granularity, cases, seed, batchNorm, timeout, tolerance, expectBreak, outDir, replay };
        cmd.SetAction(p =>
        {
            if (p.GetValue(exec) is not { } command)
            {
                if (p.GetValue(replay) is not null) { Console.Error.WriteLine("error: --replay needs --exec (the program to run on the saved case)"); return ExitCodes.BadInput; }
                foreach (var law in PruningLaws.All) Console.Out.WriteLine($"{law.Name,-26}  {law.Statement}");
                return ExitCodes.Ok;
            }
            return ExternalLawCheck.Run(new ExternalLawArgs(command)
            {
                Granularity = p.GetValue(granularity)!, Cases = p.GetValue(cases), Seed = p.GetValue(seed), BatchNorm = p.GetValue(batchNorm),
                TimeoutSeconds = p.GetValue(timeout), Tolerance = p.GetValue(tolerance), ExpectBreak = p.GetValue(expectBreak) ?? [],
                Out = p.GetValue(outDir)!, Replay = p.GetValue(replay),
            }, Console.Out, Console.Error);
        });
        return cmd;
    }
}
