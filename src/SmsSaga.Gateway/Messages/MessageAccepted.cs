namespace SmsSaga.Gateway.Messages;

/// <summary>The 202 answer to a send: the message id, where it stands, its size and what was held for it.</summary>
public sealed record MessageAccepted(Guid Id, string Status, string To, int Segments, string Encoding, decimal Cost, string Credit);
