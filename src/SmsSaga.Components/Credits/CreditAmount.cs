namespace SmsSaga.Components.Credits;

/// <summary>
/// What an amount of credit may be: the ledger keeps six decimal places (<c>numeric(18, 6)</c>), so a top-up is at least
/// 0.000001, has no more decimals than that, and is at most 1,000,000,000 at a time.
/// </summary>
public static class CreditAmount
{
    public const int Decimals = 6;
    public const decimal MaxTopUp = 1_000_000_000m;

    /// <summary>Why <paramref name="amount"/> is not a valid top-up, or null when it is.</summary>
    public static string? TopUpProblem(decimal amount) =>
        amount <= 0 ? "more than zero"
        : amount > MaxTopUp ? $"at most {MaxTopUp:0} at a time"
        : decimal.Round(amount, Decimals) != amount ? $"at most {Decimals} decimal places (the smallest amount is 0.000001)"
        : null;
}
