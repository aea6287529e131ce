namespace SmsSaga.Contracts.Internal;

/// <summary>
/// Reserve the price of <see cref="Segments"/> to <see cref="To"/> from the client's credit for one message.
/// Idempotent per message: a repeat gets the first answer again.
/// </summary>
public record HoldCredit(Guid MessageId, string ClientId, int Segments, string To);
