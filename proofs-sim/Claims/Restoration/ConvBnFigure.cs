using PruneTheory.Statistics;
using PruneTheory.Figures;

namespace PruneTheory.ProofsSim.Claims.Restoration;

/// <summary>Accuracy vs pruning ratio (mean ± 95 % t-CI) for prune / NM / LBYL in both modes (lbyl-convbn).</summary>
internal static class ConvBnFigure
{
    public static void Draw(IReadOnlyList<ConvBnNetworkResult> trials, FigureWriter figures)
    {
        var plot = PlotStyle.Create("Small VGG conv+BN / Fashion-MNIST, l2-norm, no fine-tuning", "pruning ratio r (%)", "test accuracy (%)");
        var csv = new CsvTable("ratio", "mode", "method", "mean", "ci_lo", "ci_hi", "seeds");
        var series = new (string Mode, string Method, Func<ConvBnCell, double> Get)[]
        {
            ("CodeExact", "prune", c => c.Prune), ("CodeExact", "NM", c => c.Nm), ("CodeExact", "LBYL", c => c.Lbyl),
            ("Corrected", "NM", c => c.Nm), ("Corrected", "LBYL", c => c.Lbyl),
        };
        var ratios = trials[0].Cells.Select(c => c.Ratio).Distinct().ToArray();
        for (int s = 0; s < series.Length; s++)
        {
            var (mode, method, get) = series[s];
            var stats = ratios.Select(r => ReplicateMean.Of([.. trials.Select(t => get(t.Cells.Single(c => c.Ratio == r && c.Mode == mode)))])).ToArray();
            var xs = ratios.Select(r => 100 * r + (s - 2) * 0.5).ToArray();
            var line = plot.Add.ScatterLine(xs, stats.Select(x => x.Mean).ToArray(), PlotStyle.Series(s));
            line.LegendText = method == "prune" ? "prune-only" : $"{method} ({mode})";
            var bars = plot.Add.ErrorBar(xs, stats.Select(x => x.Mean).ToArray(), stats.Select(x => double.IsFinite(x.Ci.Width) ? x.Ci.Width / 2 : 0).ToArray());
            bars.Color = PlotStyle.Series(s);
            for (int i = 0; i < ratios.Length; i++) csv.Add(ratios[i], mode, method, stats[i].Mean, stats[i].Ci.Lower, stats[i].Ci.Upper, stats[i].Count);
        }
        plot.ShowLegend(ScottPlot.Alignment.LowerLeft);
        // t-intervals of few seeds can exceed the possible range: clipped to [0, 100], the axis fitted to the data
        figures.Save("lbyl-convbn", plot, csv, $"markers: mean over {trials.Count} seeds; bars: 95 % Student-t CI over the seeds, clipped to [0, 100] %", yRange: (0, 100));
    }
}
