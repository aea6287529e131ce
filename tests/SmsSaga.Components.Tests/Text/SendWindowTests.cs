using SmsSaga.Components.Text;

namespace SmsSaga.Components.Tests.Text;

/// <summary>Send windows are computed from explicit instants (never the wall clock) and real IANA zones.</summary>
public class SendWindowTests
{
    static readonly SendWindow Daytime = new(new TimeOnly(8, 0), new TimeOnly(21, 0));

    static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void Inside_the_window_the_message_goes_at_once()
    {
        var now = Utc(2026, 6, 10, 12); // 13:00 in London (BST)

        Assert.Equal(now, Daytime.NextOpening(now, [Zone("Europe/London")], out var note));
        Assert.Null(note);
    }

    [Theory]
    [InlineData("Europe/London", 2026, 1, 10, 22, 0, 2026, 1, 11, 8, 0)]     // 22:00 GMT → 08:00 GMT next morning
    [InlineData("Europe/London", 2026, 7, 10, 21, 30, 2026, 7, 11, 7, 0)]   // 22:30 BST → 08:00 BST = 07:00 UTC
    [InlineData("Asia/Tokyo", 2026, 3, 1, 13, 0, 2026, 3, 1, 23, 0)]        // 22:00 JST → 08:00 JST = 23:00 UTC
    [InlineData("America/Los_Angeles", 2026, 11, 10, 5, 0, 2026, 11, 10, 16, 0)] // 21:00 PST (window just shut) → 08:00 PST
    [InlineData("Australia/Adelaide", 2026, 1, 15, 20, 0, 2026, 1, 15, 21, 30)] // 06:30 ACDT (+10:30) → 08:00 ACDT
    public void Outside_the_window_the_message_waits_for_local_opening(
        string zone, int y, int mo, int d, int h, int mi, int ey, int emo, int ed, int eh, int emi)
    {
        var opening = Daytime.NextOpening(Utc(y, mo, d, h, mi), [Zone(zone)], out var note);

        Assert.Equal(Utc(ey, emo, ed, eh, emi), opening);
        Assert.Null(note);
    }

    [Theory]
    [InlineData("Pacific/Honolulu", "-10:00", 2026, 12, 1, 18, 0)]  // 19:22 UTC is 09:22 HST: open, so the opening is the start
    [InlineData("Asia/Kathmandu", "+05:45", 2026, 12, 2, 2, 15)]    // 01:07 NPT → 08:00 NPT = 02:15 UTC
    [InlineData("Asia/Tokyo", "+09:00", 2026, 12, 1, 23, 0)]        // 04:22 JST → 08:00 JST = 23:00 UTC
    [InlineData("Pacific/Chatham", "+13:45", 2026, 12, 1, 19, 22)]  // 09:07 CHADT: open at once
    public void The_opening_is_in_utc_whatever_the_zone_and_the_offset_of_the_start(string zone, string offset,
        int ey, int emo, int ed, int eh, int emi)
    {
        var now = Utc(2026, 12, 1, 19, 22);
        var nowThere = now.ToOffset(TimeSpan.Parse(offset.TrimStart('+'), System.Globalization.CultureInfo.InvariantCulture));
        var from = zone == "Pacific/Honolulu" ? nowThere.AddHours(-2) : nowThere; // 07:22 in Honolulu: shut until 08:00

        var opening = Daytime.NextOpening(from, [Zone(zone)], out _);

        Assert.Equal(TimeSpan.Zero, opening.Offset);
        Assert.Equal(Utc(ey, emo, ed, eh, emi), opening);
    }

    [Fact]
    public void Several_zones_wait_until_the_window_is_open_in_all_of_them()
    {
        var zones = RecipientTimeZones.Resolve(RecipientTimeZones.For("+18005551234")); // toll-free: every zone of the +1 plan
        Assert.True(zones.Count > 10);

        var opening = Daytime.NextOpening(Utc(2026, 6, 10, 12), zones, out var note);

        Assert.Null(note);
        Assert.All(zones, zone => Assert.True(Daytime.IsOpen(opening, zone), $"closed in {zone.Id} at {opening:O}"));
        Assert.False(zones.All(zone => Daytime.IsOpen(opening.AddMinutes(-1), zone)), "a minute earlier it should not have been open everywhere");
    }

