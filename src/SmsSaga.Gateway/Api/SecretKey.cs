using System.Security.Cryptography;
using System.Text;

namespace SmsSaga.Gateway.Api;

/// <summary>Compares a key from a request header with a configured one in constant time; an empty configured key matches nothing.</summary>
public static class SecretKey
{
    public static bool Matches(string given, string expected) =>
        expected.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
