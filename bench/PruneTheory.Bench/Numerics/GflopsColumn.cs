using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace PruneTheory.Bench.Numerics;

/// <summary>GFLOP/s = 2n³ / mean time, for benchmarks with an integer parameter N.</summary>
public sealed class GflopsColumn : IColumn
{
    public string Id => "GFLOPs";
    public string ColumnName => "GFLOP/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "2·N³ flops divided by the mean time";
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        var n = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "N")?.Value;
        if (report?.ResultStatistics is null || n is not int size) return "-";
        double seconds = report.ResultStatistics.Mean * 1e-9;
        return (2.0 * size * size * size / seconds / 1e9).ToString("F1");
    }
}

public sealed class GflopsConfig : ManualConfig
{
    public GflopsConfig() => AddColumn(new GflopsColumn());
}
