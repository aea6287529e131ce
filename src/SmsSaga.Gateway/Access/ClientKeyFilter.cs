using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Clients;
using SmsSaga.Gateway.Http;

namespace SmsSaga.Gateway.Access;

/// <summary>
/// Client endpoints: the <c>X-API-Key</c> names the client (401 when missing, unknown or revoked), and the client's
/// token bucket allows the request (429 with <c>Retry-After</c> when empty).
/// </summary>
public sealed class ClientKeyFilter : IEndpointFilter
{
    public const string Header = "X-API-Key";
    const string HolderItem = "smssaga.key-holder";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString();
        if (key.Length == 0)
            return await Refuse(http, $"Send your API key in the {Header} header.");
        var api = http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;
        var check = await http.RequestServices.GetRequiredService<ApiKeys>()
            .AuthenticateAsync(key, api.RatePerSecond, api.Burst, 1, http.RequestAborted);
        if (check is null)
            return await Refuse(http, "The API key is not valid or was revoked.");

        http.Items[HolderItem] = check.Holder;
        return check.Wait is { } wait ? TooManyRequests(http, wait, check.Rate, check.Burst) : await next(context);
    }

    /// <summary>A 401, after the wait <see cref="FailedKeys"/> gives this source.</summary>
    internal static async Task<IResult> Refuse(HttpContext http, string detail)
    {
        await http.RequestServices.GetRequiredService<FailedKeys>().SlowDownAsync(http);
        return Problems.Unauthorized(detail);
    }

    /// <summary>The authenticated client of this request.</summary>
    public static string ClientOf(HttpContext http) => Holder(http).ClientId;

    /// <summary>
    /// Takes up to <paramref name="count"/> more tokens from the client's bucket (a batch: one per message beyond the
    /// first, which the request's own token paid for): how many it got, and the wait for the next when it got fewer.
    /// </summary>
    public static async Task<(int Taken, TimeSpan? NextIn)> TakeUpTo(HttpContext http, int count)
    {
        var api = http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;
        var holder = Holder(http);
        return await http.RequestServices.GetRequiredService<RateLimiter>().TakeUpToAsync(holder.ClientId,
            holder.RatePerSecond ?? api.RatePerSecond, holder.Burst ?? api.Burst, count, http.RequestAborted);
    }

    /// <summary>The 429 problem of a batch item turned away for now, and the response's <c>Retry-After</c>.</summary>
    public static ProblemDetails ItemRateLimited(HttpContext http, TimeSpan wait)
    {
        var seconds = RetryAfter(http, wait);
        return new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests.", Type = "/problems/rate_limited",
            Detail = $"This client's rate was used up before this item. Send it again in {seconds} s; the batch's other items were answered.",
            Extensions = { ["code"] = "rate_limited" },
        };
    }

    static int RetryAfter(HttpContext http, TimeSpan wait)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return seconds;
    }

    static IResult TooManyRequests(HttpContext http, TimeSpan wait, double rate, int burst)
    {
        var seconds = RetryAfter(http, wait);
        return Problems.Of(StatusCodes.Status429TooManyRequests, "rate_limited", "Too many requests.",
            $"This client may make {rate:0.###} requests per second (burst {burst}). Try again in {seconds} s.");
    }

    static KeyHolder Holder(HttpContext http) => (KeyHolder)http.Items[HolderItem]!;
}
