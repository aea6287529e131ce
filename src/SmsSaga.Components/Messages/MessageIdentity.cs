using System.Security.Cryptography;
using System.Text;

namespace SmsSaga.Components.Messages;

/// <summary>
/// The message id is a name-based UUID (RFC 9562 version 5, SHA-1) of (client id, idempotency key), so
/// every duplicate of a request lands on the same saga instance.
/// </summary>
public static class MessageIdentity
{
    /// <summary>The namespace UUID of SmsSaga message ids (fixed forever: changing it re-keys every message).</summary>
    static readonly Guid Namespace = new("5b0f3c1e-6c57-4d0a-9c43-2d1f3a9e7b61");

    public static Guid For(string clientId, string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);

        // Length-prefixing the client id makes the name unambiguous: ("a", "bc") and ("ab", "c") differ.
        var name = Encoding.UTF8.GetBytes($"{clientId.Length}:{clientId}{idempotencyKey}");
        var input = new byte[16 + name.Length];
        Namespace.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input, 16);

        var hash = SHA1.HashData(input);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
