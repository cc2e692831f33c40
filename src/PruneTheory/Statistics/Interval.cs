namespace PruneTheory.Statistics;

/// <summary>A closed interval [Lower, Upper], typically a confidence interval.</summary>
public readonly record struct Interval(double Lower, double Upper)
{
    public bool Contains(double x) => x >= Lower && x <= Upper;
    public double Width => Upper - Lower;
    public bool Above(double x) => Lower > x;
    public bool Below(double x) => Upper < x;
    public override string ToString() => FormattableString.Invariant($"[{Lower:G4}, {Upper:G4}]");
}
