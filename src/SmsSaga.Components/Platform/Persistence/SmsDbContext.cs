using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Callbacks;
using SmsSaga.Components.Clients;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Dispatch;
using SmsSaga.Components.Intake;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Platform.Outbox;

namespace SmsSaga.Components.Platform.Persistence;

/// <summary>
/// The one database of the gateway: sagas and their history, the credit ledger, provider attempts, and what the API keeps.
/// It is the platform's one exception to "the platform imports no feature": the hub that names every feature's entity
/// set. Each entity's map lives with the entity in its feature's folder and is found here by assembly scan.
/// </summary>
public class SmsDbContext(DbContextOptions<SmsDbContext> options) : DbContext(options)
{
    public DbSet<SmsState> Messages => Set<SmsState>();
    public DbSet<SmsTransition> History => Set<SmsTransition>();
    public DbSet<ClientAccount> Clients => Set<ClientAccount>();
    public DbSet<CreditHold> CreditHolds => Set<CreditHold>();
    public DbSet<LedgerEntry> Ledger => Set<LedgerEntry>();
    public DbSet<ProviderAttempt> ProviderAttempts => Set<ProviderAttempt>();
    public DbSet<SimulatorSubmission> SimulatorSubmissions => Set<SimulatorSubmission>();
    public DbSet<InboxState> Inbox => Set<InboxState>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<OutboxState> OutboxStates => Set<OutboxState>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<OptOut> OptOuts => Set<OptOut>();
    public DbSet<ClientNumber> ClientNumbers => Set<ClientNumber>();
    public DbSet<RateBucket> RateBuckets => Set<RateBucket>();
    public DbSet<IdempotentRequest> IdempotentRequests => Set<IdempotentRequest>();
    public DbSet<MessageCallback> MessageCallbacks => Set<MessageCallback>();
    public DbSet<CallbackAttempt> CallbackAttempts => Set<CallbackAttempt>();
    public DbSet<ProviderReport> ProviderReports => Set<ProviderReport>();

    /// <summary>
    /// Every instant is written and compared in UTC, whatever offset it carries: PostgreSQL's <c>timestamptz</c> keeps no
    /// offset, and Npgsql refuses any but zero. Values read back are UTC too.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcInstantConverter>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SmsDbContext).Assembly);
}
