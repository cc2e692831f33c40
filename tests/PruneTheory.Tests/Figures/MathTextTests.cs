using PruneTheory.Figures;
using Xunit;

namespace PruneTheory.Tests.Figures;

public class MathTextTests
{
    [Theory]
    [InlineData("N*_1/2", "N*₁/₂")]
    [InlineData("median E*_N", "median E*ₙ")]
    [InlineData("ε^-1", "ε⁻¹")]
    [InlineData("(1/ε)^0.94, CI", "(1/ε)⁰.⁹⁴, CI")]
    [InlineData("LB(Δ_min)", "LB(Δₘᵢₙ)")]
    [InlineData("2^{-n}", "2⁻ⁿ")]
    [InlineData("log10 loss", "log₁₀ loss")]
    [InlineData("plain text", "plain text")]
    public void Sets_scripts_as_unicode(string tex, string unicode) => Assert.Equal(unicode, MathText.ToUnicode(tex));

    [Theory]
    [InlineData("N_WP")]        // no subscript W: left for the label check to report
    [InlineData("P_lower")]     // no subscript w
    [InlineData("nm_tuned")]
    public void Leaves_what_unicode_cannot_set(string tex) => Assert.Equal(tex, MathText.ToUnicode(tex));

    [Theory]
    [InlineData(1, 3, "10³")]
    [InlineData(1, -4, "10⁻⁴")]
    [InlineData(2, 5, "2×10⁵")]
    [InlineData(5, 1, "50")]
    [InlineData(1, 0, "1")]
    public void Log_tick_labels_are_powers_of_ten(int m, int k, string label) => Assert.Equal(label, PlotStyle.LogTickLabel(m, k));
}
