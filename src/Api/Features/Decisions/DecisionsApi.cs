using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Infrastructure.Errors;
using Visitation.Api.Infrastructure.Files;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Documents.Bundles;
using Visitation.Workflows.Access;
using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Decisions;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Rules;
using Visitation.Workflows.Schools;

namespace Visitation.Api.Features.Decisions;

/// <summary>
/// Written decisions (afgørelser), their letters, and the complaint path: issue, read and download,
/// lodge a complaint, reassess (uphold and forward with the case file, or change).
/// </summary>
public static class DecisionsApi
{
    public sealed record IssueDecisionRequest(
        string? DecisionText,
        string? RulesApplied,
        string? MainConsiderations,
        IReadOnlyList<string>? FactsReliedOn,
        IReadOnlyList<string>? Recommendations,
        IReadOnlyList<string>? AdditionalLegalBasis,
        IReadOnlyList<string>? NextSteps,
        string? PostponementReason,
        DateOnly? NextConsideration,
        Guid? ReplacesWrittenDecisionId);

    public sealed record WrittenDecisionView(Guid Id, string Kind, Guid CaseId, Guid ChildId, string DecidedBy, DateOnly DecidedOn,
        string DecisionText, string? RulesApplied, string? MainConsiderations, IReadOnlyList<string> FactsReliedOn,
        IReadOnlyList<string> Recommendations, bool IsAppealable, DateTimeOffset IssuedAt, string RuleSetVersion, Guid? ReplacesDecisionId);

    public sealed record LetterView(Guid Id, Guid WrittenDecisionId, Guid ChildId, Guid GuardianId, string RecipientName, string Subject,
        DateOnly LetterDate, string Sha256, int PageCount, string TemplateVersion, string RuleSetVersion, bool IsAppealable,
        string? Channel, DateTimeOffset? DeliveredAt, DateOnly? ComplaintDeadline, Guid? ReplacesLetterId, string PdfUrl);

    /// <param name="BundleUrl">The case file for the board as one PDF, once the decision is upheld.</param>
    /// <param name="BundleArchiveUrl">
    /// When some documents could not be put into the PDF (a Word file, say): a ZIP of the PDF and those
    /// files as received, which is what goes to the board.
    /// </param>
    public sealed record ComplaintView(Guid Id, Guid LetterId, Guid WrittenDecisionId, Guid ChildId, string LodgedBy, string Text,
        DateTimeOffset LodgedAt, bool IsLate, string Status, DateTimeOffset ReassessmentDue, string? ReassessmentNote,
        DateTimeOffset? ReassessedAt, string? ReassessedBy, IReadOnlyList<ComplaintAttachmentView> Attachments, string? BundleUrl,
        string? BundleArchiveUrl, int Revision);

    public sealed record ComplaintAttachmentView(Guid Id, string FileName, string ContentType, string Url);

    public sealed record ReassessRequest(string? Outcome, string? Note);

