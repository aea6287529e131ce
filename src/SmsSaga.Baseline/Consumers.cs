using MassTransit;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Intake;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Text;
using SmsSaga.Contracts;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Baseline;

/// <summary>The intake without a database: validates and prices as the gateway does, and hands the request on as held.</summary>
public sealed class Ingest(IOptions<SmsOptions> options, TimeProvider clock) : IConsumer<SendSms>
{
    public const string QueueName = "send-sms";

    static readonly PricingOptions Pricing = new();

    public Task Consume(ConsumeContext<SendSms> context)
    {
        var requested = SmsRequestValidator.Validate(context.Message, options.Value, clock.GetUtcNow(), out var errors);
        if (errors.Count > 0)
            throw new InvalidSmsRequestException(nameof(SendSms), errors);
        var price = Pricing.PriceOf(requested.Segments, RecipientNumbers.CallingCode(requested.To));
        return context.Publish(requested with { HeldAmount = price, Notify = false });
    }
}

/// <summary>
/// The dispatcher and provider without a database: accepts every attempt after 0–2 ms and reports it delivered 0–50 ms
/// later, as the simulator of the benchmark does.
/// </summary>
public sealed class Dispatch(IBus bus) : IConsumer<SubmitSms>
{
    public async Task Consume(ConsumeContext<SubmitSms> context)
    {
        var m = context.Message;
        await Task.Delay(Random.Shared.Next(0, 3));
        var providerMessageId = $"baseline-{m.AttemptId:N}";
        await context.Publish(new SmsAccepted(m.MessageId, m.AttemptId, providerMessageId));
        _ = Task.Run(async () =>
        {
            await Task.Delay(Random.Shared.Next(0, 51));
            await bus.Publish(new DeliveryReported(m.MessageId, providerMessageId, true, "DELIVRD", DateTimeOffset.UtcNow));
        });
    }
}

/// <summary>Captures and releases without a ledger: consumed and dropped, so the saga's hops are all there.</summary>
public sealed class Settle : IConsumer<CaptureCredit>, IConsumer<ReleaseCredit>
{
    public Task Consume(ConsumeContext<CaptureCredit> context) => Task.CompletedTask;

    public Task Consume(ConsumeContext<ReleaseCredit> context) => Task.CompletedTask;
}
