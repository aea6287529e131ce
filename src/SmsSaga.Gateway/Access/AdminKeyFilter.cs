using Microsoft.Extensions.Options;
using SmsSaga.Gateway.Http;

namespace SmsSaga.Gateway.Access;

/// <summary>Support and operator endpoints: the <c>X-Admin-Key</c> header must equal the configured key (constant-time).</summary>
public sealed class AdminKeyFilter(IOptions<ApiOptions> options) : IEndpointFilter
{
    public const string Header = "X-Admin-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = options.Value.AdminKey;
        var given = context.HttpContext.Request.Headers[Header].ToString();
        if (!SecretKey.Matches(given, expected))
            return await ClientKeyFilter.Refuse(context.HttpContext, $"Send the admin key in the {Header} header.");
        return await next(context);
    }
}
