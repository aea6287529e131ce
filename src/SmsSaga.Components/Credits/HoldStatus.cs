namespace SmsSaga.Components.Credits;

public static class HoldStatus
{
    public const string Held = "held";
    public const string Captured = "captured";
    public const string Released = "released";
    public const string Rejected = "rejected";
}
