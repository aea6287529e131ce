namespace SmsSaga.Contracts.Internal;

/// <summary>
/// Reserve the price of <see cref="Segments"/> to <see cref="To"/> from the client's credit for one message.
/// Idempotent per hold: a repeat gets the first answer again. A message's first hold has the message's id;
/// a replay of a failed message takes a fresh hold with a new id.
/// </summary>
public record HoldCredit(Guid HoldId, Guid MessageId, string ClientId, int Segments, string To);
