using System.Text;

namespace PruneTheory.Figures;

/// <summary>
/// Sets TeX-like `_x`, `_{xy}`, `^x`, `^{-1}` as Unicode sub/superscripts (N*_1/2 → N*₁/₂, E*_N → E*ₙ, ε^-1 → ε⁻¹),
/// so figure labels read as mathematics without a TeX engine. A script Unicode lacks (e.g. subscript b) is left as it
/// was, so the label check in <see cref="FigureChecks"/> still finds it.
/// </summary>
public static class MathText
{
    private const string SubFrom = "0123456789+-−=()aehijklmnoprstuvx";
    private const string SubTo = "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ";
    private const string SupFrom = "0123456789+-−=()abcdefghijklmnoprstuvwxyz";
    private const string SupTo = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ";

    public static string ToUnicode(string text)
    {
        if (text.IndexOfAny(['_', '^']) < 0 && !text.Contains("log10")) return text;
        var sb = new StringBuilder(text.Length);
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if ((c == '_' || c == '^') && i + 1 < text.Length && Script(text, i + 1, c == '_') is var (set, next) && set is not null)
            {
                sb.Append(set); i = next; continue;
            }
            sb.Append(c); i++;
        }
        return sb.ToString().Replace("log10", "log₁₀");
    }

    /// <summary>The scripted run that starts at <paramref name="start"/>: a {group} or a run of script characters
    /// (a '/' or '.' between digits is kept: ₁/₂, ⁰.⁹⁴); null when some character has no Unicode form.</summary>
    private static (string? Text, int Next) Script(string s, int start, bool sub)
    {
        int end; string body;
        if (s[start] == '{')
        {
            end = s.IndexOf('}', start);
            if (end < 0) return (null, start);
            body = s[(start + 1)..end]; end++;
        }
        else
        {
            // A sign, then digits (a '/' between digits stays: ₁/₂) or a whole word of letters (all or nothing).
            end = start;
            if (s[end] is '-' or '−' or '+') end++;
            if (end < s.Length && char.IsDigit(s[end]))
                while (end < s.Length && (char.IsDigit(s[end]) || s[end] is '/' or '.' && end + 1 < s.Length && char.IsDigit(s[end + 1]))) end++;
            else if (end < s.Length && char.IsLetter(s[end]))
                while (end < s.Length && char.IsLetter(s[end])) end++;
            else return (null, start);
            body = s[start..end];
        }
        if (body.Length == 0) return (null, start);
        var sb = new StringBuilder();
        foreach (char ch in body)
        {
            if (ch is '/' or '.') { sb.Append(ch); continue; }
            if (Map(ch, sub) is not char m) return (null, start);
            sb.Append(m);
        }
        return (sb.ToString(), end);
    }

    private static char? Map(char c, bool sub)
    {
        string from = sub ? SubFrom : SupFrom, to = sub ? SubTo : SupTo;
        int k = from.IndexOf(char.ToLowerInvariant(c));
        return k < 0 ? null : to[k];
    }

    /// <summary>10ⁿ or m×10ⁿ, the label of a logarithmic tick at m × 10^k.</summary>
    public static string PowerOfTen(int mantissa, int exponent)
    {
        string power = "10" + ToUnicode("^{" + exponent.ToString(System.Globalization.CultureInfo.InvariantCulture).Replace("-", "−") + "}");
        if (exponent == 0) return mantissa.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (exponent == 1 && mantissa == 1) return "10";
        return mantissa == 1 ? power : $"{mantissa}×{power}";
    }
}
