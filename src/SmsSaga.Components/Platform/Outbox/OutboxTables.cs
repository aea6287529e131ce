using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Components.Platform.Outbox;

/// <summary>The inbox and the outbox, in the same database as what the consumers write.</summary>
public static class OutboxTables
{
    extension(SmsDbContext db)
    {
        public DbSet<InboxState> Inbox => db.Set<InboxState>();
        public DbSet<OutboxMessage> Outbox => db.Set<OutboxMessage>();
        public DbSet<OutboxState> OutboxStates => db.Set<OutboxState>();
    }
}
