using Microsoft.Extensions.Options;
using SmsSaga.Components.Dispatch;
using SmsSaga.Gateway.Http;

namespace SmsSaga.Gateway.Access;

/// <summary>Provider webhooks: the provider in the path must be configured (404 otherwise) and send its key in <c>X-Provider-Key</c>.</summary>
public sealed class ProviderKeyFilter(IOptions<ProviderWebhookOptions> options) : IEndpointFilter
{
    public const string Header = "X-Provider-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var name = context.HttpContext.GetRouteValue("name") as string ?? "";
        if (!options.Value.Keys.TryGetValue(name, out var expected) || expected.Length == 0)
            return Problems.NotFound("provider");
        var given = context.HttpContext.Request.Headers[Header].ToString();
        if (!SecretKey.Matches(given, expected))
            return await ClientKeyFilter.Refuse(context.HttpContext, $"Send the provider's key in the {Header} header.");
        return await next(context);
    }
}
