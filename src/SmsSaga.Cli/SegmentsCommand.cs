using System.Globalization;
using System.Text.Json;
using SmsSaga.Components.Messaging;

namespace SmsSaga.Cli;

/// <summary>
/// <c>smssaga segments [--json]</c>: one text per line of standard input; for each, its encoding and
/// segment count — with --json one object per line: {"encoding":"GSM-7","segments":1,"units":5,"characters":5}.
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
            Console.WriteLine(json
                ? JsonSerializer.Serialize(new { encoding = info.EncodingName, segments = info.Segments, units = info.Units, characters })
                : $"{info.EncodingName}\t{info.Segments} segment(s)\t{info.Units} {(info.Encoding == SmsEncoding.Gsm7 ? "septets" : "UTF-16 units")}\t{characters} characters");
        }

        return 0;
    }
}
