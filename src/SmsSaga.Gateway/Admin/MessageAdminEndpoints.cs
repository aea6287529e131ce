using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Platform.Outbox;
using SmsSaga.Components.Platform.Persistence;
using SmsSaga.Components.Reconciliation;
using SmsSaga.Components.Support;
using SmsSaga.Contracts.Internal;
using SmsSaga.Gateway.Http;
using SmsSaga.Gateway.Messages;

namespace SmsSaga.Gateway.Admin;

/// <summary>Support's reads of any client's messages, the ones that stopped moving, and the replay of a Failed one.</summary>
public static class MessageAdminEndpoints
{
    public static RouteGroupBuilder MapMessageAdmin(this RouteGroupBuilder group)
    {
        group.MapGet("/messages/stuck", Stuck).WithSummary("Messages that made no progress past the point where they should have, oldest first")
            .Produces<StuckMessagesView>().WithProblems(401);
        group.MapGet("/messages/{id:guid}", GetMessage).WithSummary("Any client's message").Produces<MessageDetails>().WithProblems(401, 404);
        group.MapGet("/messages", SearchMessages).WithSummary("Search messages across clients").Produces<MessagePage>().WithProblems(400, 401);
        group.MapPost("/messages/{id:guid}/replay", Replay).WithSummary("Try a Failed message again, with a fresh credit hold")
            .Produces<StatusChange>(StatusCodes.Status202Accepted).WithProblems(401, 404, 409);
        return group;
    }

    static async Task<IResult> GetMessage(Guid id, HttpContext http, MessageLookup lookup) =>
        await lookup.FindAsync(id, null, http.RequestAborted) is { } message ? Results.Ok(message) : Problems.NotFound("message");

    static async Task<IResult> Stuck(HttpContext http, StuckMessages stuck, TimeProvider clock, int? limit) =>
        Results.Ok(new StuckMessagesView(clock.GetUtcNow(), await stuck.ListAsync(limit ?? 100, http.RequestAborted)));

    static Task<IResult> SearchMessages(HttpContext http, MessageLookup lookup, string? clientId, string? status, string? to, string? reference,
        DateTimeOffset? since, DateTimeOffset? until, int? limit, string? cursor) =>
        MessagesEndpoints.ListMessages(http, lookup, clientId, status, to, reference, since, until, limit, cursor);

    static async Task<IResult> Replay(Guid id, HttpContext http, SmsDbContext db, BusOutbox outbox)
    {
        var state = await db.Messages.Where(m => m.CorrelationId == id).Select(m => m.CurrentState).SingleOrDefaultAsync(http.RequestAborted);
        if (state is null)
            return Problems.NotFound("message");
        if (state != SmsStates.Failed)
            return Problems.Of(StatusCodes.Status409Conflict, "not_failed", "Only a Failed message can be replayed.", $"The message is {state}.");
        await outbox.Publisher.Publish(new SmsReplayRequested(id), http.RequestAborted);
        await db.SaveChangesAsync(http.RequestAborted);
        return Results.Accepted($"/v1/admin/messages/{id}", new StatusChange(id, "Replaying"));
    }
}
