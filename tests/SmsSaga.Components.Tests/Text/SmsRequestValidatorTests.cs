using SmsSaga.Components.Intake;
using SmsSaga.Components.Messages;
using SmsSaga.Contracts;

namespace SmsSaga.Components.Tests.Text;

public class SmsRequestValidatorTests
{
    static readonly DateTimeOffset Now = new(2026, 12, 1, 19, 22, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("-10:00")]
    [InlineData("05:45")]
    [InlineData("09:00")]
    [InlineData("13:45")]
    public void A_send_at_time_with_any_offset_becomes_the_same_instant_in_utc(string offset)
    {
        var sendAt = Now.AddHours(3).ToOffset(TimeSpan.Parse(offset, System.Globalization.CultureInfo.InvariantCulture));
        var request = new SendSms("acme", "k-1", "+447911123456", "Later", SendAt: sendAt);

        var requested = SmsRequestValidator.Validate(request, new SmsOptions(), Now, out var errors);

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.Zero, requested.SendAt!.Value.Offset);
        Assert.Equal(Now.AddHours(3), requested.SendAt.Value);
    }

    [Fact]
    public void A_send_at_time_already_past_in_another_offset_sends_at_once()
    {
        var request = new SendSms("acme", "k-1", "+447911123456", "Now", SendAt: Now.AddMinutes(-1).ToOffset(TimeSpan.FromHours(9)));

        Assert.Null(SmsRequestValidator.Validate(request, new SmsOptions(), Now, out _).SendAt);
    }

    [Theory]
    [InlineData("not-a-number", "Hello", "to")]
    [InlineData("+447911123456", "", "text")]
    [InlineData("+447911123456", "bell\u0007", "text")]
    public void An_invalid_request_names_the_field(string to, string text, string field)
    {
        SmsRequestValidator.Validate(new SendSms("acme", "k-1", to, text), new SmsOptions(), Now, out var errors);

        Assert.Equal([field], errors.Keys);
    }
}
