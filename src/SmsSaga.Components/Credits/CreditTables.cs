using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Components.Credits;

/// <summary>The credit ledger's tables: the holds and every movement.</summary>
public static class CreditTables
{
    extension(SmsDbContext db)
    {
        public DbSet<CreditHold> CreditHolds => db.Set<CreditHold>();
        public DbSet<LedgerEntry> Ledger => db.Set<LedgerEntry>();
    }
}
