using SmsSaga.Components.Text;

namespace SmsSaga.Components.Tests.Text;

public class RecipientNumbersTests
{
    [Theory]
    [InlineData("+447911123456", "+447911123456")]
    [InlineData("+44 7911 123456", "+447911123456")]
    [InlineData("0044 7911 123456", "+447911123456")]
    [InlineData("+1 (415) 555-2671", "+14155552671")]
    [InlineData(" +33 6 12 34 56 78 ", "+33612345678")]
    public void International_numbers_are_normalised_to_E164(string input, string expected)
    {
        Assert.True(RecipientNumbers.TryNormalize(input, out var e164));
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12")]
    [InlineData("07911123456")] // national form: the country is unknown
    [InlineData("+44791112345678901")]
    [InlineData("not a number")]
    [InlineData(null)]
    public void Invalid_or_national_numbers_are_refused(string? input)
    {
        Assert.False(RecipientNumbers.TryNormalize(input, out _));
    }
}
