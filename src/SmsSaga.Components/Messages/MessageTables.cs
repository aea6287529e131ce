using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Components.Messages;

/// <summary>The message saga's tables in the gateway's database: each message (<c>sms</c>) and its timeline (<c>sms_history</c>).</summary>
public static class MessageTables
{
    extension(SmsDbContext db)
    {
        public DbSet<SmsState> Messages => db.Set<SmsState>();
        public DbSet<SmsTransition> History => db.Set<SmsTransition>();
    }
}
