namespace SmsSaga.Components.Text;

/// <summary>How a text travels: its encoding, how many parts it needs, and its length in septets (GSM-7) or UTF-16 units (UCS-2).</summary>
public sealed record SegmentInfo(SmsEncoding Encoding, int Segments, int Units)
{
    public string EncodingName => Encoding == SmsEncoding.Gsm7 ? "GSM-7" : "UCS-2";
}
