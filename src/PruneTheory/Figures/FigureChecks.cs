using ScottPlot;

namespace PruneTheory.Figures;

/// <summary>A figure that would not go into a paper as it is: the message names the figure and what is wrong.</summary>
public sealed class FigureStyleException(string message) : Exception(message);

/// <summary>
/// The checks every saved figure passes (they throw, so a bad label fails the claim's summary and its test loudly):
/// no label keeps a literal '_' (an internal name or unset math), at most <see cref="PlotStyle.MaxSeriesPerPanel"/>
/// labelled series per panel.
/// </summary>
public static class FigureChecks
{
    /// <summary>Every text a reader sees: title, axis labels, legend entries.</summary>
    public static IEnumerable<string> Labels(Plot plot)
    {
        yield return plot.Axes.Title.Label.Text;
        foreach (var axis in plot.Axes.GetAxes()) yield return axis.Label.Text;
        foreach (var text in LegendLabels(plot)) yield return text;
    }

    public static IReadOnlyList<string> LegendLabels(Plot plot) =>
        plot.GetPlottables().SelectMany(p => p.LegendItems).Select(i => i.LabelText).Where(t => !string.IsNullOrEmpty(t)).ToList();

    public static void Check(string figure, Plot plot)
    {
        var bad = Labels(plot).Where(t => t.Contains('_')).Distinct().ToList();
        if (bad.Count > 0)
            throw new FigureStyleException($"figure {figure}: label(s) with '_' (write the math as N*_1/2-style TeX that MathText can set, or plain words): " +
                string.Join(" | ", bad.Select(b => $"'{b}'")));
        int series = LegendLabels(plot).Distinct().Count();
        if (series > PlotStyle.MaxSeriesPerPanel)
            throw new FigureStyleException($"figure {figure}: {series} labelled series in one panel (at most {PlotStyle.MaxSeriesPerPanel}): split it with FigureWriter.SavePanels");
    }
}
