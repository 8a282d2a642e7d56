using System.Globalization;
using System.Text;

namespace Visitation.Api.Seeding;

/// <summary>
/// A minimal but valid one-page PDF 1.4 (Helvetica, WinAnsi encoding, correct cross-reference table),
/// small enough to store hundreds of demo documents in the database.
/// </summary>
internal static class DemoPdf
{
    private static readonly Encoding Latin1 = Encoding.Latin1;

    public static byte[] Create(IReadOnlyList<string> lines)
    {
        var content = new StringBuilder("BT\n/F1 16 Tf\n72 770 Td\n18 TL\n");
        for (var i = 0; i < lines.Count; i++)
        {
            if (i == 1) content.Append("/F1 11 Tf\n");
            content.Append('(').Append(Escape(lines[i])).Append(i == 0 ? ") Tj\n" : ") '\n");
        }
        content.Append("ET\n");
        var stream = Latin1.GetBytes(content.ToString());

        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        };

        using var pdf = new MemoryStream();
        var offsets = new List<long>();
        Write(pdf, "%PDF-1.4\n");
        pdf.Write([0x25, 0xE2, 0xE3, 0xCF, 0xD3, 0x0A]); // binary comment: marks the file as binary for transfer tools
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Position);
            Write(pdf, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        offsets.Add(pdf.Position);
        Write(pdf, $"5 0 obj\n<< /Length {stream.Length} >>\nstream\n");
        pdf.Write(stream);
        Write(pdf, "endstream\nendobj\n");

        var xref = pdf.Position;
        var table = new StringBuilder($"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) table.Append(offset.ToString("D10", CultureInfo.InvariantCulture)).Append(" 00000 n \n");
        table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        Write(pdf, table.ToString());
        return pdf.ToArray();
    }

    private static void Write(Stream stream, string text) => stream.Write(Latin1.GetBytes(text));

    /// <summary>PDF string literal escaping; characters outside Latin-1 become '?'.</summary>
    private static string Escape(string text) =>
        string.Concat(text.Select(c => c switch
        {
            '(' or ')' or '\\' => "\\" + c,
            '–' or '—' => "-",
            _ when c > 0xFF || char.IsControl(c) => "?",
            _ => c.ToString(),
        }));
}
