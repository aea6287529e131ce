using SmsSaga.Gateway.Access;

namespace SmsSaga.Gateway.Tests;

public sealed class SecretKeyTests
{
    [Theory]
    [InlineData("test-admin-key", "test-admin-key", true)]
    [InlineData("test-admin-kez", "test-admin-key", false)] // same length
    [InlineData("test-admin-ke", "test-admin-key", false)] // a prefix
    [InlineData("test-admin-key-and-more", "test-admin-key", false)]
    [InlineData("", "test-admin-key", false)]
    [InlineData("", "", false)] // an empty configured key matches nothing
    [InlineData("anything", "", false)]
    public void A_key_matches_only_the_configured_one_and_an_empty_one_matches_nothing(string given, string expected, bool matches) =>
        Assert.Equal(matches, SecretKey.Matches(given, expected));
}
