using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Components.Idempotency;

/// <summary>The HTTP idempotency records.</summary>
public static class IdempotencyTables
{
    extension(SmsDbContext db)
    {
        public DbSet<IdempotentRequest> IdempotentRequests => db.Set<IdempotentRequest>();
    }
}
