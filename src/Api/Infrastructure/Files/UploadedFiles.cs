using System.Security.Cryptography;
using Visitation.Workflows.Common;
using Visitation.Workflows.Rules;

namespace Visitation.Api.Infrastructure.Files;

/// <summary>
/// Checks an upload against the rule set's limits and stores it. The declared content type must match
/// the file's first bytes, so a renamed executable is not accepted as a PDF.
/// </summary>
public static class UploadedFiles
{
    private static readonly Dictionary<string, byte[][]> Signatures = new()
    {
        ["application/pdf"] = [[0x25, 0x50, 0x44, 0x46]],
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"] = [[0x50, 0x4B, 0x03, 0x04]],
        ["image/png"] = [[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]],
        ["image/jpeg"] = [[0xFF, 0xD8, 0xFF]],
    };

    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = "application/pdf",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
    };

    public static async Task<StoredFile> ReadAndCheckAsync(IFormFile? file, UploadRules rules, DateTimeOffset now, CancellationToken ct)
    {
        if (file is null)
            throw new InvalidInputException("file", "Vælg en fil at uploade.");
        if (file.Length == 0)
            throw new InvalidInputException("file", "Filen er tom.");
        if (file.Length > rules.MaxBytes)
            throw new InvalidInputException("file", $"Filen er for stor. Den må højst fylde {rules.MaxBytes / (1024 * 1024)} MB.");
        var fileName = Path.GetFileName(file.FileName ?? "");
        if (string.IsNullOrWhiteSpace(fileName) || fileName.Length > 200)
            throw new InvalidInputException("file", "Filen skal have et navn på højst 200 tegn.");
        var contentType = ByExtension.TryGetValue(Path.GetExtension(fileName), out var byExtension) ? byExtension : file.ContentType;
        if (!rules.AllowedContentTypes.Contains(contentType, StringComparer.OrdinalIgnoreCase) || !Signatures.ContainsKey(contentType))
            throw new InvalidInputException("file", "Filtypen er ikke tilladt. Upload PDF, Word (DOCX), PNG eller JPEG.");

        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        if (!Signatures[contentType].Any(signature => bytes.AsSpan().StartsWith(signature)))
            throw new InvalidInputException("file", "Filens indhold passer ikke til filtypen. Kontrollér, at filen ikke er beskadiget eller omdøbt.");
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return new StoredFile(Guid.NewGuid(), fileName, contentType, bytes, sha, now);
    }
}
