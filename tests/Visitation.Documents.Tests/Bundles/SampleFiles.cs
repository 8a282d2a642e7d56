using System.Buffers.Binary;
using System.IO.Compression;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Visitation.Documents.Fonts;

namespace Visitation.Documents.Tests.Bundles;

/// <summary>Files of the kinds a case holds, made here so each test knows exactly what is in them.</summary>
internal static class SampleFiles
{
    /// <summary>A PDF with <paramref name="pages"/> pages, each reading "<paramref name="text"/> side N".</summary>
    public static byte[] Pdf(string text, int pages = 1)
    {
        LetterFonts.EnsureRegistered();
        using var document = new PdfDocument();
        var font = new XFont(LetterFonts.Family, 12, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
        for (var i = 1; i <= pages; i++)
        {
            var page = document.AddPage();
            using var graphics = XGraphics.FromPdfPage(page);
            graphics.DrawString($"{text} side {i}", font, XBrushes.Black, 72, 144, XStringFormats.BaseLineLeft);
        }
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>A solid-colour RGB PNG, written by hand (signature, IHDR, zlib-compressed IDAT, IEND).</summary>
    public static byte[] Png(int width = 40, int height = 30)
    {
        using var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0); // filter: none
            for (var x = 0; x < width; x++) raw.Write([0x22, 0x55, (byte)(0x80 + x % 64)]);
        }
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) raw.WriteTo(zlib);

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: RGB
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A small JPEG drawing (a blue box with a yellow square), rendered once with pdftoppm and kept with the tests.</summary>
    public static byte[] Jpeg() => File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "Bundles", "tegning.jpg"));

    /// <summary>A Word document as far as the bundle can tell: a ZIP package, which it cannot render.</summary>
    public static byte[] Docx(string text)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("word/document.xml").Open());
            writer.Write($"<w:document><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>");
        }
        return output.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
