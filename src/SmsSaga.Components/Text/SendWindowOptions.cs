namespace SmsSaga.Components.Text;

/// <summary>
/// When marketing messages may reach recipients, in their local time. Section "SendWindows":
/// <c>{ "Default": { "Start": "08:00", "End": "21:00" }, "PerClient": { "acme": { "Start": "09:00", "End": "20:00" } } }</c>.
/// </summary>
public class SendWindowOptions
{
    public const string SectionName = "SendWindows";

    public WindowHours Default { get; set; } = new();

    public Dictionary<string, WindowHours> PerClient { get; set; } = [];

    public SendWindow For(string clientId)
    {
        var hours = PerClient.GetValueOrDefault(clientId) ?? Default;
        return new SendWindow(hours.Start, hours.End);
    }

    public class WindowHours
    {
        public TimeOnly Start { get; set; } = new(8, 0);
        public TimeOnly End { get; set; } = new(21, 0);
    }
}
