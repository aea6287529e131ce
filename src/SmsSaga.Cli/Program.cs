using SmsSaga.Cli;

// smssaga: the gateway's command line. Each command lives in its own class.
return args.FirstOrDefault() switch
{
    "segments" => await SegmentsCommand.RunAsync(args),
    "migrate" => await MigrateCommand.RunAsync(args),
    "clients" => await ClientsCommand.RunAsync(args),
    "deadletters" => await DeadLettersCommand.RunAsync(args),
    "keys" => await KeysCommand.RunAsync(args),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: smssaga <command>
          segments [--json]                       count SMS segments of each line of standard input
          migrate                                 apply the database migrations
          clients ensure --id ID [--name N] [--credit AMOUNT]
          clients topup --id ID --amount AMOUNT
          clients show --id ID
          clients number --id ID --number NUMBER  the client owns NUMBER: inbound STOP/START/HELP to it act for it
          keys create --client ID                 issue an API key; prints only the key (shown once)
          keys revoke --client ID --key-id KEY_ID
          deadletters list [--client ID] [--limit N]   permanently failed messages and their last error
          deadletters show --id MESSAGE_ID              one message's timeline and provider attempts
          deadletters replay --id MESSAGE_ID [...] | --client ID [--reason CODE] [--limit N]
                                                        try failed messages again, with a fresh credit hold
          deadletters requeue --queue NAME_error [--limit N] send the broker's error queue back to NAME
                                                        (after a fix for what made its messages fault)
        """);
    return 2;
}
