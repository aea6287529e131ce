using SmsSaga.Components.Reconciliation;

namespace SmsSaga.Gateway.Admin;

/// <summary>Messages that stopped moving, oldest first, as of <paramref name="AsOf"/>.</summary>
public sealed record StuckMessagesView(DateTimeOffset AsOf, IReadOnlyList<StuckMessage> Messages);
