using System.Security.Cryptography;

namespace Visitation.Documents.Rendering;

public static class LetterHash
{
    /// <summary>Lower-case hex SHA-256 of a rendered letter: its identity in storage and in the audit trail.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> pdf) => Convert.ToHexStringLower(SHA256.HashData(pdf));
}
