using System.Diagnostics;
using PruneTheory.Experiments;
using PruneTheory.ProofsSim.Cli;
using PruneTheory.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace PruneTheory.Tests.Reliability;

/// <summary>
/// A real full disk: a 256 KiB tmpfs as --out (needs the right to mount, i.e. root; elsewhere the test says so and
/// checks nothing). The run exits 4 with one line, the rows committed before are intact, and a resume of a copy
/// on a roomy disk ends with the undisturbed rows.
/// </summary>
[Collection("console")]
public class DiskFullTests(ITestOutputHelper log)
{
    [Fact]
    public void A_full_disk_exits_4_with_one_line_and_the_store_resumes_elsewhere()
    {
        using var tmp = new TempDir();
        string mount = tmp.Sub("small");
        Directory.CreateDirectory(mount);
        if (!Sh("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount))
        {
            log.WriteLine("tmpfs cannot be mounted here (not root): the disk-full case was not exercised");
            return;
        }
        try
        {
            string dir = Path.Combine(mount, "run");
            var r = Cli.Invoke(["run", "breakpoint-cauchy", "--out", dir, "--figures", tmp.Sub("fig"), "--set", "trials=400", "--set", "samplesPerTrial=2000", "--threads", "1"]);
            r.AssertFails(ExitCodes.Environment, "disk full");
            string copy = tmp.Sub("copy");
            Directory.CreateDirectory(copy);
            foreach (var f in new[] { "results.db", "results.db-wal" }.Select(n => Path.Combine(dir, n)).Where(File.Exists)) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
            Assert.InRange(Cli.StoredRows(copy), 1, 399);
            Assert.Equal(0, Cli.Invoke("resume", copy, "--threads", "1").Code);
            Assert.Equal(Cli.ReferenceRows(tmp.Sub("ref"), trials: 400), Cli.Rows(copy, Cli.TinyPlan(trials: 400).Identity.Name));
        }
        finally { Sh("umount", mount); }
    }

    private static bool Sh(string exe, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(exe) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            p.WaitForExit(10_000);
            return p.HasExited && p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }
}
