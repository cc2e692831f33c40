using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PruneTheory.Pdes;
using Xunit;
using Xunit.Abstractions;

namespace PruneTheory.Tests.Pdes;

/// <summary>
/// R multiplies the whole Laplacian, so u itself is not conserved; the total concentration Φ(u) = ∫₀ᵘR is:
/// dΦ(u_i)/dt = R(u_i)du_i/dt = D·Lap_i, and Σ_i dx·D·Lap_i telescopes to the two boundary fluxes.
/// </summary>
public sealed class DiffusionSorptionBalanceTests(ITestOutputHelper output)
{
    [Property(MaxTest = 100)]
    public Property SemiDiscreteBalanceTelescopesExactly() =>
        Prop.ForAll(Gen.Choose(3, 200).SelectMany(n => Gen.ArrayOf(Gen.Choose(-100, 1000).Select(v => v / 1000.0), n)).ToArbitrary(), u =>
        {
            var f = new double[u.Length];
            DiffusionSorptionSolver.RightHandSide(u, f);
            double sum = 0, scale = 0;
            for (int i = 0; i < u.Length; i++)
            {
                double term = DiffusionSorptionConstants.Retardation(u[i]) * f[i] / u.Length;
                sum += term; scale += Math.Abs(term);
            }
            double inflow = DiffusionSorptionSolver.BoundaryInflow(u);
            return Math.Abs(sum - inflow) <= 1e-12 * (scale + Math.Abs(inflow) + 1e-300);
        });

    [Fact]
    public void TotalConcentrationIsTheIntegralOfR()
    {
        foreach (double u in new[] { -0.05, 0.0, 1e-4, 0.1, 0.7, 1.0 })
        {
            // composite Simpson on ∫₀ᵘ R (R is smooth away from 0; use many points)
            int m = 200000; double a = Math.Min(0, u), b = Math.Max(0, u), hq = (b - a) / m, s = 0;
            for (int q = 0; q <= m; q++) s += (q == 0 || q == m ? 1 : q % 2 == 1 ? 4 : 2) * DiffusionSorptionConstants.Retardation(a + q * hq);
            double integral = Math.Sign(u) * s * hq / 3;
            Assert.Equal(integral, DiffusionSorptionConstants.TotalConcentration(u), 4);
        }
    }

    /// <summary>Mass change over [t0, T] minus the trapezoid integral of the boundary inflow, relative to the change.</summary>
    private static double BalanceDefect(double h, double c, int cells)
    {
        var s = new DiffusionSorptionSettings { Cells = cells, StepSeconds = h, Snapshots = 41 };
        double t0 = 20, massAtT0 = double.NaN, massEnd = 0, flux = 0, prevInflow = double.NaN, prevT = 0;
        new DiffusionSorptionSolver(s).Solve(c, (t, u) =>
        {
            if (t < t0 - 1e-9) return;
            double q = DiffusionSorptionSolver.BoundaryInflow(u);
            if (double.IsNaN(massAtT0)) massAtT0 = DiffusionSorptionSolver.TotalMass(u);
            else flux += 0.5 * (q + prevInflow) * (t - prevT);
            prevInflow = q; prevT = t;
            massEnd = DiffusionSorptionSolver.TotalMass(u);
        });
        return Math.Abs(massEnd - massAtT0 - flux) / Math.Abs(massEnd - massAtT0);
    }

    [Fact]
    public void DiscreteMassBalanceHoldsToSecondOrderInTheStep()
    {
        double e1 = BalanceDefect(0.5, 0.1, 256), e2 = BalanceDefect(0.25, 0.1, 256), e3 = BalanceDefect(0.125, 0.1, 256);
        output.WriteLine($"relative balance defect h=0.5/0.25/0.125: {e1:E3} {e2:E3} {e3:E3}; orders {Math.Log2(e1 / e2):F2} {Math.Log2(e2 / e3):F2}");
        Assert.True(e1 < 1e-4, $"defect {e1}");
        Assert.InRange(Math.Log2(e2 / e3), 1.7, 2.4);
    }
}
