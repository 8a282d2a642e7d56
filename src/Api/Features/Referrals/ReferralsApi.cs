using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Infrastructure.Errors;
using Visitation.Api.Infrastructure.Files;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Ppv;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rules;

namespace Visitation.Api.Features.Referrals;

/// <summary>
/// Referrals (henvisninger). Each change loads the referral, lets its workflow version decide, and
/// saves; the response is the referral as the caller may now see it, with an ETag of its revision.
/// Send the ETag back in If-Match to be told (409) when someone else changed it meanwhile.
/// </summary>
public static class ReferralsApi
{
    public sealed record CreateReferral(Guid? ChildId);
    public sealed record AssignRound(Guid? RoundId);
    public sealed record TriageReferral(int? Track);
    public sealed record RecordHearingRequest(DateTimeOffset? SentAt, DateTimeOffset? ReplyDeadline, string? Subject, string? ParentsReply);
    /// <param name="Letter">When given, the written decision is issued in the same transaction (see DecisionsApi).</param>
    /// <param name="CapacityOverride">Needed only when the offer is full: the committee's reason for overfilling it.</param>
    public sealed record DecideRequest(string? Outcome, Guid? OfferId, DateOnly? StartDate, string? Recommendations,
        Guid? PostponedToRoundId, string? Missing, string? Reasons, Decisions.DecisionsApi.IssueDecisionRequest? Letter = null,
        Allocation.CapacityOverrideRequest? CapacityOverride = null);
    public sealed record WithdrawRequest(string? Reason);

