using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Dispatch;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Components.Support;

/// <summary>
/// Reads messages for the API and support. A client only ever sees its own: a message of another client is
/// not found, exactly like a missing one.
/// </summary>
public sealed class MessageLookup(SmsDbContext db)
{
    /// <summary>The message, or null. <paramref name="clientId"/> null: any client (support).</summary>
    public async Task<MessageDetails?> FindAsync(Guid id, string? clientId, CancellationToken cancellationToken)
    {
        var m = await db.Messages.AsNoTracking()
            .SingleOrDefaultAsync(x => x.CorrelationId == id && (clientId == null || x.ClientId == clientId), cancellationToken);
        if (m is null)
            return null; // the intake writes a message's row in the commit that accepts it: none, no such message

        var timeline = await db.History.AsNoTracking().Where(h => h.MessageId == id).OrderBy(h => h.Id)
            .Select(h => new TimelineEntry(h.At, h.From, h.To, h.Reason, h.Attempt, h.Detail)).ToListAsync(cancellationToken);
        var attempts = await db.ProviderAttempts.AsNoTracking().Where(a => a.MessageId == id).OrderBy(a => a.Attempt)
            .Select(a => new ProviderAttemptView(a.Attempt, a.Status, a.ProviderMessageId, a.Code, a.Permanent, a.CreatedAt, a.AnsweredAt))
            .ToListAsync(cancellationToken);
        var hold = await db.CreditHolds.AsNoTracking().Where(h => h.HoldId == m.HoldId)
            .Select(h => new { h.Status, h.Amount, h.Reason }).SingleOrDefaultAsync(cancellationToken);

        return new MessageDetails(m.CorrelationId, m.ClientId, m.CurrentState, m.Reason, m.Detail, m.To, m.SenderId, m.Reference,
            m.Category, m.Segments, m.Encoding, m.SendAt, m.CreatedAt, m.UpdatedAt, m.Attempts, m.ProviderMessageId,
            m.ProviderCode ?? attempts.LastOrDefault()?.Code, hold?.Amount ?? 0, hold?.Status ?? "pending", timeline, attempts);
    }

    /// <summary>Messages matching <paramref name="filter"/>, newest first, one page at a time (keyset on created_at, id).</summary>
    public async Task<MessagePage> ListAsync(MessageFilter filter, CancellationToken cancellationToken)
    {
        var query = db.Messages.AsNoTracking().AsQueryable();
        if (filter.ClientId is not null)
            query = query.Where(m => m.ClientId == filter.ClientId);
        if (filter.Status is not null)
            query = query.Where(m => m.CurrentState == filter.Status);
        if (filter.To is not null)
            query = query.Where(m => m.To == filter.To);
        if (filter.Reference is not null)
            query = query.Where(m => m.Reference == filter.Reference);
        if (filter.Since is not null)
            query = query.Where(m => m.CreatedAt >= filter.Since);
        if (filter.Until is not null)
            query = query.Where(m => m.CreatedAt < filter.Until);
        if (TryReadCursor(filter.Cursor, out var at, out var after))
            query = query.Where(m => EF.Functions.LessThan(ValueTuple.Create(m.CreatedAt, m.CorrelationId), ValueTuple.Create(at, after)));

        var limit = Math.Clamp(filter.Limit, 1, 200);
        var rows = await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.CorrelationId).Take(limit + 1)
            .Select(m => new MessageSummary(m.CorrelationId, m.ClientId, m.CurrentState, m.Reason, m.To, m.Reference, m.Segments,
                m.Cost ?? 0, m.CreatedAt, m.UpdatedAt))
            .ToListAsync(cancellationToken);
        var next = rows.Count > limit ? Cursor(rows[limit - 1]) : null;
        return new MessagePage(rows.Take(limit).ToList(), next);
    }

    /// <summary>True when <paramref name="cursor"/> is absent or well formed.</summary>
    public static bool IsValidCursor(string? cursor) => cursor is null || TryReadCursor(cursor, out _, out _);

    static string Cursor(MessageSummary last) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{last.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}:{last.Id}"));

    static bool TryReadCursor(string? cursor, out DateTimeOffset at, out Guid after)
    {
        at = default;
        after = default;
        if (string.IsNullOrEmpty(cursor))
            return false;
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(cursor)).Split(':');
            if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks || !Guid.TryParse(parts[1], out after))
                return false;
            at = new DateTimeOffset(ticks, TimeSpan.Zero);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
