using Microsoft.Extensions.DependencyInjection;
using SmsSaga.Components.Clients;

namespace SmsSaga.Cli;

/// <summary>
/// <c>smssaga keys create --client ID</c>: issues an API key and prints only the key on standard output, for scripts
/// (it is stored as a hash and cannot be shown again). <c>smssaga keys revoke --client ID --key-id KEY_ID</c>.
/// </summary>
static class KeysCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        var verb = args.Length > 1 ? args[1] : "";
        var client = CliHost.Option(args, "--client");
        var keyId = CliHost.Option(args, "--key-id");
        if (client is null || verb is not ("create" or "revoke") || (verb == "revoke" && keyId is null))
        {
            Console.Error.WriteLine("usage: smssaga keys create --client ID | keys revoke --client ID --key-id KEY_ID");
            return Task.FromResult(2);
        }

        return CliHost.WithServices(async services =>
        {
            if (await services.GetRequiredService<ClientAdmin>().FindAsync(client, CancellationToken.None) is null)
            {
                Console.Error.WriteLine($"There is no client '{client}'.");
                return 1;
            }

            var keys = services.GetRequiredService<ApiKeys>();
            if (verb == "revoke")
                return await keys.RevokeAsync(client, keyId!, CancellationToken.None) ? 0 : 1;

            var (_, key) = await keys.CreateAsync(client, CancellationToken.None);
            Console.WriteLine(key);
            return 0;
        });
    }
}
