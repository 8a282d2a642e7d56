using System.Runtime.ExceptionServices;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Files;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Documents.Letters;
using Visitation.Documents.Rendering;
using Visitation.Workflows.Children;
using Visitation.Workflows.Decisions;
using Visitation.Workflows.Rules;

namespace Visitation.Api.Features.Decisions;

/// <summary>
/// Renders each issued decision into one immutable letter per guardian, stores each with its SHA-256,
/// and delivers it through the configured channels; the first receipt starts the complaint clock.
/// Decisions come in batches (a round's are issued together): the batch's letters are rendered on every
/// core and stored in one transaction, then delivered, and the receipts saved in a second one.
/// Idempotent: a redelivered message finds the letters (unique per decision and guardian) and only
/// finishes deliveries that have no receipt yet.
/// </summary>
public sealed class DeliverDecisionLetters(VisitationDbContext db, IEnumerable<IDeliveryChannel> channels, LetterRenderer renderer,
    MunicipalitySettings town, RuleSetCatalog rules, TimeProvider clock, ILogger<DeliverDecisionLetters> log) : IConsumer<Batch<DecisionIssued>>
{
    public async Task Consume(ConsumeContext<Batch<DecisionIssued>> context)
    {
        var ct = context.CancellationToken;
        var ids = context.Message.Select(m => m.Message.WrittenDecisionId).Distinct().ToList();
        try
        {
            await DeliverAsync(ids, ct);
        }
        catch (Exception e) when (ids.Count > 1 && e is not OperationCanceledException)
        {
            // One decision that cannot be delivered must not hold back the rest: each is tried on its own, and the
            // batch is retried only because of those that still fail (for the others a retry finds nothing to do).
            log.LogWarning(e, "Delivering {Count} decisions together failed; delivering them one by one", ids.Count);
            db.ChangeTracker.Clear();
            var failures = new List<Exception>();
            foreach (var id in ids)
            {
                try
                {
                    await DeliverAsync([id], ct);
                }
                catch (Exception one) when (one is not OperationCanceledException)
                {
                    log.LogError(one, "Delivering decision {DecisionId} failed; the message will be retried", id);
                    failures.Add(one);
                    db.ChangeTracker.Clear();
                }
            }
            if (failures.Count > 0) throw new AggregateException($"{failures.Count} of {ids.Count} decisions could not be delivered.", failures);
        }
    }

    /// <summary>How many decisions' letters are delivered at once.</summary>
    private const int ConcurrentDeliveries = 8;

    private sealed record ToRender(WrittenDecision Decision, Guardian Guardian, int Number, DecisionLetter Content, Letter? Previous, Child Child);

    private async Task DeliverAsync(IReadOnlyList<Guid> decisionIds, CancellationToken ct)
    {
        var decisions = await db.WrittenDecisions.Where(d => decisionIds.Contains(d.Id)).ToListAsync(ct);
        var childIds = decisions.Select(d => d.ChildId).Distinct().ToList();
        var children = await db.Children.AsNoTracking().Where(c => childIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var guardianIds = children.Values.SelectMany(c => c.GuardianIds).Distinct().ToList();
        var guardianRows = await db.Guardians.AsNoTracking().Where(g => guardianIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, ct);
        var letters = (await db.Letters.Where(l => decisionIds.Contains(l.WrittenDecisionId)).ToListAsync(ct))
            .GroupBy(l => l.WrittenDecisionId).ToDictionary(g => g.Key, g => g.ToList());
        var replacedIds = decisions.Select(d => d.ReplacesDecisionId).OfType<Guid>().ToList();
        var replaced = replacedIds.Count == 0
            ? []
            : await db.Letters.AsNoTracking().Where(l => replacedIds.Contains(l.WrittenDecisionId)).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var deliveredOn = LetterComposition.DanishDate(now);

        IReadOnlyList<Guardian> GuardiansOf(WrittenDecision d) => children[d.ChildId].GuardianIds.Select(id => guardianRows[id]).ToList();

        var toRender = new List<ToRender>();
        foreach (var decision in decisions)
        {
            var child = children[decision.ChildId];
            var guardians = GuardiansOf(decision);
            var existing = letters.GetValueOrDefault(decision.Id) ?? [];
            if (guardians.All(g => existing.Any(l => l.GuardianId == g.Id))) continue;
            var composed = LetterComposition.Compose(decision, child, guardians, town, rules.Get(decision.RuleSetVersion), deliveredOn);
            for (var i = 0; i < guardians.Count; i++)
            {
                if (existing.Any(l => l.GuardianId == guardians[i].Id)) continue;
                var previous = replaced.FirstOrDefault(l => l.WrittenDecisionId == decision.ReplacesDecisionId && l.GuardianId == guardians[i].Id);
                var content = previous is null ? composed[i] : composed[i] with
                {
                    Replaces = new LetterReference(previous.LetterDate, previous.Id.ToString("N")[..12].ToUpperInvariant()),
                };
                toRender.Add(new ToRender(decision, guardians[i], i + 1, content, previous, child));
            }
        }

        // Rendering is the CPU work of a round's letters; the renderer is thread-safe and deterministic.
        var pdfs = new RenderedLetter[toRender.Count];
        Parallel.For(0, toRender.Count, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => pdfs[i] = renderer.RenderLetter(toRender[i].Content));

        // The PDFs rendered now are delivered from memory; one stored by an earlier attempt is read back.
        var inMemory = new Dictionary<Guid, byte[]>();
        for (var i = 0; i < toRender.Count; i++)
        {
            var (decision, guardian, number, _, previous, child) = toRender[i];
            var pdf = pdfs[i];
            var file = new StoredFile(Guid.NewGuid(), $"afgoerelse-{LetterComposition.CaseNumber(decision)}-{number}.pdf",
                "application/pdf", pdf.Pdf, pdf.Sha256, now);
            var letter = new Letter(Guid.NewGuid(), decision, guardian.Id, guardian.Name, $"{Subject(decision.Kind)} – {child.Name}", file.Id,
                pdf.Sha256, pdf.PageCount, pdf.TemplateVersion, deliveredOn, now, previous?.Id);
            db.StoredFiles.Add(file);
            db.Letters.Add(letter);
            (letters.TryGetValue(decision.Id, out var list) ? list : letters[decision.Id] = []).Add(letter);
            inMemory[letter.Id] = pdf.Pdf;
        }
        if (toRender.Count > 0)
        {
            // Letters are stored before any delivery is attempted: what a guardian receives is what the archive holds.
            // A concurrent duplicate of a message fails on the unique (decision, guardian) index and is retried.
            await db.SaveChangesAsync(ct);
            log.LogInformation("Stored {Count} letter(s) for {Decisions} decision(s)", toRender.Count, decisions.Count);
        }

        // Stored PDFs of letters left undelivered by an earlier attempt, read before the deliveries run side by side
        // (a DbContext takes one query at a time).
        var undelivered = decisions.SelectMany(d => letters.GetValueOrDefault(d.Id) ?? []).Where(l => l.DeliveredAt is null).ToList();
        var storedIds = undelivered.Where(l => !inMemory.ContainsKey(l.Id)).Select(l => l.StoredFileId).ToList();
        var stored = storedIds.Count == 0
            ? []
            : await db.StoredFiles.AsNoTracking().Where(f => storedIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.Content, ct);

        // Decisions are delivered side by side: a channel such as Digital Post is a network call, and a round has hundreds.
        // Each decision's own letters go one after the other, and a failure stops only that decision.
        var failures = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        var dispatched = new System.Collections.Concurrent.ConcurrentBag<(WrittenDecision Decision, DateTimeOffset At)>();
        try
        {
            await Parallel.ForEachAsync(decisions, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = ConcurrentDeliveries }, async (decision, token) =>
            {
                var own = letters.GetValueOrDefault(decision.Id) ?? [];
                var guardians = GuardiansOf(decision);
                try
                {
                    foreach (var letter in own.Where(l => l.DeliveredAt is null))
                    {
                        var pdf = inMemory.GetValueOrDefault(letter.Id) ?? stored[letter.StoredFileId];
                        await DeliverAsync(letter, guardians.First(g => g.Id == letter.GuardianId), pdf, rules.Get(decision.RuleSetVersion), token);
                    }
                }
                // A channel's own timeout is this decision's failure; only the host stopping cancels the batch.
                catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    failures.Add(e);
                    return;
                }
                if (own.Count > 0 && own.All(l => l.DeliveredAt is not null)) dispatched.Add((decision, own.Max(l => l.DeliveredAt!.Value)));
            });
        }
        finally
        {
            // The receipts given so far are saved whatever happened to the other letters, even when the host is stopping:
            // each starts a guardian's complaint clock, and a letter delivered twice would start it twice.
            var referralIds = dispatched.Where(d => d.Decision.CaseType == WrittenDecisionCaseTypes.Referral).Select(d => d.Decision.CaseId).Distinct().ToList();
            if (referralIds.Count > 0)
            {
                var referrals = await db.Referrals.AsSplitQuery().Where(r => referralIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, CancellationToken.None);
                foreach (var (decision, at) in dispatched.Where(d => d.Decision.CaseType == WrittenDecisionCaseTypes.Referral))
                    referrals.GetValueOrDefault(decision.CaseId)?.Decisions.FirstOrDefault(d => d.Id == decision.SourceDecisionId)?.MarkDispatched(at);
            }
            await db.SaveChangesAsync(CancellationToken.None);
        }

        // A channel's timeout is reported wrapped, so it is never mistaken for the host stopping and is retried.
        if (failures.Count == 1 && failures.First() is not OperationCanceledException) ExceptionDispatchInfo.Throw(failures.First());
        if (failures.Count > 0) throw new AggregateException(failures);
        var waiting = decisions.Where(d => (letters.GetValueOrDefault(d.Id) ?? []).Any(l => l.DeliveredAt is null)).Select(d => d.Id).ToList();
        if (waiting.Count > 0)
            throw new InvalidOperationException($"No delivery receipt yet for some letters of decision(s) {string.Join(", ", waiting)}; the message will be retried.");
    }

    private async Task DeliverAsync(Letter letter, Guardian guardian, byte[] pdf, RuleSet ruleSet, CancellationToken ct)
    {
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

/// <summary>
/// A round's decisions are issued together, so their letters arrive together: up to 50 decisions are taken at a time
/// (a lone decision waits at most a tenth of a second for company), two batches at once, so one batch's database
/// writes overlap the next one's rendering.
/// </summary>
public sealed class DeliverDecisionLettersDefinition : ConsumerDefinition<DeliverDecisionLetters>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<DeliverDecisionLetters> consumerConfigurator, IRegistrationContext context) =>
        consumerConfigurator.Options<BatchOptions>(o => o.SetMessageLimit(50).SetTimeLimit(TimeSpan.FromMilliseconds(100)).SetConcurrencyLimit(2));
}

public static class WrittenDecisionCaseTypes
{
    public const string Referral = "referral";
    public const string Revisitation = "revisitation";
}
