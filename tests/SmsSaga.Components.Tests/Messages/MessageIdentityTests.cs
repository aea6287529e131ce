using SmsSaga.Components.Messages;

namespace SmsSaga.Components.Tests.Messages;

public class MessageIdentityTests
{
    [Fact]
    public void Same_client_and_key_always_give_the_same_version_5_id()
    {
        var id = MessageIdentity.For("acme", "order-1");

        Assert.Equal(id, MessageIdentity.For("acme", "order-1"));
        Assert.Equal(5, id.Version);
    }

    [Theory]
    [InlineData("acme", "order-1", "acme", "order-2")]
    [InlineData("acme", "order-1", "other", "order-1")]
    [InlineData("a", "bc", "ab", "c")] // the boundary between client and key matters
    public void Different_client_or_key_give_different_ids(string client1, string key1, string client2, string key2)
    {
        Assert.NotEqual(MessageIdentity.For(client1, key1), MessageIdentity.For(client2, key2));
    }
}
