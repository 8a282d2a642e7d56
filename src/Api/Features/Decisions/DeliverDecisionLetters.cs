using MassTransit;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Files;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Documents.Rendering;
using Visitation.Workflows.Decisions;
using Visitation.Workflows.Rules;

namespace Visitation.Api.Features.Decisions;

/// <summary>
/// Renders an issued decision into one immutable letter per guardian, stores each with its SHA-256,
/// and delivers it through the configured channels; the first receipt starts the complaint clock.
/// Idempotent: a redelivered message finds the letters (unique per decision and guardian) and only
/// finishes deliveries that have no receipt yet.
/// </summary>
public sealed class DeliverDecisionLetters(VisitationDbContext db, IEnumerable<IDeliveryChannel> channels, LetterRenderer renderer,
    MunicipalitySettings town, RuleSetCatalog rules, TimeProvider clock, ILogger<DeliverDecisionLetters> log) : IConsumer<DecisionIssued>
{
    public async Task Consume(ConsumeContext<DecisionIssued> context)
    {
        var ct = context.CancellationToken;
        var decision = await db.WrittenDecisions.FirstAsync(d => d.Id == context.Message.WrittenDecisionId, ct);
        var child = await db.Children.AsNoTracking().FirstAsync(c => c.Id == decision.ChildId, ct);
        var guardianRows = await db.Guardians.AsNoTracking().Where(g => child.GuardianIds.Contains(g.Id)).ToListAsync(ct);
        var guardians = child.GuardianIds.Select(id => guardianRows.First(g => g.Id == id)).ToList();
        var ruleSet = rules.Get(decision.RuleSetVersion);
        var letters = await db.Letters.Where(l => l.WrittenDecisionId == decision.Id).ToListAsync(ct);
        var now = clock.GetUtcNow();

        var missing = guardians.Where(g => letters.All(l => l.GuardianId != g.Id)).ToList();
        if (missing.Count > 0)
        {
            var replaced = decision.ReplacesDecisionId is { } old
                ? await db.Letters.AsNoTracking().Where(l => l.WrittenDecisionId == old).ToListAsync(ct)
                : [];
            var deliveredOn = LetterComposition.DanishDate(now);
            var composed = LetterComposition.Compose(decision, child, guardians, town, ruleSet, deliveredOn);
            for (var i = 0; i < guardians.Count; i++)
            {
                var guardian = guardians[i];
                if (!missing.Contains(guardian)) continue;
                var previous = replaced.FirstOrDefault(l => l.GuardianId == guardian.Id);
                var content = previous is null ? composed[i] : composed[i] with
                {
                    Replaces = new Documents.Letters.LetterReference(previous.LetterDate, previous.Id.ToString("N")[..12].ToUpperInvariant()),
                };
                var rendered = renderer.RenderLetter(content);
                var file = new StoredFile(Guid.NewGuid(), $"afgoerelse-{LetterComposition.CaseNumber(decision)}-{i + 1}.pdf",
                    "application/pdf", rendered.Pdf, rendered.Sha256, now);
                var subject = $"{Subject(decision.Kind)} – {child.Name}";
                var letter = new Letter(Guid.NewGuid(), decision, guardian.Id, guardian.Name, subject, file.Id, rendered.Sha256,
                    rendered.PageCount, rendered.TemplateVersion, deliveredOn, now, previous?.Id);
                db.StoredFiles.Add(file);
                db.Letters.Add(letter);
                letters.Add(letter);
            }
            // Letters are stored before any delivery is attempted: what a guardian receives is what the archive holds.
            // A concurrent duplicate of this message fails on the unique (decision, guardian) index and is retried.
            await db.SaveChangesAsync(ct);
            log.LogInformation("Stored {Count} letter(s) for decision {DecisionId}", missing.Count, decision.Id);
        }

        foreach (var letter in letters.Where(l => l.DeliveredAt is null))
        {
            var guardian = guardians.First(g => g.Id == letter.GuardianId);
            var pdf = (await db.StoredFiles.AsNoTracking().FirstAsync(f => f.Id == letter.StoredFileId, ct)).Content;
            foreach (var channel in channels)
            {
                try
                {
                    var receipt = await channel.DeliverAsync(new LetterDelivery(letter, guardian, pdf), ct);
                    if (receipt is not null) letter.RecordDelivery(receipt.Channel, receipt.DeliveredAt, ruleSet.Complaints);
                }
                catch (Exception e) when (channel is not ParentMailboxChannel && e is not OperationCanceledException)
                {
                    // A copy channel failing must not hold back the receipt another channel gave; the
                    // message is retried for letters still without one.
                    log.LogWarning(e, "Channel {Channel} failed for letter {LetterId}", channel.Name, letter.Id);
                }
            }
            // Each receipt is saved at once: it starts the guardian's complaint clock.
            await db.SaveChangesAsync(ct);
        }
        if (letters.Any(l => l.DeliveredAt is null))
            throw new InvalidOperationException($"No delivery receipt yet for some letters of decision {decision.Id}; the message will be retried.");

        if (decision.CaseType == WrittenDecisionCaseTypes.Referral && letters.All(l => l.DeliveredAt is not null))
        {
            var referral = await db.Referrals.FirstAsync(r => r.Id == decision.CaseId, ct);
            referral.Decisions.FirstOrDefault(d => d.Id == decision.SourceDecisionId)?.MarkDispatched(letters.Max(l => l.DeliveredAt!.Value));
        }
        await db.SaveChangesAsync(ct);
    }

    public static string Subject(WrittenDecisionKind kind) => kind switch
    {
        WrittenDecisionKind.CommitteePlacement => "Afgørelse om specialtilbud",
        WrittenDecisionKind.ReturnToGeneral => "Afgørelse om henvisning til specialtilbud",
        WrittenDecisionKind.Postponement => "Meddelelse om udsættelse",
        WrittenDecisionKind.RevisitationContinue => "Afgørelse om fortsat specialtilbud",
        WrittenDecisionKind.RevisitationChange => "Afgørelse om ændret specialpædagogisk bistand",
        WrittenDecisionKind.RevisitationEnd => "Afgørelse om ophør af specialtilbud",
        _ => "Afgørelse",
    };
}

public static class WrittenDecisionCaseTypes
{
    public const string Referral = "referral";
    public const string Revisitation = "revisitation";
}
