using System.Globalization;
using System.Text.Json;
using SmsSaga.Components.Intake;
using SmsSaga.Components.Text;

namespace SmsSaga.Cli;

/// <summary>
/// <c>smssaga segments [--json]</c>: one text per line of standard input; for each, its encoding and
/// segment count — with --json one object per line: {"encoding":"GSM-7","segments":1,"units":5,"characters":5,"sendable":true}.
/// A text the gateway refuses (a control character other than CR and LF) is marked so.
/// </summary>
static class SegmentsCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var json = args.Contains("--json");
        while (await Console.In.ReadLineAsync() is { } line)
        {
            var info = SegmentCalculator.Calculate(line);
            var characters = new StringInfo(line).LengthInTextElements;
            var refused = SmsRequestValidator.HasControlCharacters(line); // what the gateway would answer: 400, nothing sent
            Console.WriteLine(json
                ? JsonSerializer.Serialize(new { encoding = info.EncodingName, segments = info.Segments, units = info.Units, characters, sendable = !refused })
                : $"{info.EncodingName}\t{info.Segments} segment(s)\t{info.Units} {(info.Encoding == SmsEncoding.Gsm7 ? "septets" : "UTF-16 units")}\t{characters} characters"
                  + (refused ? "\trefused: control characters (a tab, say)" : ""));
        }

        return 0;
    }
}
