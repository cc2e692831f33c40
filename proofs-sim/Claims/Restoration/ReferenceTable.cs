using PruneTheory.Figures;

namespace PruneTheory.ProofsSim.Claims.Restoration;

/// <summary>One table cell: measured accuracy next to the published one (null when the ratio has no published value).</summary>
public sealed record ReferenceCell(string Key, string Source, double Measured, double? Published, bool Suspect)
{
    public override string ToString() =>
        $"{Key}: measured {Measured:F2}" + (Published is { } p ? $", published {p:F2} ({Source}), Δ = {Signed(Measured - p)} pp" : ", no published value") +
        (Suspect ? " [suspect published cell: equals the prune-only cell, probably a copy error; not checked]" : "");

    private static string Signed(double d) { double r = Math.Round(d, 2) + 0.0; return (r >= 0 ? "+" : "") + r.ToString("F2"); }
}

/// <summary>The published LeNet-300-100 / Fashion-MNIST numbers (spec §9.1) and the comparison figure.</summary>
public static class ReferenceTable
{
    public const double Baseline = 89.80;
    // LBYL README, l2-norm, λ1 = 0: r → (LBYL, NM, prune).
    private static readonly Dictionary<int, (double Lbyl, double Nm, double Prune)> L2 = new()
    {
        [50] = (88.83, 87.86, 87.86), [60] = (87.75, 88.07, 83.03), [70] = (83.92, 83.27, 71.21), [80] = (78.05, 77.11, 63.90),
    };
    // NM README, l1-norm: r → (prune, NM).
    private static readonly Dictionary<int, (double Prune, double Nm)> L1 = new()
    {
        [50] = (88.40, 88.69), [60] = (85.17, 86.92), [70] = (71.26, 82.75), [80] = (66.76, 80.02),
    };

    public static List<ReferenceCell> Compare(IReadOnlyList<ReferenceRow> trials)
    {
        var cells = new List<ReferenceCell> { new("baseline", "README", trials[0].Baseline, Baseline, false) };
        foreach (var t in trials)
        {
            int pct = (int)Math.Round(100 * t.Ratio);
            bool l2 = L2.TryGetValue(pct, out var p2), l1 = L1.TryGetValue(pct, out var p1);
            cells.Add(new($"l2_prune_r{pct}", "LBYL README", t.L2Prune, l2 ? p2.Prune : null, false));
            cells.Add(new($"l2_nm_r{pct}", "LBYL README", t.L2Nm, l2 ? p2.Nm : null, pct == 50));
            cells.Add(new($"l2_lbyl_r{pct}", "LBYL README", t.L2Lbyl, l2 ? p2.Lbyl : null, false));
            cells.Add(new($"l1_prune_r{pct}", "NM README", t.L1Prune, l1 ? p1.Prune : null, false));
            cells.Add(new($"l1_nm_r{pct}", "NM README", t.L1Nm, l1 ? p1.Nm : null, false));
        }
        return cells;
    }

    public static void Draw(IReadOnlyList<ReferenceRow> trials, FigureWriter figures)
    {
        var plot = PlotStyle.Create("LeNet-300-100 / Fashion-MNIST, l2-norm, no fine-tuning", "pruning ratio r (%)", "test accuracy (%)");
        var csv = new CsvTable("ratio", "method", "measured", "published");
        var xs = trials.Select(t => 100 * t.Ratio).ToArray();
        var series = new (string Name, Func<ReferenceRow, double> Get, Func<int, double?> Pub)[]
        {
            ("prune", t => t.L2Prune, r => L2.TryGetValue(r, out var p) ? p.Prune : null),
            ("NM (t = 0.45)", t => t.L2Nm, r => L2.TryGetValue(r, out var p) ? p.Nm : null),
            ("LBYL", t => t.L2Lbyl, r => L2.TryGetValue(r, out var p) ? p.Lbyl : null),
        };
        for (int i = 0; i < series.Length; i++)
        {
            var (name, get, pub) = series[i];
            var ys = trials.Select(get).ToArray();
            var line = plot.Add.ScatterLine(xs, ys, PlotStyle.Series(i));
            line.LegendText = $"{name}, measured";
            var published = trials.Select(t => (X: 100 * t.Ratio, Y: pub((int)Math.Round(100 * t.Ratio)))).Where(p => p.Y.HasValue).ToArray();
            if (published.Length > 0)
            {
                var marks = plot.Add.ScatterPoints(published.Select(p => p.X).ToArray(), published.Select(p => p.Y!.Value).ToArray(), PlotStyle.Series(i));
                marks.MarkerSize = 12; marks.MarkerShape = ScottPlot.MarkerShape.OpenCircle;
                marks.LegendText = $"{name}, published";
            }
            foreach (var t in trials)
                csv.Add(t.Ratio, name, get(t), pub((int)Math.Round(100 * t.Ratio))?.ToString() ?? "");
        }
        plot.ShowLegend(ScottPlot.Alignment.LowerLeft);
        figures.Save("lbyl-lenet-reference", plot, csv);
    }
}
