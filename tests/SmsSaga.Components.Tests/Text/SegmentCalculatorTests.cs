using System.Globalization;
using SmsSaga.Components.Text;

namespace SmsSaga.Components.Tests.Text;

public class SegmentCalculatorTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    [InlineData(459, 3)]
    [InlineData(460, 4)]
    public void Gsm7_single_part_holds_160_septets_and_each_part_of_a_longer_text_153(int length, int segments)
    {
        var info = SegmentCalculator.Calculate(new string('a', length));

        Assert.Equal(SmsEncoding.Gsm7, info.Encoding);
        Assert.Equal("GSM-7", info.EncodingName);
        Assert.Equal(segments, info.Segments);
        Assert.Equal(length, info.Units);
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void Ucs2_single_part_holds_70_units_and_each_part_of_a_longer_text_67(int length, int segments)
    {
        var info = SegmentCalculator.Calculate(new string('ж', length));

        Assert.Equal(SmsEncoding.Ucs2, info.Encoding);
        Assert.Equal("UCS-2", info.EncodingName);
        Assert.Equal(segments, info.Segments);
        Assert.Equal(length, info.Units);
    }

    [Theory]
    [InlineData("@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!\"#¤%&'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà\r\n")]
    [InlineData("Hello, World 0123456789")]
    public void Characters_of_the_default_alphabet_cost_one_septet(string text)
    {
        var info = SegmentCalculator.Calculate(text);

        Assert.Equal(SmsEncoding.Gsm7, info.Encoding);
        Assert.Equal(text.Length, info.Units);
    }

    [Theory]
    [InlineData("^")]
    [InlineData("{")]
    [InlineData("}")]
    [InlineData("\\")]
    [InlineData("[")]
    [InlineData("~")]
    [InlineData("]")]
    [InlineData("|")]
    [InlineData("€")]
    [InlineData("\f")]
    public void Extension_table_characters_cost_two_septets(string character)
    {
        var info = SegmentCalculator.Calculate(character);

        Assert.Equal(SmsEncoding.Gsm7, info.Encoding);
        Assert.Equal(2, info.Units);
    }

    [Fact]
    public void Eighty_euro_signs_fill_one_part_and_eighty_one_need_two()
    {
        Assert.Equal(1, SegmentCalculator.Calculate(new string('€', 80)).Segments);
        Assert.Equal(2, SegmentCalculator.Calculate(new string('€', 81)).Segments);
    }

    [Fact]
    public void An_escape_pair_is_never_split_across_parts()
    {
        // 152 plain septets then '€' (2 septets) would straddle the 153-septet boundary: it moves whole.
        var text = new string('a', 152) + "€" + new string('b', 10);

        var parts = SegmentCalculator.Split(text);

        Assert.Equal(2, parts.Count);
        Assert.Equal(new string('a', 152), parts[0]);
        Assert.StartsWith("€", parts[1]);
        Assert.Equal(text, string.Concat(parts));
    }

    [Theory]
    [InlineData("ç")] // lower-case c cedilla is not in the GSM-7 default alphabet (only Ç is)
    [InlineData("`")]
    [InlineData("Привет")]
    [InlineData("😀")]
    [InlineData("á")]
    public void A_single_character_outside_gsm7_makes_the_whole_text_ucs2(string character)
    {
        var info = SegmentCalculator.Calculate("Hello " + character);

        Assert.Equal(SmsEncoding.Ucs2, info.Encoding);
        Assert.Equal(6 + character.Length, info.Units);
    }

    [Fact]
    public void Emoji_surrogate_pair_is_not_split_at_the_67_unit_boundary()
    {
        var text = new string('ж', 66) + "😀" + new string('ж', 10); // the emoji would take units 67 and 68

        var parts = SegmentCalculator.Split(text);

        Assert.Equal(new string('ж', 66), parts[0]);
        Assert.StartsWith("😀", parts[1]);
        AssertWellFormed(text, parts);
    }

    [Theory]
    [InlineData("🇬🇧")]          // a flag: two regional indicators
    [InlineData("👨‍👩‍👧‍👦")] // a family: an emoji ZWJ sequence
    [InlineData("e\u0301\u0302")] // a letter with two combining marks
    [InlineData("👍🏽")]          // an emoji with a skin-tone modifier
    public void Grapheme_clusters_are_never_split_across_parts(string cluster)
    {
        var text = new string('ж', 66) + cluster + new string('ж', 70);

        var parts = SegmentCalculator.Split(text);

        Assert.Equal(new string('ж', 66), parts[0]);
        Assert.StartsWith(cluster, parts[1]);
        AssertWellFormed(text, parts);
    }

    [Fact]
    public void Long_mixed_text_parts_rejoin_to_the_original_and_fit()
    {
        var text = string.Concat(Enumerable.Repeat("Grüße 🇩🇪 aus Köln, café ☕ ", 20));

        var parts = SegmentCalculator.Split(text);

        Assert.Equal(SegmentCalculator.Calculate(text).Segments, parts.Count);
        AssertWellFormed(text, parts);
    }

    [Fact]
    public void Empty_text_has_no_segments()
    {
        var info = SegmentCalculator.Calculate("");

        Assert.Equal(0, info.Segments);
        Assert.Equal(0, info.Units);
    }

    static void AssertWellFormed(string text, IReadOnlyList<string> parts)
    {
        Assert.Equal(text, string.Concat(parts));
        Assert.All(parts, p => Assert.InRange(p.Length, 1, 67));
        Assert.All(parts, p => Assert.False(char.IsHighSurrogate(p[^1]), "a part ends inside a surrogate pair"));
        // Every part is made of whole grapheme clusters of the original text.
        var clusters = new List<string>();
        var e = StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext())
            clusters.Add((string)e.Current);
        var boundaries = new HashSet<int>();
        var at = 0;
        foreach (var c in clusters)
            boundaries.Add(at += c.Length);
        at = 0;
        foreach (var p in parts)
            Assert.Contains(at += p.Length, boundaries);
    }
}
