namespace SmsSaga.Gateway.Messages;

/// <summary>The 200 answer to a batch: how many items were accepted and refused, and each item's own answer.</summary>
public sealed record BatchAnswer(int Accepted, int Refused, IReadOnlyList<BatchItemResult> Items);
