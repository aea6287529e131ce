namespace SmsSaga.Components.Idempotency;

/// <summary>How long an HTTP <c>Idempotency-Key</c> and its response are kept. Section "Idempotency".</summary>
public class IdempotencyOptions
{
    public const string SectionName = "Idempotency";

    public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);
}
