using Microsoft.Playwright;

namespace Visitation.Web.Tests.Support;

public static class Files
{
    /// <summary>A tiny valid PDF, enough to pass the upload's signature check.</summary>
    public static byte[] Pdf(string text) =>
        System.Text.Encoding.ASCII.GetBytes($"%PDF-1.4\n% {text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    public static FilePayload PdfFile(string name) => new() { Name = name, MimeType = "application/pdf", Buffer = Pdf(name) };

    /// <summary>A file type the rule set does not allow.</summary>
    public static FilePayload TextFile(string name) => new() { Name = name, MimeType = "text/plain", Buffer = "Ikke en PDF"u8.ToArray() };
}
