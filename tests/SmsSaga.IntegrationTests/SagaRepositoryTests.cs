using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace SmsSaga.IntegrationTests;

[Collection(GatewayCollection.Name)]
public sealed class SagaRepositoryTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Concurrent_events_for_one_instance_lose_no_update()
    {
        const int increments = 150;
        var id = NewId.NextGuid();

        // The first increments race to insert the row (duplicate key → retry → load); the rest race to update
        // it (xmin conflict → retry). Every one must count exactly once.
        await Task.WhenAll(Enumerable.Range(0, increments).Select(_ => gateway.Bus.Publish(new Increment(id))));

        int Count(CounterDbContext db) => db.Set<CounterSaga>().AsNoTracking().Where(c => c.CorrelationId == id).Select(c => c.Count).SingleOrDefault();
        var reached = await Eventually.Until(() => gateway.QueryCounters(db => Task.FromResult(Count(db) == increments)), TimeSpan.FromSeconds(60));

        var final = await gateway.QueryCounters(db => Task.FromResult(Count(db)));
        Assert.True(reached, $"count is {final}, expected {increments}");
    }
}
