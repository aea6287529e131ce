namespace SmsSaga.Components.Support;

/// <summary>A message in a listing.</summary>
public sealed record MessageSummary(Guid Id, string ClientId, string Status, string? Reason, string To, string? Reference,
    int Segments, decimal Cost, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
