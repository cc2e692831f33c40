using PruneTheory.Statistics;
using PruneTheory.Figures;

namespace PruneTheory.ProofsSim.Claims.Restoration;

/// <summary>Accuracy vs pruning ratio (mean ± 95 % t-CI over seeds) for each criterion and method of lbyl-lenet-trained.</summary>
internal static class LenetFigure
{
    public static readonly (string Name, Func<LenetCell, double> Get)[] Methods =
    [
        ("prune", c => c.Prune), ("nm_tuned", c => c.NmTuned), ("lbyl_tuned", c => c.LbylTuned),
        ("nm_published", c => c.NmPublished), ("lbyl_published", c => c.LbylPublished),
    ];

    public static void Draw(IReadOnlyList<LenetNetworkResult> trials, FigureWriter figures)
    {
        foreach (var criterion in trials[0].Cells.Select(c => c.Criterion).Distinct())
        {
            var csv = new CsvTable("criterion", "ratio", "method", "mean", "ci_lo", "ci_hi", "seeds");
            var plot = PlotStyle.Create($"LeNet-300-100 / Fashion-MNIST (suite-trained), {criterion}", "pruning ratio r (%)", "test accuracy (%)");
            var ratios = trials[0].Cells.Where(c => c.Criterion == criterion).Select(c => c.Ratio).ToArray();
            for (int m = 0; m < Methods.Length; m++)
            {
                var (name, get) = Methods[m];
                var stats = ratios.Select(r => ReplicateMean.Of([.. trials.Select(t => get(t.Cells.Single(c => c.Criterion == criterion && c.Ratio == r)))])).ToArray();
                var xs = ratios.Select(r => 100 * r + (m - 2) * 0.4).ToArray();
                if (m < 3)
                {
                    var line = plot.Add.ScatterLine(xs, stats.Select(s => s.Mean).ToArray(), PlotStyle.Series(m));
                    line.LegendText = name.Replace('_', ' ');
                    var bars = plot.Add.ErrorBar(xs, stats.Select(s => s.Mean).ToArray(), stats.Select(s => double.IsFinite(s.Ci.Width) ? s.Ci.Width / 2 : 0).ToArray());
                    bars.Color = PlotStyle.Series(m);
                }
                for (int i = 0; i < ratios.Length; i++)
                    csv.Add(criterion, ratios[i], name, stats[i].Mean, stats[i].Ci.Lower, stats[i].Ci.Upper, stats[i].Count);
            }
            plot.ShowLegend(ScottPlot.Alignment.LowerLeft);
            // t-intervals of few seeds can exceed the possible range: clipped to [0, 100], the axis fitted to the data
            figures.Save($"lbyl-lenet-trained-{criterion}", plot, csv, $"markers: mean over {trials.Count} seeds; bars: 95 % Student-t CI over the seeds, clipped to [0, 100] %", yRange: (0, 100));
        }
    }
}
