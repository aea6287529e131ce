using System.ComponentModel.DataAnnotations;

namespace SmsSaga.Gateway.Http;

/// <summary>The HTTP API's limits and the operators' key. Section "Api".</summary>
public class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>The support/operator key (<c>X-Admin-Key</c>). Empty: the admin endpoints answer 401 to everyone.</summary>
    public string AdminKey { get; set; } = "";

    /// <summary>Request bodies larger than this are refused with 413.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Default per-client token bucket: requests (batch items count one each) per second, and burst.</summary>
    [Range(0.001, 1_000_000)]
    public double RatePerSecond { get; set; } = 50;

    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 100;

    [Range(1, 10_000)]
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>Wrong or missing keys one source address may send in a minute before its 401s are slowed (<c>Access/FailedKeys</c>).</summary>
    [Range(0, int.MaxValue)]
    public int FreeKeyFailures { get; set; } = 5;
}
