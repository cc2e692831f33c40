using PruneTheory.Figures;
using PruneTheory.ProofsSim.Claims.NeuronVsWeight;
using PruneTheory.Tests.Support;
using Xunit;

namespace PruneTheory.Tests.Figures;

/// <summary>The style and its checks over a real claim: the gap figure (panels, log axes, bands, bars, dashed references).</summary>
public class QuickClaimFigureTests
{
    [Fact]
    public void Gap_figure_claim_writes_paper_figures_with_captions_and_no_underscores()
    {
        using var tmp = new TempDir();
        var spec = new GapSpec { Trials = 8, NpWidths = [4, 8, 12], AnalyticMaxWidth = 2000, WpDims = [2], WpMaxUnits = 24, InverseEpsilons = [2, 5, 10, 30, 100] };
        // FigureWriter.Save runs FigureChecks on every figure: a label with '_' or > 8 series would throw here.
        var outcome = ClaimHarness.Run(new GapFigureClaim(), spec, tmp.Path);
        Assert.Contains("gap-figure", outcome.Figures);
        foreach (var stem in outcome.Figures)
        {
            foreach (var ext in new[] { ".pdf", ".png", ".svg", ".csv" }) Assert.True(File.Exists(Path.Combine(tmp.Path, stem + ext)), stem + ext);
            PdfStructure.Parse(File.ReadAllBytes(Path.Combine(tmp.Path, stem + ".pdf")));
            string svg = File.ReadAllText(Path.Combine(tmp.Path, stem + ".svg"));
            Assert.DoesNotContain("1e3", svg);
        }
        // no CSV lacks a caption line
        Assert.All(Directory.GetFiles(tmp.Path, "*.csv"), csv => Assert.False(string.IsNullOrWhiteSpace(FigureWriter.ReadCaption(csv)), csv));
        Assert.Contains("95 %", FigureWriter.ReadCaption(Path.Combine(tmp.Path, "gap-figure.csv")));
    }
}
