using System.Diagnostics;
using System.Text.RegularExpressions;
using PruneTheory.Experiments;
using PruneTheory.Figures;
using PruneTheory.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace PruneTheory.Tests.Figures;

/// <summary>figures/index.html in a real headless Chromium: it loads without script errors and every image resolves.</summary>
public class ContactSheetTests(ITestOutputHelper output)
{
    private static ClaimReport Report(string id, string dir, Verdict verdict, params string[] stems) =>
        new(id, $"title of {id}", id + "_run", 3, 3, new ClaimOutcome(verdict, $"reason for {id} <&>", new Dictionary<string, double>(), [])
        { Figures = stems.Select(s => Path.Combine(dir, id, s + ".png")).ToList() }, null);

    private static string DrawSheet(TempDir tmp)
    {
        string root = tmp.Sub("figures");
        var prov = new Provenance("a", "run", "hash", "{}", 0, "test", "now");
        new FigureWriter(Path.Combine(root, "claim-a"), prov).Save("a-bars", FigureKinds.Bars(), new CsvTable("x").Add(1), "bars: 95 % CI over 5 seeds");
        new FigureWriter(Path.Combine(root, "claim-a"), prov).Save("a log", FigureKinds.LogLog(), new CsvTable("x").Add(1), "band: 95 % bootstrap CI");
        new FigureWriter(Path.Combine(root, "claim-b"), prov).Save("b-heat", FigureKinds.Heatmap(), new CsvTable("x").Add(1), "cells: mean over 3 seeds");
        // claim-c was drawn by an earlier run and is not in this one: it must stay listed.
        new FigureWriter(Path.Combine(root, "claim-c"), prov) { Options = FigureOptions.Create(FigureFormats.Svg, 3.4, 300) }
            .Save("c-svg-only", FigureKinds.Bars(2), new CsvTable("x").Add(1), "no intervals");
        return ContactSheet.Write(root, [Report("claim-a", root, Verdict.Confirmed, "a-bars", "a log"), Report("claim-b", root, Verdict.Contradicted, "b-heat")]);
    }

    [Fact]
    public void Lists_every_figure_with_claim_verdict_caption_and_csv_link()
    {
        using var tmp = new TempDir();
        string html = File.ReadAllText(DrawSheet(tmp));
        foreach (var s in new[] { "claim-a", "claim-b", "claim-c", "confirmed", "contradicted", "not in this run", "bars: 95 % CI over 5 seeds",
                     "cells: mean over 3 seeds", "href=\"claim-a/a-bars.csv\"", "href=\"claim-a/a-bars.pdf\"", "src=\"claim-a/a%20log.png\"", "src=\"claim-c/c-svg-only.svg\"", "&lt;&amp;&gt;" })
            Assert.Contains(s, html);
    }

    [Fact]
    public async Task Loads_in_headless_chromium_with_every_image_resolved()
    {
        string? chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);
        if (chromium is null && Environment.GetEnvironmentVariable("CI") is null)
        {
            output.WriteLine("skipped: no chromium on this machine (apt-get install -y chromium; .ci/run installs it)");
            return;
        }
        Assert.True(chromium is not null, "CI must run this test: chromium missing (.ci/run installs it)");
        using var tmp = new TempDir();
        string sheet = DrawSheet(tmp);
        // A copy of the sheet in the same folder (same relative links) with a probe that reports after load.
        string probe = """
            <script>
            var errors = [];
            window.addEventListener('error', function (e) { errors.push(e.message || (e.target && e.target.src) || 'error'); }, true);
            window.addEventListener('load', function () {
              var imgs = Array.from(document.images), bad = imgs.filter(function (i) { return !i.complete || i.naturalWidth === 0; });
              var pre = document.createElement('pre'); pre.id = 'probe';
              pre.textContent = 'images=' + imgs.length + ' broken=' + bad.map(function (i) { return i.getAttribute('src'); }).join('|') + ' errors=' + errors.length + ' ' + errors.join('|');
              document.body.appendChild(pre);
            });
            </script>
            """;
        string check = Path.Combine(Path.GetDirectoryName(sheet)!, "probe.html");
        File.WriteAllText(check, File.ReadAllText(sheet).Replace("<body>", "<body>" + probe));
        var psi = new ProcessStartInfo(chromium!)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            ArgumentList = { "--headless", "--disable-gpu", "--no-sandbox", "--allow-file-access-from-files", "--virtual-time-budget=10000",
                "--user-data-dir=" + tmp.Sub("profile"), "--dump-dom", new Uri(check).AbsoluteUri },
        };
        using var p = Process.Start(psi)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var stderrTask = p.StandardError.ReadToEndAsync(timeout.Token);
        string dom = await p.StandardOutput.ReadToEndAsync(timeout.Token);
        await p.WaitForExitAsync(timeout.Token);
        string stderr = await stderrTask;
        output.WriteLine(stderr.Length > 2000 ? stderr[^2000..] : stderr);
        var m = Regex.Match(dom, "<pre id=\"probe\">images=(\\d+) broken=(.*?) errors=(\\d+)(.*?)</pre>", RegexOptions.Singleline);
        Assert.True(m.Success, "the probe did not run: " + (dom.Length > 500 ? dom[..500] : dom));
        Assert.Equal("4", m.Groups[1].Value);       // 3 PNGs of this run + 1 SVG-only figure of an earlier run
        Assert.Equal("", m.Groups[2].Value);
        Assert.Equal("0", m.Groups[3].Value);
    }
}
