using PhoneNumbers;

namespace SmsSaga.Components.Text;

/// <summary>Parses recipients with libphonenumber and normalises them to E.164.</summary>
public static class RecipientNumbers
{
    static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>
    /// True when <paramref name="input"/> is a valid number in international form ("+44 7911 123456",
    /// "0044…"); <paramref name="e164"/> is then its E.164 form ("+447911123456").
    /// </summary>
    public static bool TryNormalize(string? input, out string e164)
    {
        e164 = "";
        if (string.IsNullOrWhiteSpace(input) || input.Length > 64)
            return false;

        var candidate = input.Trim();
        if (candidate.StartsWith("00", StringComparison.Ordinal))
            candidate = "+" + candidate[2..];

        try
        {
            var number = Util.Parse(candidate, null);
            if (!Util.IsValidNumber(number))
                return false;
            e164 = Util.Format(number, PhoneNumberFormat.E164);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    /// <summary>The country calling code of an E.164 number ("+447…" → 44), or 0 when it has none.</summary>
    public static int CallingCode(string e164)
    {
        try
        {
            return Util.Parse(e164, null).CountryCode;
        }
        catch (NumberParseException)
        {
            return 0;
        }
    }
}
