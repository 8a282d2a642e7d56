using System.Buffers.Binary;
using System.IO.Compression;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Visitation.Documents.Fonts;

namespace Visitation.Api.Tests.Support;

/// <summary>
/// Real files of the kinds a case holds, with text a test can find again: unlike <see cref="Http.Pdf"/>,
/// which only passes the upload's signature check, these open and render.
/// </summary>
public static class SampleFiles
{
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>A one-page PDF that reads <paramref name="text"/>.</summary>
    public static byte[] Pdf(string text)
    {
        LetterFonts.EnsureRegistered();
        using var document = new PdfDocument();
        var font = new XFont(LetterFonts.Family, 12, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
        var page = document.AddPage();
        using (var graphics = XGraphics.FromPdfPage(page))
            graphics.DrawString(text, font, XBrushes.Black, 72, 144, XStringFormats.BaseLineLeft);
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>A small solid-colour RGB PNG, written by hand.</summary>
    public static byte[] Png(int width = 32, int height = 24)
    {
        using var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0);
            for (var x = 0; x < width; x++) raw.Write([0x33, 0x66, 0x99]);
        }
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) raw.WriteTo(zlib);
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 2;
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A Word document as far as the case file can tell: a ZIP package it cannot render.</summary>
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
        var crc = 0xFFFFFFFFu;
        foreach (var b in typed)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        var tail = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(tail, ~crc);
        png.Write(tail);
    }
}
