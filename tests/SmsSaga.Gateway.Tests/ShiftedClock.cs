namespace SmsSaga.Gateway.Tests;

/// <summary>
/// The system clock moved by an offset a test sets: it runs at real speed, so timers still take real time, but "now" can be
/// any moment — 07:59:56 in Tokyo, say — whatever the wall clock says. It can also stand still, so that a timer set by it
/// cannot fall due until the test moves it on. The gateway's saga and its Quartz scheduler both read it, so a trigger set
/// for 08:00 by this clock fires four real seconds after 07:59:56.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    TimeSpan _offset;
    DateTimeOffset? _stoppedAt;

    public override DateTimeOffset GetUtcNow() => _stoppedAt ?? base.GetUtcNow() + _offset;

    /// <summary>Sets the clock, running, so that it is now <paramref name="local"/> in <paramref name="zone"/> on the zone's current date.</summary>
    public DateTimeOffset SetLocal(string zone, TimeOnly local)
    {
        var timeZone = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var target = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(GetUtcNow(), timeZone).DateTime).ToDateTime(local);
        return Set(new DateTimeOffset(target, timeZone.GetUtcOffset(target)));
    }

    /// <summary>Sets the clock, running, to <paramref name="instant"/>; returns it in UTC.</summary>
    public DateTimeOffset Set(DateTimeOffset instant)
    {
        _stoppedAt = null;
        _offset = instant - base.GetUtcNow();
        return instant.ToUniversalTime();
    }

    /// <summary>Stops the clock where it is until the next <see cref="Set"/>.</summary>
    public void Stop() => _stoppedAt = GetUtcNow();
}