    public static IEndpointRouteBuilder MapDecisionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Afgørelser og klager").DisableAntiforgery();
        api.MapPost("/referrals/{id:guid}/written-decision", IssueForReferralAsync);
        api.MapGet("/written-decisions/{id:guid}", GetDecisionAsync);
        api.MapGet("/children/{childId:guid}/letters", ListLettersAsync);
        api.MapGet("/letters/{id:guid}", GetLetterAsync);
        api.MapGet("/letters/{id:guid}/pdf", DownloadLetterAsync);
        api.MapPost("/letters/{id:guid}/complaints", LodgeComplaintAsync)
            .WithFormOptions(multipartBodyLengthLimit: 64L * 1024 * 1024);
        api.MapGet("/complaints", ListComplaintsAsync);
        api.MapGet("/complaints/{id:guid}", GetComplaintAsync);
        api.MapGet("/complaints/{id:guid}/attachments/{attachmentId:guid}", DownloadAttachmentAsync);
        api.MapPost("/complaints/{id:guid}/reassessment", ReassessAsync);
        api.MapGet("/complaints/{id:guid}/bundle", DownloadBundleAsync);
        api.MapGet("/complaints/{id:guid}/bundle/zip", DownloadBundleArchiveAsync);
        return app;
    }

    private static async Task<Created<WrittenDecisionView>> IssueForReferralAsync(Guid id, IssueDecisionRequest body, Caller caller,
        VisitationDbContext db, RuleSetCatalog rules, TimeProvider clock, CancellationToken ct)
    {
        caller.Require(Role.CommitteeMember);
        var referral = await db.Referrals.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (referral is null || !CaseAccess.CanReadReferral(caller.Actor, referral)) throw NotFoundException.Of("Henvisningen");
        var decision = await IssueAsync(db, referral, body, caller.Actor, rules.InForceAt(clock), clock.GetUtcNow(), ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (db.ChangeTracker.Entries<WrittenDecision>().Any())
        {
            // A concurrent request issued it first; the unique index kept it to one.
            throw new WrongStateException("Afgørelsen er allerede udstedt.");
        }
        return TypedResults.Created($"/api/written-decisions/{decision.Id}", ToView(decision));
    }

    /// <summary>
    /// Issues the written decision for the referral's latest committee decision. Shared with the decide
    /// endpoint, which can record and issue in one transaction. The caller saves.
    /// </summary>
    public static async Task<WrittenDecision> IssueAsync(VisitationDbContext db, Referral referral, IssueDecisionRequest body,
        Actor actor, RuleSet rules, DateTimeOffset now, CancellationToken ct)
    {
        var source = referral.LatestDecision
            ?? throw new WrongStateException("Visitationsudvalget har ikke truffet en afgørelse i sagen endnu.");
        var alreadyIssued = await db.WrittenDecisions.AnyAsync(w => w.SourceDecisionId == source.Id, ct);
        if (alreadyIssued && body.ReplacesWrittenDecisionId is null) throw AlreadyIssued();
        if (body.ReplacesWrittenDecisionId is { } replaces && !await db.WrittenDecisions.AnyAsync(w => w.Id == replaces && w.CaseId == referral.Id, ct))
            throw new InvalidInputException("replacesWrittenDecisionId", "Den afgørelse, der skal erstattes, findes ikke i denne sag.");

        var child = await db.Children.AsNoTracking().FirstAsync(c => c.Id == referral.ChildId, ct);
        var offer = source.OfferId is { } offerId ? await db.Offers.AsNoTracking().FirstOrDefaultAsync(o => o.Id == offerId, ct) : null;
        var laterRound = source.PostponedToRoundId is { } roundId ? await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roundId, ct) : null;
        var guardians = await db.Guardians.AsNoTracking().Where(g => child.GuardianIds.Contains(g.Id)).ToListAsync(ct);
        return Issue(db, referral, body, new IssueBasis(child, offer, laterRound, guardians), actor, rules, now);
    }

    /// <summary>What a referral's written decision is made from besides the referral, read by the caller.</summary>
    /// <param name="Offer">The offer a placement names.</param>
    /// <param name="LaterRound">The round a postponement names.</param>
    public sealed record IssueBasis(Child Child, SpecialOffer? Offer, VisitationRound? LaterRound, IReadOnlyList<Guardian> Guardians);

    internal static WrongStateException AlreadyIssued() =>
        new("Afgørelsen er allerede udstedt. En rettelse udstedes som en ny afgørelse, der erstatter den første (replacesWrittenDecisionId).");

    /// <summary>
    /// The written decision of the referral's latest decision, added to <paramref name="db"/>, from what the caller has read
    /// (as closing a round does for all its cases at once). The caller has checked that it is not issued already.
    /// </summary>
    public static WrittenDecision Issue(VisitationDbContext db, Referral referral, IssueDecisionRequest body, IssueBasis loaded,
        Actor actor, RuleSet rules, DateTimeOffset now)
    {
        var source = referral.LatestDecision
            ?? throw new WrongStateException("Visitationsudvalget har ikke truffet en afgørelse i sagen endnu.");
        var (child, offer, laterRound, guardians) = loaded;
        var kind = source.Outcome switch
        {
            DecisionOutcome.Placement => WrittenDecisionKind.CommitteePlacement,
            DecisionOutcome.ReturnToGeneral => WrittenDecisionKind.ReturnToGeneral,
            _ => WrittenDecisionKind.Postponement,
        };
        var defaultText = source.Outcome switch
        {
            DecisionOutcome.Placement => $"{child.Name} visiteres til {offer?.Name} fra den {DanishTime.LongDate(source.StartDate!.Value)}.",
            DecisionOutcome.ReturnToGeneral => $"{child.Name} visiteres ikke til et specialtilbud, men fortsætter i sin distriktsskole med specialpædagogisk støtte.",
            _ => "",
        };
        var ppv = referral.CurrentDocuments.FirstOrDefault(d => d.Type == ReferralPartType.PPV);
        var basis = new DecisionBasis(
            ppv is null ? null
                : ppv.PpvVersion is { } version
                    ? $"Pædagogisk-psykologisk vurdering (PPV), version {version}, vedhæftet {DanishTime.LongDate(ppv.UploadedAt)}"
                    : $"Pædagogisk-psykologisk vurdering (PPV), {ppv.FileName}, modtaget {DanishTime.LongDate(ppv.UploadedAt)}",
            referral.HasPart(ReferralPartType.ParentStatement),
            referral.Hearings.Count > 0,
            child.GuardianIds.Count,
            guardians.Where(g => !LetterComposition.HasPostalAddress(g)).Select(g => g.Name).ToList());
        var content = new DecisionContent(
            string.IsNullOrWhiteSpace(body.DecisionText) ? defaultText : body.DecisionText,
            body.RulesApplied,
            body.MainConsiderations ?? (kind == WrittenDecisionKind.Postponement ? null : source.Reasons),
            body.FactsReliedOn ?? [],
            body.Recommendations ?? SplitLines(source.Recommendations),
            body.AdditionalLegalBasis ?? [],
            body.NextSteps ?? [],
            body.PostponementReason ?? (kind == WrittenDecisionKind.Postponement ? source.Reasons : null),
            SplitLines(source.MissingForPostponement),
            body.NextConsideration ?? (laterRound is null ? null : DanishTime.Date(laterRound.CommitteeMeetingAt)));
        var written = WrittenDecision.Issue(Guid.NewGuid(), kind, WrittenDecisionCaseTypes.Referral, referral.Id, source.Id, referral.ChildId,
            "Visitationsudvalget", DanishTime.Date(source.DecidedAt), content, basis, rules, actor, now, body.ReplacesWrittenDecisionId);
        db.WrittenDecisions.Add(written);
        return written;
    }

    private static IReadOnlyList<string> SplitLines(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal static async Task<Ok<WrittenDecisionView>> GetDecisionAsync(Guid id, Caller caller, VisitationDbContext db, AuditLog audit, CancellationToken ct)
    {
        var decision = await db.WrittenDecisions.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw NotFoundException.Of("Afgørelsen");
        if (!CanReadDecisionsOf(caller.Actor, decision.ChildId)) throw NotFoundException.Of("Afgørelsen");
        audit.Read(caller.Actor, decision.ChildId, "Afgørelse", decision.Id, "Læste afgørelsen.");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToView(decision));
    }

    internal static async Task<Ok<List<LetterView>>> ListLettersAsync(Guid childId, Caller caller, VisitationDbContext db, AuditLog audit, CancellationToken ct)
    {
        if (!CanReadDecisionsOf(caller.Actor, childId)) throw NotFoundException.Of("Barnet");
        var query = db.Letters.AsNoTracking().Where(l => l.ChildId == childId);
        if (caller.Actor.Role == Role.Guardian) query = query.Where(l => l.GuardianId == caller.Actor.GuardianId);
        var letters = await query.OrderByDescending(l => l.CreatedAt).ToListAsync(ct);
        audit.Read(caller.Actor, childId, "Afgørelsesbreve", null, $"Så listen over afgørelsesbreve ({letters.Count}).");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(letters.Select(ToView).ToList());
    }

    internal static async Task<Ok<LetterView>> GetLetterAsync(Guid id, Caller caller, VisitationDbContext db, AuditLog audit, CancellationToken ct)
    {
        var letter = await LoadLetterAsync(id, caller.Actor, db, ct);
        audit.Read(caller.Actor, letter.ChildId, "Afgørelsesbrev", letter.Id, $"Læste oplysninger om brevet til {letter.RecipientName}.");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToView(letter));
    }

    private static async Task<FileContentHttpResult> DownloadLetterAsync(Guid id, Caller caller, VisitationDbContext db, AuditLog audit, CancellationToken ct)
    {
        var letter = await LoadLetterAsync(id, caller.Actor, db, ct);
        var file = await db.StoredFiles.AsNoTracking().FirstAsync(f => f.Id == letter.StoredFileId, ct);
        audit.Read(caller.Actor, letter.ChildId, "Afgørelsesbrev", letter.Id, $"Hentede afgørelsesbrevet til {letter.RecipientName} som PDF.");
        await db.SaveChangesAsync(ct);
        return TypedResults.File(file.Content, "application/pdf", file.FileName);
    }

    internal static async Task<Created<ComplaintView>> LodgeComplaintAsync(Guid id, [FromForm] string? text, IFormFileCollection? files,
        Caller caller, VisitationDbContext db, RuleSetCatalog rules, TimeProvider clock, CancellationToken ct)
    {
        var letter = await LoadLetterAsync(id, caller.Actor, db, ct);
        var now = clock.GetUtcNow();
        var ruleSet = rules.Get(letter.RuleSetVersion);
        var attachments = new List<ComplaintAttachment>();
        foreach (var file in files ?? (IFormFileCollection)new FormFileCollection())
        {
            var stored = await UploadedFiles.ReadAndCheckAsync(file, ruleSet.Uploads, now, ct);
            db.StoredFiles.Add(stored);
            attachments.Add(new ComplaintAttachment(Guid.NewGuid(), stored.Id, stored.FileName, stored.ContentType));
        }
        var complaint = Complaint.Lodge(Guid.NewGuid(), letter, caller.Actor, text ?? "", attachments, ruleSet.Complaints, now);
        db.Complaints.Add(complaint);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/complaints/{complaint.Id}", ToView(complaint));
    }

    internal static async Task<Ok<List<ComplaintView>>> ListComplaintsAsync(Caller caller, VisitationDbContext db, AuditLog audit, CancellationToken ct)
    {
        var actor = caller.Require(Role.CommitteeMember, Role.Guardian).Actor;
        var query = db.Complaints.AsNoTracking();
        if (actor.Role == Role.Guardian) query = query.Where(c => c.GuardianId == actor.GuardianId);
        var complaints = await query.OrderByDescending(c => c.LodgedAt).Take(500).ToListAsync(ct);
        foreach (var complaint in complaints) audit.Read(actor, complaint.ChildId, "Klage", complaint.Id, "Så klagen i en oversigt.");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(complaints.Select(ToView).ToList());
    }

    internal static async Task<Ok<ComplaintView>> GetComplaintAsync(Guid id, Caller caller, VisitationDbContext db, AuditLog audit, CancellationToken ct)
    {
        var complaint = await LoadComplaintAsync(id, caller.Actor, db, ct);
        audit.Read(caller.Actor, complaint.ChildId, "Klage", complaint.Id, "Læste klagen.");
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToView(complaint));
    }

    private static async Task<FileContentHttpResult> DownloadAttachmentAsync(Guid id, Guid attachmentId, Caller caller, VisitationDbContext db,
        AuditLog audit, CancellationToken ct)
    {
        var complaint = await LoadComplaintAsync(id, caller.Actor, db, ct);
        var attachment = complaint.Attachments.FirstOrDefault(a => a.Id == attachmentId) ?? throw NotFoundException.Of("Bilaget");
        var file = await db.StoredFiles.AsNoTracking().FirstAsync(f => f.Id == attachment.StoredFileId, ct);
        audit.Read(caller.Actor, complaint.ChildId, "Klage", complaint.Id, $"Hentede bilaget {attachment.FileName} til klagen.");
        await db.SaveChangesAsync(ct);
        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    /// <summary>
    /// The municipality's reassessment: uphold (the complaint goes to the board with the case file) or
    /// change the decision. Everything that would refuse the request (role, outcome, a complaint already
    /// reassessed, a missing note, a stale revision) is checked before the case file is built, so a
    /// refused request costs nothing and stores nothing.
    /// </summary>
    internal static async Task<Ok<ComplaintView>> ReassessAsync(Guid id, ReassessRequest body, Caller caller, VisitationDbContext db,
        TimeProvider clock, MunicipalitySettings town, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        caller.Require(Role.CommitteeMember);
        var uphold = body.Outcome?.Trim().ToLowerInvariant() switch
        {
            "uphold" => true,
            "change" => false,
            _ => throw new InvalidInputException("outcome", "Angiv resultatet af genvurderingen: Uphold (fastholdes og sendes til klagenævnet) eller Change (afgørelsen ændres)."),
        };
        var complaint = await db.Complaints.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw NotFoundException.Of("Klagen");
        Revisions.EnsureIfMatch(http, complaint.Revision, "Klagen er genvurderet af en anden, siden du hentede den. Hent den igen.");
        var note = complaint.EnsureCanReassess(caller.Actor, body.Note);
        var now = clock.GetUtcNow();
        if (uphold)
        {
            var (bundle, archive) = await BuildBundleAsync(db, complaint, note, caller.Actor, town, now, ct);
            complaint.Uphold(caller.Actor, note, bundle.Id, archive?.Id, now);
            db.StoredFiles.Add(bundle);
            if (archive is not null) db.StoredFiles.Add(archive);
            audit.Read(caller.Actor, complaint.ChildId, "Klage", complaint.Id, "Samlede sagens akter til klagenævnet.");
        }
        else
        {
            complaint.ChangeDecision(caller.Actor, note, now);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Two members reassessing at once: the complaint's revision let only the first through.
            throw new ConcurrentChangeException("Klagen er genvurderet af en anden, samtidig med dig. Hent den igen.");
        }
        return TypedResults.Ok(ToView(complaint));
    }

    private static async Task<FileContentHttpResult> DownloadBundleAsync(Guid id, Caller caller, VisitationDbContext db, AuditLog audit, CancellationToken ct)
    {
        caller.Require(Role.CommitteeMember);
        var complaint = await LoadComplaintAsync(id, caller.Actor, db, ct);
        if (complaint.BundleStoredFileId is not { } fileId)
            throw new WrongStateException("Der er ikke dannet sagsakter, fordi klagen ikke er sendt videre til klagenævnet.");
        var file = await db.StoredFiles.AsNoTracking().FirstAsync(f => f.Id == fileId, ct);
        audit.Read(caller.Actor, complaint.ChildId, "Klage", complaint.Id, "Hentede sagsakterne til klagenævnet.");
        await db.SaveChangesAsync(ct);
        return TypedResults.File(file.Content, "application/pdf", file.FileName);
    }

    private static async Task<FileContentHttpResult> DownloadBundleArchiveAsync(Guid id, Caller caller, VisitationDbContext db, AuditLog audit, CancellationToken ct)
    {
        caller.Require(Role.CommitteeMember);
        var complaint = await LoadComplaintAsync(id, caller.Actor, db, ct);
        if (complaint.BundleArchiveStoredFileId is not { } fileId)
            throw new WrongStateException(complaint.BundleStoredFileId is null
                ? "Der er ikke dannet sagsakter, fordi klagen ikke er sendt videre til klagenævnet."
                : "Alle sagens dokumenter er sat ind i sagsakternes PDF; der er ingen bilag, der sendes særskilt.");
        var file = await db.StoredFiles.AsNoTracking().FirstAsync(f => f.Id == fileId, ct);
        audit.Read(caller.Actor, complaint.ChildId, "Klage", complaint.Id, "Hentede sagsakterne til klagenævnet med de særskilte bilag (ZIP).");
        await db.SaveChangesAsync(ct);
        return TypedResults.File(file.Content, "application/zip", file.FileName);
    }

    /// <summary>
    /// The case file for the board: the decision letter, every current part of the referral (signed form,
    /// PPV, handleplan, elevplan, parent statement, child's perspective), the complaint's attachments, and as
    /// text the complaint, the hearings with the parents' replies and the reassessment note. Files that
    /// cannot go into the PDF are also returned as a ZIP with the PDF, to be sent together.
    /// </summary>
    private static async Task<(StoredFile Bundle, StoredFile? Archive)> BuildBundleAsync(VisitationDbContext db, Complaint complaint, string note,
        Actor actor, MunicipalitySettings town, DateTimeOffset now, CancellationToken ct)
    {
        var decision = await db.WrittenDecisions.AsNoTracking().FirstAsync(d => d.Id == complaint.WrittenDecisionId, ct);
        var letter = await db.Letters.AsNoTracking().FirstAsync(l => l.Id == complaint.LetterId, ct);
        var child = await db.Children.AsNoTracking().FirstAsync(c => c.Id == complaint.ChildId, ct);
        var documents = new List<CaseFileDocument>();
        var sections = new List<CaseFileSection>();
        var letterFile = await db.StoredFiles.AsNoTracking().FirstAsync(f => f.Id == letter.StoredFileId, ct);
        documents.Add(new CaseFileDocument($"Afgørelsen (brevet til {letter.RecipientName})", letterFile.FileName, letterFile.ContentType, letterFile.Content));
        if (decision.CaseType == WrittenDecisionCaseTypes.Referral)
        {
            var referral = await db.Referrals.AsNoTracking().FirstAsync(r => r.Id == decision.CaseId, ct);
            foreach (var part in Enum.GetValues<ReferralPartType>())
            {
                if (referral.CurrentDocuments.LastOrDefault(d => d.Type == part) is not { } document) continue;
                var file = await db.StoredFiles.AsNoTracking().FirstAsync(f => f.Id == document.StoredFileId, ct);
                documents.Add(new CaseFileDocument(PartTitle(document), file.FileName, file.ContentType, file.Content));
            }
            if (referral.Hearings.Count > 0)
                sections.Add(new CaseFileSection("Partshøring af forældrene", referral.Hearings.OrderBy(h => h.SentAt).Select(h =>
                    $"Sendt {DanishTime.LongDate(h.SentAt)} med svarfrist {DanishTime.LongDate(h.ReplyDeadline)}: {h.Subject}\n"
                    + (string.IsNullOrWhiteSpace(h.ParentsReply) ? "Forældrene svarede ikke inden fristen." : $"Forældrenes svar: {h.ParentsReply}")).ToList()));
        }
        foreach (var attachment in complaint.Attachments)
        {
            var file = await db.StoredFiles.AsNoTracking().FirstAsync(f => f.Id == attachment.StoredFileId, ct);
            documents.Add(new CaseFileDocument("Bilag til klagen", file.FileName, file.ContentType, file.Content));
        }
        sections.Insert(0, new CaseFileSection("Klagen", [
            $"Indgivet af {complaint.LodgedByName} den {DanishTime.LongDate(complaint.LodgedAt)}{(complaint.IsLate ? ", efter klagefristen" : "")}.",
            complaint.Text]));
        sections.Add(new CaseFileSection("Kommunens genvurdering: afgørelsen fastholdes", [
            $"Genvurderet af {actor.DisplayName}, visitationsudvalget, den {DanishTime.LongDate(now)}.",
            note]));

        var caseNumber = LetterComposition.CaseNumber(decision);
        var cover = new List<string>
        {
            $"{town.Name}, {town.Department}",
            $"Sagsnummer: {caseNumber}",
            $"Barn: {child.Name}",
            $"Afgørelse truffet {DanishTime.LongDate(decision.DecidedOn)} af {decision.DecidedBy}.",
            $"Klage modtaget {DanishTime.LongDate(complaint.LodgedAt)}{(complaint.IsLate ? " (efter klagefristen)" : "")}.",
        };
        var caseFile = CaseFileBundle.Build("Sagsakter til Klagenævnet for Specialundervisning", cover, sections, documents);
        var pdfName = $"sagsakter-{caseNumber}.pdf";
        var bundle = Stored(pdfName, "application/pdf", caseFile.Pdf, now);
        var archive = caseFile.EnclosedSeparately.Count == 0
            ? null
            : Stored($"sagsakter-{caseNumber}.zip", "application/zip", CaseFileBundle.Archive(pdfName, caseFile, now), now);
        return (bundle, archive);
    }

    private static StoredFile Stored(string fileName, string contentType, byte[] content, DateTimeOffset now) =>
        new(Guid.NewGuid(), fileName, contentType, content, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), now);

    /// <summary>A referral part's title in the case file; a PPV says which version, or who made an external one and when.</summary>
    private static string PartTitle(ReferralDocument document)
    {
        var title = char.ToUpper(document.Type.Danish()[0], DanishTime.Culture) + document.Type.Danish()[1..];
        return document switch
        {
            { PpvVersion: { } version } => $"{title}, version {version} fra PPV-forløbet",
            { External: { } external } => $"{title}, ekstern, udarbejdet af {external.Issuer}, dateret {DanishTime.LongDate(external.IssuedOn)}",
            { IsExternal: true } => $"{title}, ekstern (udsteder og dato ikke oplyst)",
            _ => title,
        };
    }

    /// <summary>Guardians read their own child's decisions; the committee reads all. Others see the case, not the letters.</summary>
    private static bool CanReadDecisionsOf(Actor actor, Guid childId) => actor.Role switch
    {
        Role.CommitteeMember => true,
        Role.Guardian => actor.ChildIds.Contains(childId),
        _ => false,
    };

    private static async Task<Letter> LoadLetterAsync(Guid id, Actor actor, VisitationDbContext db, CancellationToken ct)
    {
        var letter = await db.Letters.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, ct);
        var visible = letter is not null && actor.Role switch
        {
            Role.CommitteeMember => true,
            Role.Guardian => letter.GuardianId == actor.GuardianId,
            _ => false,
        };
        return visible ? letter! : throw NotFoundException.Of("Brevet");
    }

    private static async Task<Complaint> LoadComplaintAsync(Guid id, Actor actor, VisitationDbContext db, CancellationToken ct)
    {
        var complaint = await db.Complaints.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        var visible = complaint is not null && actor.Role switch
        {
            Role.CommitteeMember => true,
            Role.Guardian => complaint.GuardianId == actor.GuardianId,
            _ => false,
        };
        return visible ? complaint! : throw NotFoundException.Of("Klagen");
    }

    private static WrittenDecisionView ToView(WrittenDecision d) => new(d.Id, d.Kind.ToString(), d.CaseId, d.ChildId, d.DecidedBy, d.DecidedOn,
        d.DecisionText, d.RulesApplied, d.MainConsiderations, d.FactsReliedOn, d.Recommendations, d.IsAppealable, d.IssuedAt, d.RuleSetVersion, d.ReplacesDecisionId);

    private static LetterView ToView(Letter l) => new(l.Id, l.WrittenDecisionId, l.ChildId, l.GuardianId, l.RecipientName, l.Subject, l.LetterDate,
        l.Sha256, l.PageCount, l.TemplateVersion, l.RuleSetVersion, l.IsAppealable, l.Channel, l.DeliveredAt, l.ComplaintDeadline, l.ReplacesLetterId,
        $"/api/letters/{l.Id}/pdf");

    private static ComplaintView ToView(Complaint c) => new(c.Id, c.LetterId, c.WrittenDecisionId, c.ChildId, c.LodgedByName, c.Text,
        c.LodgedAt, c.IsLate, c.Status.ToString(), c.ReassessmentDue, c.ReassessmentNote, c.ReassessedAt, c.ReassessedByName,
        c.Attachments.Select(a => new ComplaintAttachmentView(a.Id, a.FileName, a.ContentType, $"/api/complaints/{c.Id}/attachments/{a.Id}")).ToList(),
        c.BundleStoredFileId is null ? null : $"/api/complaints/{c.Id}/bundle",
        c.BundleArchiveStoredFileId is null ? null : $"/api/complaints/{c.Id}/bundle/zip", c.Revision);
}
