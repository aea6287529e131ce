namespace SmsSaga.Components.Text;

/// <summary>
/// The hours of the recipient's local day in which marketing messages may be sent, e.g. 08:00–21:00
/// (start inclusive, end exclusive; start before end). Evaluated on real local time in each zone, so a
/// daylight-saving change never lets a message out before the window opens or after it closes.
/// </summary>
public sealed record SendWindow(TimeOnly Start, TimeOnly End)
{
    /// <summary>How far ahead <see cref="NextOpening"/> looks for a moment open in every zone.</summary>
    static readonly TimeSpan Horizon = TimeSpan.FromDays(8);

    public bool IsOpen(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeOnly.FromTimeSpan(TimeZoneInfo.ConvertTime(instant, zone).TimeOfDay);
        return local >= Start && local < End;
    }

    /// <summary>
    /// The earliest instant at or after <paramref name="from"/> at which the window is open in every zone, in UTC (the
    /// offset it is stored and scheduled with, whatever offset <paramref name="from"/> had).
    /// When no such instant exists (the zones' windows never overlap), the window of the first zone alone is
    /// used and <paramref name="note"/> says so, for the message's timeline.
    /// </summary>
    public DateTimeOffset NextOpening(DateTimeOffset from, IReadOnlyList<TimeZoneInfo> zones, out string? note)
    {
        if (zones.Count == 0)
            throw new ArgumentException("at least one time zone is needed", nameof(zones));

        note = null;
        if (EarliestOpenInAll(from, zones) is { } opening)
            return opening.ToUniversalTime();

        note = $"the send windows of {string.Join(", ", zones.Select(z => z.Id))} never overlap; using {zones[0].Id}";
        return EarliestOpenInAll(from, [zones[0]])!.Value.ToUniversalTime();
    }

    /// <summary>
    /// The window can only open at <paramref name="from"/> itself, at some zone's local opening time, or when a
    /// zone's clocks change (falling back can carry local time into the window), so those are the instants to try.
    /// </summary>
    DateTimeOffset? EarliestOpenInAll(DateTimeOffset from, IReadOnlyList<TimeZoneInfo> zones)
    {
        var candidates = new SortedSet<DateTimeOffset> { from };
        foreach (var zone in zones)
        {
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, zone).Date).AddDays(-1);
            for (var d = 0; d <= Horizon.TotalDays + 1; d++)
                if (OpeningOn(day.AddDays(d), zone) is { } opening && opening >= from)
                    candidates.Add(opening);
            foreach (var change in OffsetChanges(zone, from, from + Horizon))
                candidates.Add(change);
        }

        foreach (var candidate in candidates)
        {
            if (candidate > from + Horizon)
                break;
            if (zones.All(zone => IsOpen(candidate, zone)))
                return candidate;
        }

        return null;
    }

    /// <summary>The instants (to the minute) in the range at which the zone's UTC offset changes.</summary>
    static IEnumerable<DateTimeOffset> OffsetChanges(TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to)
    {
        for (var hour = from; hour < to; hour = hour.AddHours(1))
        {
            var next = hour.AddHours(1);
            if (zone.GetUtcOffset(hour) == zone.GetUtcOffset(next))
                continue;
            var (before, after) = (hour, next); // the change lies in (before, after]: narrow it to the minute
            while (after - before > TimeSpan.FromMinutes(1))
            {
                var middle = before + (after - before) / 2;
                middle = new DateTimeOffset(middle.Ticks - middle.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
                if (middle <= before)
                    break;
                if (zone.GetUtcOffset(middle) == zone.GetUtcOffset(before))
                    before = middle;
                else
                    after = middle;
            }

            yield return after;
        }
    }

    /// <summary>
    /// The instant the window opens on a local date. A start time that the clocks skip (a spring-forward gap)
    /// opens at the first local time after the gap, which is the first moment the local time is inside the window.
    /// </summary>
    DateTimeOffset? OpeningOn(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(Start);
        for (var step = 0; step <= 180 && zone.IsInvalidTime(local); step++)
            local = local.AddMinutes(1);
        if (zone.IsInvalidTime(local))
            return null;

        // An ambiguous time (fall back) occurs twice: the earlier occurrence, with the larger offset, comes first.
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
