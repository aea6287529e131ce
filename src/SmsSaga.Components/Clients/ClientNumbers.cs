using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Platform.Persistence;
using SmsSaga.Components.Text;

namespace SmsSaga.Components.Clients;

/// <summary>Which client owns which number (<see cref="ClientNumber"/>): assigned and released by support, read by inbound messages.</summary>
public sealed partial class ClientNumbers(SmsDbContext db, TimeProvider clock)
{
    public enum Assignment { Assigned, AlreadyAssigned, TakenByAnother, NoSuchClient }

    /// <summary>A long code in international form (normalised to E.164) or a short code of 3 to 8 digits.</summary>
    public static bool TryNormalize(string? input, out string number)
    {
        if (input is not null && ShortCode().IsMatch(input))
        {
            number = input;
            return true;
        }

        return RecipientNumbers.TryNormalize(input, out number);
    }

    public async Task<Assignment> AssignAsync(string clientId, string number, CancellationToken cancellationToken)
    {
        if (!await db.Clients.AnyAsync(c => c.Id == clientId, cancellationToken))
            return Assignment.NoSuchClient;
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO client_numbers (number, client_id, assigned_at) VALUES ({number}, {clientId}, {clock.GetUtcNow()})
            ON CONFLICT (number) DO NOTHING
            """, cancellationToken);
        if (inserted == 1)
            return Assignment.Assigned;
        return await OwnerAsync(number, cancellationToken) == clientId ? Assignment.AlreadyAssigned : Assignment.TakenByAnother;
    }

    /// <summary>Takes the number from the client; false when it was not the client's.</summary>
    public async Task<bool> ReleaseAsync(string clientId, string number, CancellationToken cancellationToken) =>
        await db.ClientNumbers.Where(n => n.Number == number && n.ClientId == clientId).ExecuteDeleteAsync(cancellationToken) == 1;

    public Task<List<string>> ListAsync(string clientId, CancellationToken cancellationToken) =>
        db.ClientNumbers.AsNoTracking().Where(n => n.ClientId == clientId).OrderBy(n => n.Number).Select(n => n.Number).ToListAsync(cancellationToken);

    public Task<string?> OwnerAsync(string number, CancellationToken cancellationToken) =>
        db.ClientNumbers.AsNoTracking().Where(n => n.Number == number).Select(n => n.ClientId).SingleOrDefaultAsync(cancellationToken);

    [GeneratedRegex("^[0-9]{3,8}$")]
    private static partial Regex ShortCode();
}
