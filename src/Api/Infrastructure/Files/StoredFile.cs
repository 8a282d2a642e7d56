namespace Visitation.Api.Infrastructure.Files;

/// <summary>
/// The bytes of an uploaded document. Kept in the database so a document and the case change that
/// attaches it commit together; documents are capped at a few megabytes by the rule set.
/// </summary>
public sealed class StoredFile
{
    public Guid Id { get; private set; }
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long Length { get; private set; }
    public string Sha256 { get; private set; } = "";
    public byte[] Content { get; private set; } = [];
    public DateTimeOffset StoredAt { get; private set; }

    private StoredFile() { }

    public StoredFile(Guid id, string fileName, string contentType, byte[] content, string sha256, DateTimeOffset storedAt)
    {
        Id = id;
        FileName = fileName;
        ContentType = contentType;
        Content = content;
        Length = content.LongLength;
        Sha256 = sha256;
        StoredAt = storedAt;
    }
}
