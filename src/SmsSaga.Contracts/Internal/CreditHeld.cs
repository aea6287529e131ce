namespace SmsSaga.Contracts.Internal;

public record CreditHeld(Guid MessageId, decimal Amount);
