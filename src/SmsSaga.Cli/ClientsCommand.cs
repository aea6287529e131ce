using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SmsSaga.Components.Clients;
using SmsSaga.Components.Credits;

namespace SmsSaga.Cli;

/// <summary>
/// <c>smssaga clients ensure --id ID [--name NAME] [--credit AMOUNT]</c>: creates the client if missing and,
/// when it was created, tops it up with AMOUNT. <c>smssaga clients topup --id ID --amount AMOUNT</c>.
/// <c>smssaga clients show --id ID</c>. <c>smssaga clients number --id ID --number NUMBER</c> gives the client a number
/// (inbound STOP/START/HELP to it act for the client).
/// </summary>
static class ClientsCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        var verb = args.Length > 1 ? args[1] : "";
        var id = CliHost.Option(args, "--id");
        if (id is null || verb is not ("ensure" or "topup" or "show" or "number"))
        {
            Console.Error.WriteLine("usage: smssaga clients ensure|topup|show|number --id ID [--name NAME] [--credit AMOUNT] [--amount AMOUNT] [--number NUMBER]");
            return Task.FromResult(2);
        }

        string? invalid = null;
        var credit = Amount(args, verb == "topup" ? "--amount" : "--credit", ref invalid);
        if (verb == "topup" && credit is null)
            invalid ??= "--amount is required";
        var number = "";
        if (verb == "number" && !ClientNumbers.TryNormalize(CliHost.Option(args, "--number"), out number))
            invalid ??= "--number must be a long code in international form (+447700900123) or a short code of 3 to 8 digits";
        if (invalid is not null)
        {
            Console.Error.WriteLine(invalid);
            return Task.FromResult(2);
        }

        return CliHost.WithServices(async services =>
        {
            var admin = services.GetRequiredService<ClientAdmin>();
            switch (verb)
            {
                case "ensure":
                    var secret = await admin.EnsureAsync(id, CliHost.Option(args, "--name") ?? id, credit ?? 0, CancellationToken.None);
                    Console.WriteLine(secret is not null
                        ? $"Created client '{id}'. Its callback secret (shown once; callbacks are signed with it): {secret}"
                        : $"Client '{id}' already exists.");
                    break;
                case "topup":
                    await admin.TopUpAsync(id, credit!.Value, CancellationToken.None);
                    break;
                case "number":
                    var assigned = await services.GetRequiredService<ClientNumbers>().AssignAsync(id, number, CancellationToken.None);
                    if (assigned == ClientNumbers.Assignment.TakenByAnother)
                    {
                        Console.Error.WriteLine($"Another client owns {number}.");
                        return 1;
                    }

                    if (assigned != ClientNumbers.Assignment.NoSuchClient)
                        Console.WriteLine($"{number} is '{id}''s: inbound messages to it act for this client.");
                    break;
            }

            var account = await admin.FindAsync(id, CancellationToken.None);
            if (account is null)
            {
                Console.Error.WriteLine($"There is no client '{id}'.");
                return 1;
            }

            Console.WriteLine(FormattableString.Invariant(
                $"{account.Id}: available {account.Available:0.######}, held {account.Held:0.######}, captured {account.Captured:0.######}, topped up {account.ToppedUp:0.######}"));
            return 0;
        });
    }

    /// <summary>The amount after <paramref name="name"/>, or null; <paramref name="invalid"/> says why one given is no good.</summary>
    static decimal? Amount(string[] args, string name, ref string? invalid)
    {
        if (CliHost.Option(args, name) is not { } text)
            return null;
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount))
            invalid = $"{name} must be a number such as 25.50, not '{text}'";
        else if (CreditAmount.TopUpProblem(amount) is { } problem)
            invalid = $"{name}: {problem}";
        return amount;
    }
}
