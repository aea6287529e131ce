namespace SmsSaga.Contracts.Internal;

/// <summary>
/// Try (again) to POST a status callback: the body is fixed at the first attempt, so every retry sends the same bytes.
/// <see cref="StatusAt"/> is when the message reached <see cref="Status"/> (null in a callback from before it was added).
/// <see cref="Deferrals"/> counts the times it was put off because its client had as many callbacks in flight as it may
/// (not attempts: nothing was posted).
/// </summary>
public record DeliverStatusCallback(Guid MessageId, string ClientId, string Status, string Body, int Attempt, DateTimeOffset? StatusAt = null,
    int Deferrals = 0);
