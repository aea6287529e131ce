using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Components.Clients;

/// <summary>The clients' tables: accounts, API keys, opt-outs, the numbers each owns and the rate buckets.</summary>
public static class ClientTables
{
    extension(SmsDbContext db)
    {
        public DbSet<ClientAccount> Clients => db.Set<ClientAccount>();
        public DbSet<ApiKey> ApiKeys => db.Set<ApiKey>();
        public DbSet<OptOut> OptOuts => db.Set<OptOut>();
        public DbSet<ClientNumber> ClientNumbers => db.Set<ClientNumber>();
        public DbSet<RateBucket> RateBuckets => db.Set<RateBucket>();
    }
}
