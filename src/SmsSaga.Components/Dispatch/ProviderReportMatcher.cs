using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Platform.Hosting;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Components.Dispatch;

/// <summary>
/// Tries pending HTTP delivery reports again until their message is known (the report beat the submit
/// acknowledgement), and sets aside — never silently drops — those still unknown after the matching window.
/// Rows are claimed with <c>FOR UPDATE SKIP LOCKED</c>, so every gateway instance can run it.
/// </summary>
public sealed class ProviderReportMatcher(IServiceScopeFactory scopes, IOptions<ProviderWebhookOptions> options, TimeProvider clock,
    ILogger<ProviderReportMatcher> logger) : BatchLoop(clock, logger)
{
    protected override int BatchSize => 100;
    protected override TimeSpan Idle => TimeSpan.FromMilliseconds(500);

    protected override async Task<int> RunBatch(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SmsDbContext>();
        var reports = scope.ServiceProvider.GetRequiredService<ProviderReports>();
        return await db.InTransactionAsync(async () =>
        {
            var pending = await db.ProviderReports.FromSql($"""
                SELECT * FROM provider_reports WHERE matched_at IS NULL AND expired_at IS NULL
                ORDER BY received_at LIMIT {BatchSize} FOR UPDATE SKIP LOCKED
                """).ToListAsync(cancellationToken);
            var now = Clock.GetUtcNow();
            foreach (var report in pending)
            {
                if (await reports.TryMatchAsync(report, cancellationToken))
                    continue;
                if (now - report.ReceivedAt > options.Value.ReportMatchWindow)
                {
                    report.ExpiredAt = now;
                    logger.LogWarning("Delivery report {ReportId} from {Provider} matched no message within {Window}; kept as expired",
                        report.Id, report.Provider, options.Value.ReportMatchWindow);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            return pending.Count(r => r.MatchedAt is not null || r.ExpiredAt is not null);
        }, cancellationToken);
    }
}
