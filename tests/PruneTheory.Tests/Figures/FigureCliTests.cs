using PruneTheory.ProofsSim.Cli;
using PruneTheory.Tests.Support;
using Xunit;

namespace PruneTheory.Tests.Figures;

/// <summary>`run --out DIR` draws into DIR/figures; `figures` takes the printed-size options and rejects bad ones.</summary>
[Collection("console")]
public class FigureCliTests
{
    private static (int Code, string Error) Invoke(params string[] args)
    {
        var err = new StringWriter();
        var old = Console.Error;
        Console.SetError(err);
        try { return (ProofsSimMain.Run(args, CancellationToken.None), err.ToString()); }
        finally { Console.SetError(old); }
    }

    private static readonly string[] Small = ["--set", "trials=4", "--set", "samplesPerTrial=5000"];

    [Fact]
    public void Run_with_out_draws_under_out_then_figures_redraws_at_two_column_pdf_only()
    {
        using var tmp = new TempDir();
        string run = tmp.Sub("run");
        bool repoFiguresBefore = Directory.Exists(Path.Combine("figures", "breakpoint-cauchy"));
        Assert.Equal(0, Invoke(["run", "breakpoint-cauchy", "--out", run, .. Small]).Code);
        string claimDir = Path.Combine(run, "figures", "breakpoint-cauchy");
        foreach (var ext in new[] { ".pdf", ".png", ".svg", ".csv" }) Assert.True(File.Exists(Path.Combine(claimDir, "breakpoint-cauchy" + ext)), ext);
        Assert.True(File.Exists(Path.Combine(run, "figures", "index.html")));
        Assert.Equal(repoFiguresBefore, Directory.Exists(Path.Combine("figures", "breakpoint-cauchy")));

        string redraw = tmp.Sub("redraw");
        Assert.Equal(0, Invoke("figures", run, "--figures", redraw, "--format", "pdf", "--preset", "two-column").Code);
        var files = Directory.GetFiles(Path.Combine(redraw, "breakpoint-cauchy")).Select(f => Path.GetExtension(f)!).Distinct().Order().ToArray();
        Assert.Equal([".csv", ".pdf"], files);
        var pdf = PdfStructure.Parse(File.ReadAllBytes(Path.Combine(redraw, "breakpoint-cauchy", "breakpoint-cauchy.pdf")));
        Assert.Equal(7 * 72, pdf.PageWidth, 0);
    }

    [Theory]
    [InlineData("--format takes pdf, png and svg", "--format", "pdf,jpeg")]
    [InlineData("--dpi must be in", "--dpi", "0")]
    [InlineData("--width-in must be in", "--width-in", "-3")]
    [InlineData("--preset must be one-column or two-column", "--preset", "three-column")]
    public void Bad_figure_options_exit_2_with_one_line(string message, params string[] options)
    {
        using var tmp = new TempDir();
        string run = tmp.Sub("run");
        Assert.Equal(0, Invoke(["run", "breakpoint-cauchy", "--out", run, "--figures", tmp.Sub("fig"), .. Small]).Code);
        var (code, error) = Invoke(["figures", run, "--figures", tmp.Sub("bad"), .. options]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(message, error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(tmp.Sub("bad")));
    }
}
