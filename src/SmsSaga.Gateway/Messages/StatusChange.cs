namespace SmsSaga.Gateway.Messages;

/// <summary>The 202 answer to a cancel or a replay: the message and where it now stands (<c>Canceling</c>, <c>Canceled</c>, <c>Replaying</c>).</summary>
public sealed record StatusChange(Guid Id, string Status);
