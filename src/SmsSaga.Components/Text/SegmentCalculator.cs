using System.Globalization;

namespace SmsSaga.Components.Text;

/// <summary>
/// Counts the parts a text is sent in (3GPP TS 23.038 / GSM 03.38). GSM-7 when every character is in the
/// default alphabet or its extension table: 160 septets single, 153 per part, an extension character costs
/// two septets and its escape pair is never split. Otherwise UCS-2: 70 UTF-16 units single, 67 per part,
/// and a part never splits a grapheme cluster (emoji, flags, ZWJ sequences, combining marks).
/// </summary>
public static class SegmentCalculator
{
    const int Gsm7Single = 160, Gsm7Part = 153, Ucs2Single = 70, Ucs2Part = 67;

    const string Gsm7Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    const string Gsm7Extension = "\f^{}\\[~]|€";

    public static SegmentInfo Calculate(string text)
    {
        var parts = Split(text, out var encoding, out var units);
        return new SegmentInfo(encoding, parts.Count, units);
    }

    /// <summary>The parts the text is sent in; joined, they give back the text.</summary>
    public static IReadOnlyList<string> Split(string text) => Split(text, out _, out _);

    static IReadOnlyList<string> Split(string text, out SmsEncoding encoding, out int units)
    {
        encoding = IsGsm7(text) ? SmsEncoding.Gsm7 : SmsEncoding.Ucs2;
        if (text.Length == 0)
        {
            units = 0;
            return [];
        }

        // The atoms a part boundary may fall between: single characters for GSM-7 (an extension
        // character is one atom of two septets), grapheme clusters for UCS-2.
        var atoms = encoding == SmsEncoding.Gsm7 ? Gsm7Atoms(text) : Ucs2Atoms(text);
        units = atoms.Sum(a => a.Cost);
        var (single, perPart) = encoding == SmsEncoding.Gsm7 ? (Gsm7Single, Gsm7Part) : (Ucs2Single, Ucs2Part);
        if (units <= single)
            return [text];

        var parts = new List<string>();
        int start = 0, length = 0, used = 0;
        foreach (var (atomLength, cost) in atoms)
        {
            if (used + cost > perPart && used > 0)
            {
                parts.Add(text.Substring(start, length));
                start += length;
                (length, used) = (0, 0);
            }

            length += atomLength;
            used += cost;
        }

        parts.Add(text.Substring(start, length));
        return parts;
    }

    static bool IsGsm7(string text)
    {
        foreach (var c in text)
            if (!Gsm7Basic.Contains(c) && !Gsm7Extension.Contains(c))
                return false;
        return true;
    }

    static List<(int Length, int Cost)> Gsm7Atoms(string text) =>
        text.Select(c => (1, Gsm7Extension.Contains(c) ? 2 : 1)).ToList();

    static List<(int Length, int Cost)> Ucs2Atoms(string text)
    {
        var atoms = new List<(int, int)>();
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            var cluster = (string)enumerator.Current;
            if (cluster.Length <= Ucs2Part)
            {
                atoms.Add((cluster.Length, cluster.Length));
                continue;
            }

            // A cluster longer than a whole part (a long run of combining marks) must be split; do it
            // between code points so no surrogate pair is ever cut.
            for (var i = 0; i < cluster.Length; i += char.IsSurrogatePair(cluster, i) ? 2 : 1)
            {
                var size = char.IsSurrogatePair(cluster, i) ? 2 : 1;
                atoms.Add((size, size));
            }
        }

        return atoms;
    }
}
