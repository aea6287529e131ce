using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Components.Dispatch;

/// <summary>Dispatch's tables: every provider attempt, the simulator's submissions and the delivery reports providers send.</summary>
public static class DispatchTables
{
    extension(SmsDbContext db)
    {
        public DbSet<ProviderAttempt> ProviderAttempts => db.Set<ProviderAttempt>();
        public DbSet<SimulatorSubmission> SimulatorSubmissions => db.Set<SimulatorSubmission>();
        public DbSet<ProviderReport> ProviderReports => db.Set<ProviderReport>();
    }
}
