using System.Security.Cryptography;
using System.Text;
using PdfSharp.Pdf;

namespace Visitation.Documents.Rendering;

/// <summary>
/// PDFsharp 6.2.4 puts three random values in every file: the trailer /ID, the six-letter tag of each
/// embedded font subset (from Guid.NewGuid) and the XMP DocumentID/InstanceID, which it generates
/// while saving with no option to turn it off. Each is replaced here by a value derived from the
/// letter's content, so the same letter always gives the same bytes and a different letter different
/// identifiers. The determinism test fails if a PDFsharp upgrade adds another source of randomness.
/// </summary>
internal static class PdfDeterminism
{
    private static readonly byte[] DocumentIdMarker = Encoding.ASCII.GetBytes("<xmpMM:DocumentID>uuid:");
    private static readonly byte[] InstanceIdMarker = Encoding.ASCII.GetBytes("<xmpMM:InstanceID>uuid:");
    private const int UuidLength = 36;

    /// <summary>Sets the trailer /ID and renames font subsets. Call after drawing, before saving.</summary>
    public static void Apply(PdfDocument document, byte[] contentHash)
    {
        // Latin-1 characters map one-to-one to the bytes PDFsharp writes into the hex string.
        var id = Encoding.Latin1.GetString(contentHash, 0, 16);
        document.Internals.FirstDocumentID = id;
        document.Internals.SecondDocumentID = id;

        foreach (var item in document.Internals.GetAllObjects())
        {
            if (item is PdfDictionary dictionary)
            {
                RenameSubset(dictionary, "/BaseFont", contentHash);
                RenameSubset(dictionary, "/FontName", contentHash);
            }
        }
    }

    /// <summary>Overwrites the XMP identifiers in the saved bytes; both are fixed-length, so no offset moves.</summary>
    public static void FixXmpIdentifiers(byte[] pdf, byte[] contentHash)
    {
        Overwrite(pdf, DocumentIdMarker, new Guid(contentHash.AsSpan(0, 16)));
        Overwrite(pdf, InstanceIdMarker, new Guid(contentHash.AsSpan(16, 16)));
    }

    private static void RenameSubset(PdfDictionary dictionary, string key, byte[] contentHash)
    {
        var name = dictionary.Elements.GetName(key);
        var plus = name.IndexOf('+', StringComparison.Ordinal);
        if (plus != 7 || name[0] != '/')
        {
            return;
        }

        var baseName = name[(plus + 1)..];
        var hash = SHA256.HashData([.. contentHash, .. Encoding.UTF8.GetBytes(baseName)]);
        var tag = new char[6];
        for (var i = 0; i < tag.Length; i++)
        {
            tag[i] = (char)('A' + (hash[i] % 26));
        }

        dictionary.Elements.SetName(key, $"/{new string(tag)}+{baseName}");
    }

    private static void Overwrite(byte[] pdf, byte[] marker, Guid value)
    {
        var span = pdf.AsSpan();
        var at = span.IndexOf(marker);
        if (at < 0 || span[(at + 1)..].IndexOf(marker) >= 0)
        {
            throw new InvalidOperationException(
                $"Expected exactly one '{Encoding.ASCII.GetString(marker)}' in the PDF; PDFsharp's XMP output has changed, so determinism must be re-checked.");
        }

        var target = span.Slice(at + marker.Length, UuidLength);
        if (!Guid.TryParseExact(Encoding.ASCII.GetString(target), "D", out _))
        {
            throw new InvalidOperationException("The XMP identifier PDFsharp wrote is not a UUID; determinism must be re-checked.");
        }

        Encoding.ASCII.GetBytes(value.ToString("D")).CopyTo(target);
    }
}
