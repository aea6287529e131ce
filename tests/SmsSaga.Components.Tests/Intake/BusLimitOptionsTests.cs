using System.ComponentModel.DataAnnotations;
using SmsSaga.Components.Intake;

namespace SmsSaga.Components.Tests.Intake;

public sealed class BusLimitOptionsTests
{
    [Fact]
    public void A_client_without_its_own_settings_has_the_default_and_one_with_them_has_its_own()
    {
        var options = new BusLimitOptions
        {
            RatePerSecond = 10, Burst = 50,
            Clients = { ["acme"] = new ClientBusLimit { RatePerSecond = 2 }, ["bulk"] = new ClientBusLimit { RatePerSecond = 0, Burst = 5 } },
        };

        Assert.Equal((10, 50), options.For("demo"));
        Assert.Equal((2, 50), options.For("acme")); // its own rate, the default burst
        Assert.Equal((0, 5), options.For("bulk")); // 0: no limit for this one
        Assert.Empty(Problems(options));
    }

    [Theory]
    [InlineData(5, 0, "Burst")]
    [InlineData(5, -3, "Burst")]
    [InlineData(-1, null, "RatePerSecond")]
    [InlineData(double.NaN, null, "RatePerSecond")]
    public void A_clients_own_settings_out_of_range_are_refused_at_start(double rate, int? burst, string field)
    {
        var options = new BusLimitOptions { Clients = { ["acme"] = new ClientBusLimit { RatePerSecond = rate, Burst = burst } } };

        var problem = Assert.Single(Problems(options));
        Assert.Contains($"BusLimit:Clients:acme:{field}", problem);
    }

    [Fact]
    public void The_defaults_out_of_range_are_refused()
    {
        Assert.NotEmpty(Problems(new BusLimitOptions { RatePerSecond = -1 }));
        Assert.NotEmpty(Problems(new BusLimitOptions { Burst = 0 }));
    }

    static List<string> Problems(BusLimitOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage!).ToList();
    }
}
