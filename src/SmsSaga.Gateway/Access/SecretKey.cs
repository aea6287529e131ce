using System.Security.Cryptography;
using System.Text;

namespace SmsSaga.Gateway.Access;

/// <summary>
/// Compares a key from a request header with a configured one in constant time, whatever their lengths: the SHA-256
/// digests of the two are compared, which are always 32 bytes (comparing the keys themselves would answer a wrong length
/// at once, and so tell the key's length). An empty configured key matches nothing.
/// </summary>
public static class SecretKey
{
    public static bool Matches(string given, string expected) =>
        expected.Length > 0 && CryptographicOperations.FixedTimeEquals(Digest(given), Digest(expected));

    static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
