namespace SmsSaga.Gateway.Messages;

/// <summary>One item's answer in a batch: its HTTP-like status, and the message or the problem.</summary>
public sealed record BatchItemResult(int Index, int Status, MessageAccepted? Message, object? Problem);