    [Fact]
    public void Zones_whose_windows_never_overlap_use_the_first_zone_and_say_why()
    {
        // Two 13-hour windows always meet somewhere in a day; office hours 9 hours apart never do:
        // 09–17 in Tokyo is 00–08 UTC, 09–17 in London (winter) is 09–17 UTC.
        var officeHours = new SendWindow(new TimeOnly(9, 0), new TimeOnly(17, 0));
        var zones = new[] { Zone("Asia/Tokyo"), Zone("Europe/London") };

        var opening = officeHours.NextOpening(Utc(2026, 2, 1, 12), zones, out var note);

        Assert.NotNull(note);
        Assert.Contains("never overlap", note);
        Assert.Equal(Utc(2026, 2, 2, 0), opening); // 09:00 in Tokyo
        Daytime.NextOpening(Utc(2026, 2, 1, 12), zones, out var daytimeNote);
        Assert.Null(daytimeNote); // the 08–21 windows of the same two zones do overlap
    }

    [Fact]
    public void Spring_forward_opening_inside_the_gap_opens_when_local_time_enters_the_window()
    {
        // London, 29 March 2026: 01:00 GMT jumps to 02:00 BST. A 01:30–03:00 window cannot open at 01:30 (it does not
        // exist); local time first enters it at 02:00 BST = 01:00 UTC.
        var window = new SendWindow(new TimeOnly(1, 30), new TimeOnly(3, 0));

        var opening = window.NextOpening(Utc(2026, 3, 28, 23), [Zone("Europe/London")], out _);

        Assert.Equal(Utc(2026, 3, 29, 1), opening);
        Assert.True(window.IsOpen(opening, Zone("Europe/London")));
        Assert.False(window.IsOpen(opening.AddMinutes(-1), Zone("Europe/London")));
    }

    [Fact]
    public void Fall_back_never_lets_a_message_out_after_the_window_closes()
    {
        // London, 25 October 2026: 02:00 BST falls back to 01:00 GMT, so 01:00–01:59 happens twice.
        var window = new SendWindow(new TimeOnly(0, 30), new TimeOnly(1, 30));
        var london = Zone("Europe/London");

        // 00:45 UTC is 01:45 BST (closed); local 01:00–01:30 comes round again at 01:00 UTC (GMT).
        var opening = window.NextOpening(Utc(2026, 10, 25, 0, 45), [london], out _);

        Assert.Equal(Utc(2026, 10, 25, 1), opening);
        Assert.True(window.IsOpen(opening, london));
        Assert.False(window.IsOpen(Utc(2026, 10, 25, 1, 30), london)); // 01:30 GMT: closed again
    }

    [Fact]
    public void On_a_dst_day_the_opening_follows_the_new_offset()
    {
        // New York, 8 March 2026: clocks go forward at 02:00. 08:00 EDT that day is 12:00 UTC (the day before: 13:00 UTC).
        var ny = Zone("America/New_York");

        Assert.Equal(Utc(2026, 3, 7, 13), Daytime.NextOpening(Utc(2026, 3, 7, 3), [ny], out _));
        Assert.Equal(Utc(2026, 3, 8, 12), Daytime.NextOpening(Utc(2026, 3, 8, 3), [ny], out _));
    }

    [Fact]
    public void Numbers_map_to_their_zones()
    {
        Assert.Contains("Europe/London", RecipientTimeZones.For("+447911123456"));
        Assert.Equal(["America/Los_Angeles"], RecipientTimeZones.For("+14155552671"));
        Assert.True(RecipientTimeZones.For("+61412345678").Count > 1); // an Australian mobile may be in any Australian zone
    }
}
