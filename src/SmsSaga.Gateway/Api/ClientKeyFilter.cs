using Microsoft.Extensions.Options;
using SmsSaga.Components.Clients;

namespace SmsSaga.Gateway.Api;

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
            return Problems.Unauthorized($"Send your API key in the {Header} header.");
        var api = http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;
        var check = await http.RequestServices.GetRequiredService<ApiKeys>()
            .AuthenticateAsync(key, api.RatePerSecond, api.Burst, 1, http.RequestAborted);
        if (check is null)
            return Problems.Unauthorized("The API key is not valid or was revoked.");

        http.Items[HolderItem] = check.Holder;
        return check.Wait is { } wait ? TooManyRequests(http, wait, check.Rate, check.Burst) : await next(context);
    }

    /// <summary>The authenticated client of this request.</summary>
    public static string ClientOf(HttpContext http) => Holder(http).ClientId;

    /// <summary>
    /// Takes <paramref name="cost"/> more tokens from the client's bucket (a batch: one per message beyond the first);
    /// a 429 problem when there are not enough.
    /// </summary>
    public static async Task<IResult?> Throttle(HttpContext http, int cost)
    {
        var api = http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;
        var holder = Holder(http);
        var rate = holder.RatePerSecond ?? api.RatePerSecond;
        var burst = holder.Burst ?? api.Burst;
        var wait = await http.RequestServices.GetRequiredService<RateLimiter>().TryTakeAsync(holder.ClientId, rate, burst, cost, http.RequestAborted);
        return wait is null ? null : TooManyRequests(http, wait.Value, rate, burst);
    }

    static IResult TooManyRequests(HttpContext http, TimeSpan wait, double rate, int burst)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problems.Of(StatusCodes.Status429TooManyRequests, "rate_limited", "Too many requests.",
            $"This client may make {rate:0.###} requests per second (burst {burst}). Try again in {seconds} s.");
    }

    static KeyHolder Holder(HttpContext http) => (KeyHolder)http.Items[HolderItem]!;
}
