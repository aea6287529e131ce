using PhoneNumbers;

namespace SmsSaga.Components.Text;

/// <summary>The time zones a number may be in, from libphonenumber's mapping, or the one the message names.</summary>
public static class RecipientTimeZones
{
    static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();
    static readonly PhoneNumberToTimeZonesMapper Mapper = PhoneNumberToTimeZonesMapper.GetInstance();

    /// <summary>The IANA ids for an E.164 number; empty when the mapping knows none.</summary>
    public static IReadOnlyList<string> For(string e164)
    {
        try
        {
            return Mapper.GetTimeZonesForNumber(Util.Parse(e164, null))
                .Where(id => id != "Etc/Unknown")
                .ToList();
        }
        catch (NumberParseException)
        {
            return [];
        }
    }

    /// <summary>Resolves IANA ids, skipping any this machine's time-zone database does not know; UTC when none is left.</summary>
    public static IReadOnlyList<TimeZoneInfo> Resolve(IEnumerable<string> ids)
    {
        var zones = new List<TimeZoneInfo>();
        foreach (var id in ids)
            if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
                zones.Add(zone);
        return zones.Count > 0 ? zones : [TimeZoneInfo.Utc];
    }
}
