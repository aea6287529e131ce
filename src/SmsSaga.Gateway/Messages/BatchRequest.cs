namespace SmsSaga.Gateway.Messages;

/// <summary>The body of <c>POST /v1/messages/batch</c>: up to 1,000 messages.</summary>
public sealed record BatchRequest(List<SendMessageRequest>? Messages);
