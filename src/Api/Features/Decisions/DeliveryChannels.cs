using Visitation.Workflows.Children;
using Visitation.Workflows.Decisions;

namespace Visitation.Api.Features.Decisions;

/// <summary>What a channel needs to deliver one letter.</summary>
public sealed record LetterDelivery(Letter Letter, Guardian Guardian, byte[] Pdf);

/// <summary>A delivery receipt: when the letter reached the guardian. The complaint clock starts here.</summary>
public sealed record DeliveryReceipt(string Channel, DateTimeOffset DeliveredAt);

/// <summary>
/// A way of getting a letter to a guardian. Channels that cannot vouch for delivery return no receipt. Several
/// letters are delivered at once, so an implementation must be safe to call concurrently and must not use the
/// consumer's DbContext.
/// </summary>
public interface IDeliveryChannel
{
    string Name { get; }
    Task<DeliveryReceipt?> DeliverAsync(LetterDelivery delivery, CancellationToken ct);
}

/// <summary>
/// The parent portal's mailbox: the stored letter is readable by the guardian the moment it is saved,
/// so saving is delivery. The embedded default's receipt-giving channel.
/// </summary>
public sealed class ParentMailboxChannel(TimeProvider clock) : IDeliveryChannel
{
    public string Name => "Forældreportalen";

    public Task<DeliveryReceipt?> DeliverAsync(LetterDelivery delivery, CancellationToken ct) =>
        Task.FromResult<DeliveryReceipt?>(new DeliveryReceipt(Name, clock.GetUtcNow()));
}

/// <summary>Writes a copy of each letter to a folder (for print and post, or archiving). Gives no receipt.</summary>
public sealed class FileDropChannel(MunicipalitySettings settings) : IDeliveryChannel
{
    public string Name => "Filmappe";

    public async Task<DeliveryReceipt?> DeliverAsync(LetterDelivery delivery, CancellationToken ct)
    {
        Directory.CreateDirectory(settings.LetterDropFolder);
        var path = Path.Combine(settings.LetterDropFolder, $"{delivery.Letter.Id:N}.pdf");
        // Idempotent: the letter id names the file and the bytes never change.
        if (!File.Exists(path)) await File.WriteAllBytesAsync(path, delivery.Pdf, ct);
        return null;
    }
}

/// <summary>
/// Digital Post (CPR-addressed, MeMo message format) as the production channel needs it. The real
/// client is NOT connected in this code base; <see cref="NotConnectedDigitalPost"/> says so loudly.
/// </summary>
public interface IDigitalPostClient
{
    /// <returns>When Digital Post confirmed the message in the recipient's mailbox.</returns>
    Task<DateTimeOffset> SendAsync(DigitalPostMessage message, CancellationToken ct);
}

/// <param name="RecipientCpr">The guardian's CPR number: Digital Post addresses by CPR.</param>
/// <param name="Title">The MeMo message title shown in the recipient's inbox.</param>
public sealed record DigitalPostMessage(string RecipientCpr, string Title, string FileName, byte[] Pdf, Guid MessageUuid);

public sealed class NotConnectedDigitalPost : IDigitalPostClient
{
    public Task<DateTimeOffset> SendAsync(DigitalPostMessage message, CancellationToken ct) =>
        throw new InvalidOperationException("Digital Post er ikke tilsluttet i denne installation. Brug forældreportalen, eller tilslut en Digital Post-klient.");
}

public sealed class DigitalPostChannel(IDigitalPostClient client) : IDeliveryChannel
{
    public string Name => "Digital Post";

    public async Task<DeliveryReceipt?> DeliverAsync(LetterDelivery delivery, CancellationToken ct)
    {
        // The letter id is the message UUID, so a resend after a crash is recognised as a duplicate by Digital Post.
        var deliveredAt = await client.SendAsync(new DigitalPostMessage(delivery.Guardian.Cpr.Value, delivery.Letter.Subject,
            $"afgoerelse-{delivery.Letter.Id:N}.pdf", delivery.Pdf, delivery.Letter.Id), ct);
        return new DeliveryReceipt(Name, deliveredAt);
    }
}
