namespace Visitation.Api.Infrastructure.Messaging;

/// <summary>
/// An integration event written in the same transaction as the change that caused it and published to
/// the bus afterwards, so a crash between commit and publish loses nothing.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; private set; }
    public string Type { get; private set; } = "";
    public string Payload { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }
    public int Attempts { get; private set; }

    private OutboxMessage() { }

    public OutboxMessage(Guid id, string type, string payload, DateTimeOffset createdAt)
    {
        Id = id;
        Type = type;
        Payload = payload;
        CreatedAt = createdAt;
    }

    public void MarkPublished(DateTimeOffset at) => PublishedAt = at;

    public void CountAttempt() => Attempts++;
}
