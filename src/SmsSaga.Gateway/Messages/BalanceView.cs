namespace SmsSaga.Gateway.Messages;

/// <summary>A client's credit: what it may spend, what is held for messages on their way, what they cost, and all it was given.</summary>
public sealed record BalanceView(decimal Available, decimal Held, decimal Captured, decimal ToppedUp);
