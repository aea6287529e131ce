namespace SmsSaga.IntegrationTests;

/// <summary>
/// Where the real services are: PostgreSQL database <c>smssaga_test</c> and RabbitMQ virtual host
/// <c>smssaga_test</c> on loopback, as scripts/dev-up.sh creates them. Environment variables override.
/// </summary>
static class TestEnvironment
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("SMSSAGA_TEST_DB")
        ?? "Host=127.0.0.1;Port=5432;Database=smssaga_test;Username=smssaga;Password=smssaga;SSL Mode=Disable;Maximum Pool Size=80;Max Auto Prepare=64;Auto Prepare Min Usages=2";

    public static string RabbitVirtualHost => Environment.GetEnvironmentVariable("SMSSAGA_TEST_VHOST") ?? "smssaga_test";
}
