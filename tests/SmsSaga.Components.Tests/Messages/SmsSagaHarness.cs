using MassTransit;
using MassTransit.Saga;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Intake;
using SmsSaga.Components.Messages;
using SmsSaga.Contracts;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Tests.Messages;

/// <summary>
/// The message saga on MassTransit's in-memory harness (in-memory saga repository): fast tests of transitions only.
/// A <see cref="SendSms"/> goes in as the ingest consumer hands it on when it holds no credit (validated, no held
/// amount), so the saga asks for the hold; credit and provider consumers are not registered, so each test plays their
/// part by publishing their answers.
/// </summary>
public sealed class SmsSagaHarness : IAsyncDisposable
{
    readonly ServiceProvider _provider;

    public SmsSagaHarness(int maxAttempts = 3, TimeSpan? sendingTimeout = null, TimeSpan? reportWindow = null)
    {
        _provider = new ServiceCollection()
            .AddSingleton(Options.Create(new SmsOptions
            {
                MaxAttempts = maxAttempts,
                MaxSegments = 10,
                RetryBaseDelay = TimeSpan.FromMilliseconds(20),
                RetryMaxDelay = TimeSpan.FromMilliseconds(100),
                SendingTimeout = sendingTimeout ?? TimeSpan.FromMinutes(2),
                DeliveryReportWindow = reportWindow ?? TimeSpan.FromHours(48),
            }))
            .AddSingleton(Options.Create(new SmsSaga.Components.Text.SendWindowOptions()))
            .AddSingleton(TimeProvider.System)
            .AddLogging()
            .AddMassTransitTestHarness(x =>
            {
                x.SetTestTimeouts(testTimeout: TimeSpan.FromSeconds(10), testInactivityTimeout: TimeSpan.FromMilliseconds(300));
                x.AddSagaStateMachine<SmsStateMachine, SmsState>();
                x.AddDelayedMessageScheduler();
                x.UsingInMemory((context, cfg) =>
                {
                    cfg.UseDelayedMessageScheduler();
                    cfg.ConfigureEndpoints(context);
                });
            })
            .BuildServiceProvider(true);
        Test = _provider.GetRequiredService<ITestHarness>();
        Saga = Test.GetSagaStateMachineHarness<SmsStateMachine, SmsState>();
        Machine = _provider.GetRequiredService<SmsStateMachine>();
    }

    public ITestHarness Test { get; }
    public ISagaStateMachineTestHarness<SmsStateMachine, SmsState> Saga { get; }
    public SmsStateMachine Machine { get; }

    public Task Start() => Test.Start();

    public static SendSms Request(string key = "k-1", string text = "Your code is 1234") =>
        new("acme", key, "+447911123456", text, "ACME", "ref-1");

    /// <summary>A request as the HTTP intake hands it on: validated, and held for 0.04.</summary>
    public static SmsRequested Held(Guid id) =>
        new(id, "acme", "held-" + id, "+447911123456", "Your code is 1234", "ACME", "ref-1", 1, "GSM-7", HeldAmount: 0.04m);

    public static Guid IdOf(SendSms request) => MessageIdentity.For(request.ClientId, request.IdempotencyKey);

    /// <summary>The saga's input for <paramref name="request"/>, validated as the ingest consumer validates it.</summary>
    public SmsRequested Requested(SendSms request)
    {
        var options = _provider.GetRequiredService<IOptions<SmsOptions>>().Value;
        var requested = SmsRequestValidator.Validate(request, options, DateTimeOffset.UtcNow, out var errors);
        Assert.Empty(errors);
        return requested;
    }

    /// <summary>
    /// Stores <paramref name="row"/> in the saga repository as the intake stores a message's first row, before its
    /// <c>SmsRequested</c> is sent.
    /// </summary>
    public async Task Seed(SmsState row)
    {
        var sagas = _provider.GetRequiredService<IndexedSagaDictionary<SmsState>>();
        await sagas.MarkInUse(CancellationToken.None);
        try
        {
            sagas.Add(new SagaInstance<SmsState>(row));
        }
        finally
        {
            sagas.Release();
        }
    }

    /// <summary>Publishes a message to the saga (a <see cref="SendSms"/> as <see cref="Requested"/>).</summary>
    public Task Publish<T>(T message) where T : class =>
        message is SendSms request ? Test.Bus.Publish(Requested(request)) : Test.Bus.Publish(message);

    /// <summary>Publishes and waits until the saga instance is in <paramref name="state"/>, or fails the test.</summary>
    public async Task<SmsState> PublishAndWait<T>(T message, Guid id, Func<SmsStateMachine, State> state) where T : class
    {
        await Publish(message);
        var found = await Saga.Exists(id, state, TimeSpan.FromSeconds(5));
        Assert.True(found.HasValue, $"message {id} did not reach {state(Machine).Name}");
        return Saga.Sagas.Contains(id)!;
    }

    /// <summary>Waits until the saga has consumed <paramref name="count"/> messages of type <typeparamref name="T"/> matching, or fails the test.</summary>
    public Task SagaConsumed<T>(int count, Func<T, bool> match) where T : class =>
        Until(() => Saga.Consumed.Select<T>(x => match(x.Context.Message)).Count() >= count, $"the saga did not consume {count} {typeof(T).Name}");

    /// <summary>How many messages of type <typeparamref name="T"/> for this message were published.</summary>
    public int PublishedCount<T>(Func<T, bool> match) where T : class =>
        Test.Published.Select<T>().Count(m => match(m.Context.Message));

    /// <summary>Waits for the first published <typeparamref name="T"/> matching, at most 5 s, or fails the test.</summary>
    public async Task<T> FirstPublished<T>(Func<T, bool> match) where T : class
    {
        await Until(() => Test.Published.Select<T>(x => match(x.Context.Message)).Any(), $"no {typeof(T).Name} was published");
        return Test.Published.Select<T>(x => match(x.Context.Message)).First().Context.Message;
    }

    /// <summary>
    /// Checks <paramref name="condition"/> every 10 ms until it holds, at most 5 s, or fails the test with
    /// <paramref name="failure"/>. A poll, not the harness's async lists: those end at its inactivity time-out, which an
    /// earlier quiet spell may already have spent.
    /// </summary>
    static async Task Until(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Test.Stop();
        await _provider.DisposeAsync();
    }
}
