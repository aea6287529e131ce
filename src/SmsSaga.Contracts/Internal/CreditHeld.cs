namespace SmsSaga.Contracts.Internal;

public record CreditHeld(Guid MessageId, Guid HoldId, decimal Amount);
