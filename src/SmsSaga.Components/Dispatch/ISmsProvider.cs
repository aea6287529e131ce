namespace SmsSaga.Components.Dispatch;

/// <summary>
/// A route to handsets. <see cref="SubmitAsync"/> hands over one attempt; the provider's delivery report
/// comes back later as a <c>DeliveryReported</c> event, in any order relative to the acknowledgement.
/// </summary>
public interface ISmsProvider
{
    string Name { get; }

    Task<SubmitResult> SubmitAsync(ProviderSubmission submission, CancellationToken cancellationToken);
}
