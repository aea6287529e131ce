using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Components.Callbacks;

/// <summary>The status callbacks' tables: which messages call back where, and every attempt.</summary>
public static class CallbackTables
{
    extension(SmsDbContext db)
    {
        public DbSet<MessageCallback> MessageCallbacks => db.Set<MessageCallback>();
        public DbSet<CallbackAttempt> CallbackAttempts => db.Set<CallbackAttempt>();
    }
}
