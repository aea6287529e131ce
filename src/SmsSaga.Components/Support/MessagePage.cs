namespace SmsSaga.Components.Support;

/// <summary>One page of a listing; <see cref="Next"/> is the cursor of the following page, null on the last.</summary>
public sealed record MessagePage(IReadOnlyList<MessageSummary> Items, string? Next);
