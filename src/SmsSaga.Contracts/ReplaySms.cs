namespace SmsSaga.Contracts;

/// <summary>
/// Support: try a Failed message again — a fresh credit hold and a new series of attempts. Ignored unless the
/// message is Failed.
/// </summary>
public record ReplaySms(Guid MessageId);
