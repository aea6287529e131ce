using MassTransit;
using Microsoft.Extensions.Options;

namespace SmsSaga.Components.Intake;

/// <summary>Whether the broker user that published a command may act for the client it names (<see cref="BusSenderOptions"/>).</summary>
public sealed class BusSenders(IOptions<BusSenderOptions> options)
{
    /// <summary>Why the command's publisher may not act for <paramref name="clientId"/>; null when it may.</summary>
    public string? Refusal(ConsumeContext context, string? clientId)
    {
        var settings = options.Value;
        var user = context.ReceiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit) ? rabbit.Properties.UserId : null;
        if (string.IsNullOrEmpty(user))
            return settings.RequireUserId ? "the message has no user_id: set it to the broker user you publish as" : null;
        if (!settings.Users.TryGetValue(user, out var clients))
            return $"broker user '{user}' may not send for any client";
        return clients.Contains("*") || clientId is not null && clients.Contains(clientId)
            ? null
            : $"broker user '{user}' may not send for client '{clientId}'";
    }
}