    public static RouteGroupBuilder MapReferralsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/referrals").WithTags("Henvisninger").DisableAntiforgery();
        group.MapGet("", ListAsync);
        group.MapPost("", CreateAsync);
        group.MapGet("/{id:guid}", GetAsync);
        group.MapPost("/{id:guid}/documents", UploadAsync)
            .WithFormOptions(multipartBodyLengthLimit: 64L * 1024 * 1024);
        group.MapGet("/{id:guid}/documents/{documentId:guid}", DownloadAsync);
        group.MapPost("/{id:guid}/submit", (Guid id, Caller c, [AsParameters] Ctx x, CancellationToken ct) =>
            ChangeAsync(id, c, x, ct, (wf, r, now) => wf.Submit(r, c.Actor, x.Rules.Get(r.RuleSetVersion), now)));
        group.MapPost("/{id:guid}/round", AssignRoundAsync);
        group.MapPost("/{id:guid}/triage", (Guid id, TriageReferral body, Caller c, [AsParameters] Ctx x, CancellationToken ct) =>
            ChangeAsync(id, c, x, ct, (wf, r, now) => wf.Triage(r, c.Actor, ParseTrack(body.Track), now)));
        group.MapPost("/{id:guid}/agenda", (Guid id, Caller c, [AsParameters] Ctx x, CancellationToken ct) =>
            ChangeAsync(id, c, x, ct, (wf, r, now) => wf.PutOnAgenda(r, c.Actor, now)));
        group.MapPost("/{id:guid}/hearings", (Guid id, RecordHearingRequest body, Caller c, [AsParameters] Ctx x, CancellationToken ct) =>
            ChangeAsync(id, c, x, ct, (wf, r, now) => wf.RecordHearing(r, c.Actor,
                body.SentAt ?? throw new InvalidInputException("sentAt", "Angiv hvornår høringen blev sendt."),
                body.ReplyDeadline ?? throw new InvalidInputException("replyDeadline", "Angiv svarfristen."),
                body.Subject ?? "", body.ParentsReply, x.Rules.InForceAt(x.Clock), now)));
        group.MapPost("/{id:guid}/decision", DecideAsync);
        group.MapPost("/{id:guid}/withdraw", (Guid id, WithdrawRequest body, Caller c, [AsParameters] Ctx x, CancellationToken ct) =>
            ChangeAsync(id, c, x, ct, (wf, r, now) => wf.Withdraw(r, c.Actor, body.Reason ?? "", now)));
        return group;
    }

    /// <summary>What every referral endpoint needs, bound as one parameter.</summary>
    public sealed record Ctx(VisitationDbContext Db, WorkflowCatalog Workflows, RuleSetCatalog Rules, TimeProvider Clock,
        AuditLog Audit, HttpContext Http)
    {
        public ReferralWorkflow WorkflowOf(Referral r) => Workflows.Get<ReferralWorkflow>(r.WorkflowKey, r.WorkflowVersion);
    }

    internal static async Task<Ok<List<ReferralSummary>>> ListAsync(Caller caller, [AsParameters] Ctx x, CancellationToken ct,
        [FromQuery] string? state = null, [FromQuery] Guid? roundId = null, [FromQuery] int page = 1, [FromQuery] int pageSize = 200)
    {
        var actor = caller.Require(Role.CommitteeMember, Role.DistrictSchoolLeader, Role.Psychologist, Role.Guardian, Role.OfferLeader).Actor;
        var query = VisibleTo(x.Db.Referrals.AsNoTracking(), actor);
        if (state is not null)
        {
            if (!Enum.TryParse<ReferralState>(state, ignoreCase: true, out var parsed))
                throw new InvalidInputException("state", $"Ukendt status '{state}'. Mulige: {string.Join(", ", Enum.GetNames<ReferralState>())}.");
            query = query.Where(r => r.State == parsed);
        }
        if (roundId is not null) query = query.Where(r => r.RoundId == roundId);
        var rows = await query
            .Join(x.Db.Children, r => r.ChildId, c => c.Id, (r, c) => new { r.Id, r.ChildId, c.Name, r.DistrictSchoolId, r.State, r.RoundId, r.Track, r.CreatedAt, r.SubmittedAt, r.Revision })
            .OrderByDescending(r => r.CreatedAt)
            .Skip((Math.Max(page, 1) - 1) * Math.Clamp(pageSize, 1, 500))
            .Take(Math.Clamp(pageSize, 1, 500))
            .ToListAsync(ct);
        foreach (var row in rows)
            x.Audit.Read(actor, row.ChildId, "Henvisning", row.Id, "Så henvisningen i en oversigt.");
        await x.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(rows.Select(r => new ReferralSummary(r.Id, r.ChildId, r.Name, r.DistrictSchoolId,
            new(r.State.ToString(), r.State.Danish()), r.RoundId, (int?)r.Track, r.CreatedAt, r.SubmittedAt, r.Revision)).ToList());
    }

    /// <summary>The same scope as <see cref="CaseAccess.CanReadReferral"/>, as a database filter.</summary>
    private static IQueryable<Referral> VisibleTo(IQueryable<Referral> referrals, Actor actor) => actor.Role switch
    {
        Role.CommitteeMember => referrals,
        Role.DistrictSchoolLeader or Role.Psychologist => referrals.Where(r => actor.SchoolIds.Contains(r.DistrictSchoolId)),
        Role.Guardian => referrals.Where(r => actor.ChildIds.Contains(r.ChildId)),
        Role.OfferLeader => referrals.Where(r => r.State == ReferralState.Decided
            && r.Decisions.Any(d => d.Outcome == DecisionOutcome.Placement && d.OfferId == actor.OfferId)),
        _ => referrals.Where(_ => false),
    };

    internal static async Task<Created<ReferralDetails>> CreateAsync(CreateReferral body, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        caller.Require(Role.DistrictSchoolLeader);
        var childId = body.ChildId ?? throw new InvalidInputException("childId", "Angiv hvilket barn henvisningen gælder (childId).");
        var child = await x.Db.Children.FirstOrDefaultAsync(c => c.Id == childId, ct);
        if (child is null || !CaseAccess.CanReadChild(caller.Actor, child))
            throw new InvalidInputException("childId", "Barnet findes ikke, eller du har ikke adgang til det.");
        if (await HasOpenReferralAsync(x.Db, childId, ct)) throw OpenReferralExists();
        var workflow = x.Workflows.Latest<ReferralWorkflow>(ReferralWorkflow.DefinitionKey);
        var rules = x.Rules.InForceAt(x.Clock);
        var referral = workflow.Start(Guid.NewGuid(), child, caller.Actor, rules, x.Clock.GetUtcNow());
        x.Db.Referrals.Add(referral);
        try
        {
            await x.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Lost a race with a concurrent request: the unique index on open referrals per child held.
            x.Db.Entry(referral).State = EntityState.Detached;
            if (await HasOpenReferralAsync(x.Db, childId, CancellationToken.None)) throw OpenReferralExists();
            throw;
        }
        SetETag(x.Http, referral);
        return TypedResults.Created($"/api/referrals/{referral.Id}", ReferralDetails.From(referral, child, workflow, rules, caller.Actor));
    }

    private static Task<bool> HasOpenReferralAsync(VisitationDbContext db, Guid childId, CancellationToken ct) =>
        db.Referrals.AnyAsync(r => r.ChildId == childId && r.State != ReferralState.Decided && r.State != ReferralState.Withdrawn, ct);

    private static WrongStateException OpenReferralExists() =>
        new("Barnet har allerede en åben henvisning. Fortsæt den i stedet for at oprette en ny.");

    internal static async Task<Ok<ReferralDetails>> GetAsync(Guid id, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        var referral = await LoadVisibleAsync(id, caller.Actor, x, tracking: false, ct);
        x.Audit.Read(caller.Actor, referral.ChildId, "Henvisning", referral.Id, "Læste henvisningen.");
        await x.Db.SaveChangesAsync(ct);
        return await RespondAsync(referral, caller, x, ct);
    }

    /// <summary>
    /// Attaches a file as one of the referral's parts. An uploaded PPV is a PPV made outside the PPV
    /// workflow and is accepted only with the form fields <c>issuer</c>, <c>issuedOn</c> and
    /// <c>markedFinal=true</c> (<see cref="PpvForReferral.RequireExternal"/>); a refusal names the field.
    /// </summary>
    internal static async Task<Created<ReferralDetails>> UploadAsync(Guid id, [FromForm] string? part, IFormFile? file,
        Caller caller, [AsParameters] Ctx x, CancellationToken ct, [FromForm] string? issuer = null, [FromForm] string? issuedOn = null,
        [FromForm] string? markedFinal = null)
    {
        var referral = await LoadForChangeAsync(id, caller.Actor, x, ct);
        var type = ParsePart(part);
        var now = x.Clock.GetUtcNow();
        var stored = await UploadedFiles.ReadAndCheckAsync(file, x.Rules.Get(referral.RuleSetVersion).Uploads, now, ct);
        var external = type == ReferralPartType.PPV
            ? PpvForReferral.RequireExternal(issuer, ParseDate(issuedOn, PpvForReferral.IssuedOnField), IsTrue(markedFinal), now)
            : null;
        x.WorkflowOf(referral).AttachDocument(referral, caller.Actor, type,
            new StoredFileInfo(stored.Id, stored.FileName, stored.ContentType, stored.Length, stored.Sha256), now, external: external);
        x.Db.StoredFiles.Add(stored);
        await x.Db.SaveChangesAsync(ct);
        var details = (await RespondAsync(referral, caller, x, ct)).Value!;
        var document = referral.Documents.Single(d => d.StoredFileId == stored.Id);
        return TypedResults.Created($"/api/referrals/{id}/documents/{document.Id}", details);
    }

    private static async Task<FileContentHttpResult> DownloadAsync(Guid id, Guid documentId, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        var referral = await LoadVisibleAsync(id, caller.Actor, x, tracking: false, ct);
        var document = referral.Documents.FirstOrDefault(d => d.Id == documentId) ?? throw NotFoundException.Of("Dokumentet");
        var file = await x.Db.StoredFiles.AsNoTracking().FirstAsync(f => f.Id == document.StoredFileId, ct);
        x.Audit.Read(caller.Actor, referral.ChildId, "Henvisning", referral.Id, $"Hentede dokumentet {document.Type.Danish()} ({document.FileName}).");
        await x.Db.SaveChangesAsync(ct);
        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    internal static async Task<Ok<ReferralDetails>> AssignRoundAsync(Guid id, AssignRound body, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        var roundId = body.RoundId ?? throw new InvalidInputException("roundId", "Angiv hvilken runde henvisningen skal tilknyttes.");
        var round = await x.Db.Rounds.FirstOrDefaultAsync(r => r.Id == roundId, ct)
            ?? throw new InvalidInputException("roundId", "Runden findes ikke.");
        return await ChangeAsync(id, caller, x, ct, (wf, r, now) => wf.AssignToRound(r, caller.Actor, round, now));
    }

    internal static async Task<Ok<ReferralDetails>> DecideAsync(Guid id, DecideRequest body, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        if (!Enum.TryParse<DecisionOutcome>(body.Outcome, ignoreCase: true, out var outcome) || !Enum.IsDefined(outcome))
            throw new InvalidInputException("outcome", "Afgørelsen skal være Placement (visitation til specialtilbud), ReturnToGeneral (tilbagevisning) eller Postponed (udsættelse).");
        var rules = x.Rules.InForceAt(x.Clock);
        Func<Referral, Task>? issue = body.Letter is null
            ? null
            : r => Decisions.DecisionsApi.IssueAsync(x.Db, r, body.Letter, caller.Actor, rules, x.Clock.GetUtcNow(), x.Http.RequestAborted);
        switch (outcome)
        {
            case DecisionOutcome.Placement:
                var offerId = body.OfferId ?? throw new InvalidInputException("offerId", "Angiv hvilket specialtilbud barnet visiteres til.");
                var offer = await x.Db.Offers.FirstOrDefaultAsync(o => o.Id == offerId, ct)
                    ?? throw new InvalidInputException("offerId", "Specialtilbuddet findes ikke.");
                var start = body.StartDate ?? throw new InvalidInputException("startDate", "Angiv startdato for placeringen.");
                var referral = await LoadForChangeAsync(id, caller.Actor, x, ct);
                var workflow = x.WorkflowOf(referral);
                var now = x.Clock.GetUtcNow();
                string? overrideReason = null;
                // The same seat check as at the committee's meeting: a full offer takes a child only with an explicit override.
                // Seats are counted only for someone who may decide, so a refusal tells nobody else how full an offer is.
                if (workflow.PermittedActions(referral, caller.Actor).Contains(ReferralTrigger.DecidePlacement))
                {
                    var (ledger, _) = await Allocation.SeatClaims.LedgerAsync(x.Db, rules, DanishTime.Date(now), ct, offerId, [referral.ChildId]);
                    var check = ledger.EnsureRoomFor(offer, start, body.CapacityOverride?.ToDomain());
                    overrideReason = check.Overridden ? body.CapacityOverride!.Reason!.Trim() : null;
                }
                workflow.DecidePlacement(referral, caller.Actor, offer, start, body.Reasons ?? "", rules, now, overrideReason);
                // From the decision on, the offer leader prepares the start and so may see the child:
                // the placement places the child and carries the revisitation due date.
                var child = await x.Db.Children.FirstAsync(c => c.Id == referral.ChildId, ct);
                await Placements.PlacementsApi.CreateFromDecisionAsync(x.Db, referral, child, caller.Actor, rules, now, ct);
                if (issue is not null) await issue(referral);
                await x.Db.SaveChangesAsync(ct);
                return await RespondAsync(referral, caller, x, ct);
            case DecisionOutcome.ReturnToGeneral:
                return await ChangeAsync(id, caller, x, ct, (wf, r, now) =>
                    wf.DecideReturnToGeneral(r, caller.Actor, body.Recommendations ?? "", body.Reasons ?? "", rules, now), issue);
            default:
                var laterId = body.PostponedToRoundId ?? throw new InvalidInputException("postponedToRoundId", "Angiv hvilken runde sagen udsættes til.");
                var later = await x.Db.Rounds.FirstOrDefaultAsync(r => r.Id == laterId, ct)
                    ?? throw new InvalidInputException("postponedToRoundId", "Runden findes ikke.");
                return await ChangeAsync(id, caller, x, ct, (wf, r, now) =>
                    wf.Postpone(r, caller.Actor, later, body.Missing ?? "", body.Reasons ?? "", rules, now), issue);
        }
    }

    internal static async Task<Ok<ReferralDetails>> ChangeAsync(Guid id, Caller caller, [AsParameters] Ctx x, CancellationToken ct,
        Action<ReferralWorkflow, Referral, DateTimeOffset> change, Func<Referral, Task>? alsoBeforeSave = null)
    {
        var referral = await LoadForChangeAsync(id, caller.Actor, x, ct);
        change(x.WorkflowOf(referral), referral, x.Clock.GetUtcNow());
        if (alsoBeforeSave is not null) await alsoBeforeSave(referral);
        await x.Db.SaveChangesAsync(ct);
        return await RespondAsync(referral, caller, x, ct);
    }

    private static async Task<Referral> LoadForChangeAsync(Guid id, Actor actor, [AsParameters] Ctx x, CancellationToken ct)
    {
        var referral = await LoadVisibleAsync(id, actor, x, tracking: true, ct);
        Revisions.EnsureIfMatch(x.Http, referral.Revision, "Henvisningen er ændret af en anden, siden du hentede den. Hent den igen, og gentag din ændring.");
        return referral;
    }

    /// <summary>A referral outside the caller's read scope answers 404, so its existence is not revealed.</summary>
    private static async Task<Referral> LoadVisibleAsync(Guid id, Actor actor, Ctx x, bool tracking, CancellationToken ct)
    {
        var query = tracking ? x.Db.Referrals : x.Db.Referrals.AsNoTracking();
        var referral = await query.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (referral is null || !CaseAccess.CanReadReferral(actor, referral)) throw NotFoundException.Of("Henvisningen");
        return referral;
    }

    private static async Task<Ok<ReferralDetails>> RespondAsync(Referral referral, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        var child = await x.Db.Children.AsNoTracking().FirstAsync(c => c.Id == referral.ChildId, ct);
        SetETag(x.Http, referral);
        return TypedResults.Ok(ReferralDetails.From(referral, child, x.WorkflowOf(referral), x.Rules.Get(referral.RuleSetVersion), caller.Actor));
    }

    private static void SetETag(HttpContext http, Referral referral) =>
        Revisions.SetETag(http, referral.Revision);

    private static ReferralPartType ParsePart(string? part) =>
        Enum.TryParse<ReferralPartType>(part, ignoreCase: true, out var type) && Enum.IsDefined(type)
            ? type
            : throw new InvalidInputException("part",
                $"Angiv dokumenttypen (part): {string.Join(", ", Enum.GetValues<ReferralPartType>().Select(p => $"{p} ({p.Danish()})"))}.");

    private static DateOnly? ParseDate(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? null
        : DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
            ? date
            : throw new InvalidInputException(field, "Datoen skal skrives som år-måned-dag, fx 2026-05-01.");

    /// <summary>A form's yes: "true" from an API client, "on" or "true" from a check box.</summary>
    private static bool IsTrue(string? value) =>
        value?.Trim().ToLowerInvariant() is "true" or "on" or "1" or "ja";

    internal static Track ParseTrack(int? track) =>
        track is { } t && Enum.IsDefined((Track)t)
            ? (Track)t
            : throw new InvalidInputException("track", "Sporet skal være 1 (specialtilbud), 2 (socio-emotionelle tilbud) eller 3 (vidtgående tilbud).");
}
