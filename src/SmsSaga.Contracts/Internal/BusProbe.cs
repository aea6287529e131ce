namespace SmsSaga.Contracts.Internal;

/// <summary>A gateway's heartbeat through the broker: published and consumed by the same process (<see cref="Instance"/>).</summary>
public record BusProbe(Guid Instance, DateTimeOffset SentAt);
