namespace SmsSaga.Gateway.Inbound;

/// <summary>A mobile-originated message: the provider's id for it, who sent it, to which number, and the text.</summary>
public sealed record InboundMessageRequest(string? Id, string? From, string? To, string? Text);
