using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Features.Referrals;
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

namespace Visitation.Api.Features.Ppv;

/// <summary>
/// The PPV (pædagogisk-psykologisk vurdering) with the psychologist service. Each change loads the case,
/// lets its workflow version decide, and saves; the response is the case as the caller may now see it
/// (<see cref="PpvAccess"/>), with an ETag of its revision for If-Match. Every response that shows a
/// child's PPV is logged as a read; every change is logged by <see cref="PpvChangeRecorder"/>. A case
/// outside the caller's read scope answers 404, so its existence is not revealed.
/// </summary>
public static class PpvApi
{
    public sealed record RequestPpv(Guid? ChildId, string? Reason);
    /// <param name="GuardianIds">Whose consent; a guardian may leave it out to consent for themself.</param>
    /// <param name="Scopes">Assessment, SharingWithSchool, SharingWithCommittee, or All.</param>
    /// <param name="GivenAt">When the consent was given (e.g. the date on a signed form); now when left out.</param>
    public sealed record RecordConsent(Guid[]? GuardianIds, string[]? Scopes, DateTimeOffset? GivenAt);
    public sealed record PrioritiseRequest(string? Priority, DateOnly? MeetingDate);
    public sealed record AssignRequest(Guid? PsychologistId, string? OverCapacityReason);
    public sealed record NoteRequest(string? Kind, string? Text, DateTimeOffset? OccurredAt);
    public sealed record DraftRequest(string? Text, string? Recommendations);
    /// <param name="GuardianId">For a psychologist recording a guardian's oral comment: whose comment it is.</param>
    public sealed record CommentRequest(string? Text, Guid? GuardianId);
    public sealed record ReasonRequest(string? Reason);
    public sealed record FinaliseRequest(string? ResponseToComments);
    public sealed record AttachPpvToReferral(Guid? PpvCaseId, int? Version);

    public const string CaseType = PpvChangeRecorder.CaseType;

    public static RouteGroupBuilder MapPpvApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/ppv").WithTags("PPV").DisableAntiforgery();
        group.MapGet("", ListAsync);
        group.MapPost("", RequestAsync);
        group.MapGet("/schools/{schoolId:guid}/queue", SchoolQueueAsync);
        group.MapGet("/psychologists", PsychologistsAsync);
        group.MapGet("/psychologists/{userId:guid}/queue", PsychologistQueueAsync);
        group.MapGet("/{id:guid}", GetAsync);
        group.MapGet("/{id:guid}/versions", VersionsAsync);
        group.MapGet("/{id:guid}/versions/{number:int}", VersionAsync);
        group.MapGet("/{id:guid}/versions/{number:int}/pdf", VersionPdfAsync);
        group.MapPost("/{id:guid}/consent", ConsentAsync);
        group.MapPost("/{id:guid}/prioritise", PrioritiseAsync);
        group.MapPost("/{id:guid}/assign", (Guid id, AssignRequest body, Caller c, [AsParameters] Ctx x, CancellationToken ct) =>
            AssignAsync(id, body, c, x, reassign: false, ct));
        group.MapPost("/{id:guid}/reassign", (Guid id, AssignRequest body, Caller c, [AsParameters] Ctx x, CancellationToken ct) =>
            AssignAsync(id, body, c, x, reassign: true, ct));
        group.MapPost("/{id:guid}/notes", NoteAsync);
        group.MapPost("/{id:guid}/draft", (Guid id, DraftRequest body, Caller c, [AsParameters] Ctx x, CancellationToken ct) =>
            ChangeAsync(id, c, x, ct, (wf, p, now) => wf.WriteDraft(p, c.Actor, body.Text ?? "", body.Recommendations ?? "", now)));
        group.MapPost("/{id:guid}/hearing", (Guid id, Caller c, [AsParameters] Ctx x, CancellationToken ct) =>
            ChangeAsync(id, c, x, ct, (wf, p, now) => wf.SendToHearing(p, c.Actor, x.Rules.Get(p.RuleSetVersion), now)));
        group.MapPost("/{id:guid}/hearing/comments", (Guid id, CommentRequest body, Caller c, [AsParameters] Ctx x, CancellationToken ct) =>
            ChangeAsync(id, c, x, ct, (wf, p, now) => wf.CommentOnHearing(p, c.Actor, body.Text ?? "", now, body.GuardianId)));
        group.MapPost("/{id:guid}/hearing/reopen", (Guid id, ReasonRequest body, Caller c, [AsParameters] Ctx x, CancellationToken ct) =>
            ChangeAsync(id, c, x, ct, (wf, p, now) => wf.ReopenDraft(p, c.Actor, body.Reason ?? "", now)));
        group.MapPost("/{id:guid}/finalise", (Guid id, FinaliseRequest body, Caller c, [AsParameters] Ctx x, CancellationToken ct) =>
            ChangeAsync(id, c, x, ct, (wf, p, now) => wf.Finalise(p, c.Actor, body.ResponseToComments, now)));
        group.MapPost("/{id:guid}/update", (Guid id, ReasonRequest body, Caller c, [AsParameters] Ctx x, CancellationToken ct) =>
            ChangeAsync(id, c, x, ct, (wf, p, now) => wf.RequestUpdate(p, c.Actor, body.Reason ?? "", x.Rules.InForceAt(x.Clock), now)));
        group.MapPost("/{id:guid}/withdraw", (Guid id, ReasonRequest body, Caller c, [AsParameters] Ctx x, CancellationToken ct) =>
            ChangeAsync(id, c, x, ct, (wf, p, now) => wf.Withdraw(p, c.Actor, body.Reason ?? "", now)));

        // The referral's PPV part taken from this workflow; kept here so the referral feature need not know the PPV's tables.
        app.MapPost("/api/referrals/{id:guid}/ppv", AttachToReferralAsync).WithTags("Henvisninger").DisableAntiforgery();
        return group;
    }

    /// <summary>What every PPV endpoint needs, bound as one parameter.</summary>
    public sealed record Ctx(VisitationDbContext Db, WorkflowCatalog Workflows, RuleSetCatalog Rules, TimeProvider Clock,
        AuditLog Audit, HttpContext Http)
    {
        public PpvWorkflow WorkflowOf(PpvCase ppv) => Workflows.Get<PpvWorkflow>(ppv.WorkflowKey, ppv.WorkflowVersion);
    }

    /// <summary>
    /// Every PPV case with its parts. A case owns nine collections; one query per collection keeps a case with
    /// many notes and history steps from multiplying into a cartesian product.
    /// </summary>
    internal static IQueryable<PpvCase> Cases(VisitationDbContext db) => db.Set<PpvCase>().AsSplitQuery();

    // ---------------------------------------------------------------- reads

    internal static async Task<Ok<List<PpvQueueItem>>> ListAsync(Caller caller, [AsParameters] Ctx x, CancellationToken ct,
        [FromQuery] Guid? schoolId = null, [FromQuery] string? state = null)
    {
        var actor = caller.Require(Role.DistrictSchoolLeader, Role.Psychologist, Role.Guardian).Actor;
        var query = VisibleTo(Cases(x.Db).AsNoTracking(), actor);
        if (schoolId is not null) query = query.Where(c => c.DistrictSchoolId == schoolId);
        if (state is not null)
        {
            var parsed = Parse<PpvState>(state, "state");
            query = query.Where(c => c.State == parsed);
        }
        var cases = (await query.OrderBy(c => c.CreatedAt).Take(500).ToListAsync(ct))
            .Where(c => PpvAccess.CanReadRequest(actor, c)).ToList();
        var items = await ItemsAsync(x, cases, ct);
        foreach (var ppv in cases)
            x.Audit.Read(actor, ppv.ChildId, CaseType, ppv.Id, "Så PPV-anmodningen i en oversigt.");
        await x.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(items);
    }

    /// <summary>
    /// The school's requests in progress for its coordination meeting with the psychologist service:
    /// prioritised first (high to low), then the longest waiting. Request level only.
    /// </summary>
    private static async Task<Ok<List<PpvQueueItem>>> SchoolQueueAsync(Guid schoolId, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        var actor = caller.Require(Role.DistrictSchoolLeader, Role.Psychologist).Actor;
        if (!actor.SchoolIds.Contains(schoolId) && !PsychologistService.IsLeader(actor))
            throw new NotPermittedException("Du kan kun se PPV-køen for de skoler, du er leder af eller betjener.");
        if (!await x.Db.Schools.AnyAsync(s => s.Id == schoolId, ct)) throw NotFoundException.Of("Skolen");
        var cases = await Cases(x.Db).AsNoTracking()
            .Where(c => c.DistrictSchoolId == schoolId && c.State != PpvState.Final && c.State != PpvState.Withdrawn)
            .ToListAsync(ct);
        var now = x.Clock.GetUtcNow();
        var queue = PsychologistCapacity.SchoolQueue(cases, schoolId, now);
        var byId = cases.ToDictionary(c => c.Id);
        var ordered = queue.Select(e => byId[e.PpvCaseId]).ToList();
        var items = await ItemsAsync(x, ordered, ct);
        foreach (var ppv in ordered)
            x.Audit.Read(actor, ppv.ChildId, CaseType, ppv.Id, "Så PPV-anmodningen i skolens PPV-kø.");
        await x.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(items);
    }

    /// <summary>Every psychologist's load against capacity, for deciding who can take a case. No child data.</summary>
    internal static async Task<Ok<List<PsychologistQueueView>>> PsychologistsAsync(Caller caller, [AsParameters] Ctx x, CancellationToken ct,
        [FromQuery] Guid? schoolId = null)
    {
        caller.Require(Role.DistrictSchoolLeader, Role.Psychologist);
        var psychologists = await x.Db.Users.AsNoTracking().Where(u => u.Role == Role.Psychologist).OrderBy(u => u.DisplayName).ToListAsync(ct);
        if (schoolId is { } school) psychologists = psychologists.Where(p => p.ServedSchoolIds.Contains(school)).ToList();
        var active = ActiveStates();
        var ids = psychologists.Select(p => (Guid?)p.Id).ToList();
        var counts = await x.Db.Set<PpvCase>().AsNoTracking()
            .Where(c => ids.Contains(c.AssignedPsychologistId) && active.Contains(c.State))
            .GroupBy(c => c.AssignedPsychologistId)
            .Select(g => new { Id = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var capacity = x.Rules.InForceAt(x.Clock).Ppv.ConcurrentAssessmentsPerPsychologist;
        return TypedResults.Ok(psychologists.Select(p =>
        {
            var n = counts.FirstOrDefault(c => c.Id == p.Id)?.Count ?? 0;
            return new PsychologistQueueView(p.Id, p.DisplayName, p.ServedSchoolIds, capacity, n, Math.Max(0, capacity - n), n >= capacity, n > capacity, []);
        }).ToList());
    }

    /// <summary>One psychologist's current assessments, the nearest target first, against capacity.</summary>
    private static async Task<Ok<PsychologistQueueView>> PsychologistQueueAsync(Guid userId, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        var actor = caller.Require(Role.DistrictSchoolLeader, Role.Psychologist).Actor;
        var psychologist = await x.Db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId && u.Role == Role.Psychologist, ct)
            ?? throw NotFoundException.Of("Psykologen");
        var active = ActiveStates();
        var cases = await Cases(x.Db).AsNoTracking()
            .Where(c => c.AssignedPsychologistId == userId && active.Contains(c.State))
            .ToListAsync(ct);
        var now = x.Clock.GetUtcNow();
        var queue = PsychologistCapacity.QueueOf(cases, userId, x.Rules.InForceAt(x.Clock), now);
        var byId = cases.ToDictionary(c => c.Id);
        var visible = queue.Cases.Select(e => byId[e.PpvCaseId]).Where(c => PpvAccess.CanReadRequest(actor, c)).ToList();
        var items = await ItemsAsync(x, visible, ct);
        foreach (var ppv in visible)
            x.Audit.Read(actor, ppv.ChildId, CaseType, ppv.Id, $"Så PPV-anmodningen i {psychologist.DisplayName}s kø.");
        await x.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(new PsychologistQueueView(userId, psychologist.DisplayName, psychologist.ServedSchoolIds, queue.Capacity,
            queue.Active, queue.FreePlaces, queue.IsFull, queue.IsOverCapacity, items));
    }

    internal static async Task<Ok<PpvDetails>> GetAsync(Guid id, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        var (ppv, onAgenda) = await LoadReadableAsync(id, caller.Actor, x, ct);
        return await RespondAsync(ppv, caller, x, onAgenda, audit: true, ct);
    }

    /// <summary>The final versions the caller may read, oldest first; each names the version it replaces and its hash.</summary>
    private static async Task<Ok<List<PpvVersionView>>> VersionsAsync(Guid id, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        var (ppv, onAgenda) = await LoadReadableAsync(id, caller.Actor, x, ct);
        var versions = PpvAccess.ReadableFinals(caller.Actor, ppv, onAgenda);
        if (versions.Count > 0)
        {
            x.Audit.Read(caller.Actor, ppv.ChildId, CaseType, ppv.Id,
                $"Læste PPV'ens endelige versioner ({string.Join(", ", versions.Select(v => v.Number))}).");
            await x.Db.SaveChangesAsync(ct);
        }
        return TypedResults.Ok(versions.Select(v => PpvVersionView.From(ppv, v)).ToList());
    }

    private static async Task<Ok<PpvVersionView>> VersionAsync(Guid id, int number, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        var (ppv, version) = await LoadReadableVersionAsync(id, number, caller.Actor, x, ct);
        x.Audit.Read(caller.Actor, ppv.ChildId, CaseType, ppv.Id, $"Læste PPV'ens endelige version {version.Number}.");
        await x.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(PpvVersionView.From(ppv, version));
    }

    private static async Task<FileContentHttpResult> VersionPdfAsync(Guid id, int number, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        var (ppv, version) = await LoadReadableVersionAsync(id, number, caller.Actor, x, ct);
        var pdf = await RenderAsync(x, ppv, version, ct);
        x.Audit.Read(caller.Actor, ppv.ChildId, CaseType, ppv.Id, $"Hentede PPV'ens endelige version {version.Number} som PDF.");
        await x.Db.SaveChangesAsync(ct);
        return TypedResults.File(pdf, "application/pdf", PpvPdf.FileName(version));
    }

    // ---------------------------------------------------------------- changes

    internal static async Task<Created<PpvDetails>> RequestAsync(RequestPpv body, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        caller.Require(Role.DistrictSchoolLeader, Role.Guardian);
        var childId = body.ChildId ?? throw new InvalidInputException("childId", "Angiv hvilket barn PPV'en gælder (childId).");
        var child = await x.Db.Children.AsNoTracking().FirstOrDefaultAsync(c => c.Id == childId, ct);
        if (child is null || !CaseAccess.CanReadChild(caller.Actor, child))
            throw new InvalidInputException("childId", "Barnet findes ikke, eller du har ikke adgang til det.");
        if (await ActiveCaseOfAsync(x.Db, childId, ct) is { } existing) throw CaseExists(existing);
        var workflow = x.Workflows.Latest<PpvWorkflow>(PpvWorkflow.DefinitionKey);
        var ppv = workflow.Request(Guid.NewGuid(), child, caller.Actor, body.Reason ?? "", x.Rules.InForceAt(x.Clock), x.Clock.GetUtcNow());
        x.Db.Set<PpvCase>().Add(ppv);
        try
        {
            await x.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Lost a race with a concurrent request: the unique index on the child's active case held.
            x.Db.Entry(ppv).State = EntityState.Detached;
            if (await ActiveCaseOfAsync(x.Db, childId, CancellationToken.None) is { } other) throw CaseExists(other);
            throw;
        }
        var details = await RespondAsync(ppv, caller, x, null, audit: false, ct);
        return TypedResults.Created($"/api/ppv/{ppv.Id}", details.Value);
    }

    private static Task<PpvState?> ActiveCaseOfAsync(VisitationDbContext db, Guid childId, CancellationToken ct) =>
        db.Set<PpvCase>().Where(c => c.ChildId == childId && c.State != PpvState.Withdrawn).Select(c => (PpvState?)c.State).FirstOrDefaultAsync(ct);

    private static WrongStateException CaseExists(PpvState state) => state == PpvState.Final
        ? new("Barnet har allerede en endelig PPV. Anmod om en opdatering af den i stedet for en ny PPV.")
        : new($"Barnet har allerede en PPV-sag, som er {state.Danish()}. Fortsæt den i stedet for at oprette en ny.");

    internal static Task<Ok<PpvDetails>> ConsentAsync(Guid id, RecordConsent body, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        var scopes = ParseScopes(body.Scopes);
        return ChangeAsync(id, caller, x, ct, (wf, p, now) =>
        {
            var guardians = body.GuardianIds is { Length: > 0 } named ? named
                : caller.Actor.GuardianId is { } own && caller.Actor.Role == Role.Guardian ? [own] : [];
            wf.RecordConsent(p, caller.Actor, guardians, scopes, body.GivenAt ?? now, now);
        });
    }

    internal static Task<Ok<PpvDetails>> PrioritiseAsync(Guid id, PrioritiseRequest body, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        var priority = Parse<PpvPriority>(body.Priority, "priority", "Prioriteten skal være High (høj), Normal eller Low (lav).");
        var meeting = body.MeetingDate ?? throw new InvalidInputException("meetingDate", "Angiv datoen for koordineringsmødet (meetingDate).");
        return ChangeAsync(id, caller, x, ct, (wf, p, now) => wf.Prioritise(p, caller.Actor, priority, meeting, now));
    }

    internal static async Task<Ok<PpvDetails>> AssignAsync(Guid id, AssignRequest body, Caller caller, Ctx x, bool reassign, CancellationToken ct)
    {
        var psychologistId = body.PsychologistId ?? throw new InvalidInputException("psychologistId", "Angiv hvilken psykolog sagen skal tildeles (psychologistId).");
        var user = await x.Db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == psychologistId, ct);
        var psychologist = user is null ? null : await Caller.ResolveAsync(x.Db, user.Subject, ct);
        if (psychologist is null || psychologist.Role != Role.Psychologist)
            throw new InvalidInputException("psychologistId", "Psykologen findes ikke.");
        var active = ActiveStates();
        // The count is read before the change; two coordinators assigning to the same psychologist at the
        // same moment may both pass, which the queue then shows as over capacity.
        var activeAssessments = await x.Db.Set<PpvCase>()
            .CountAsync(c => c.AssignedPsychologistId == psychologistId && active.Contains(c.State) && c.Id != id, ct);
        var rules = x.Rules.InForceAt(x.Clock);
        return await ChangeAsync(id, caller, x, ct, (wf, p, now) =>
        {
            if (reassign) wf.Reassign(p, caller.Actor, psychologist, activeAssessments, body.OverCapacityReason, rules, now);
            else wf.Assign(p, caller.Actor, psychologist, activeAssessments, body.OverCapacityReason, rules, now);
        });
    }

    internal static Task<Ok<PpvDetails>> NoteAsync(Guid id, NoteRequest body, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        var kind = Parse<PpvNoteKind>(body.Kind, "kind",
            "Angiv notatets art (kind): Observation, ConversationWithChild, ConversationWithParents, ConversationWithTeachers, Testing eller Other.");
        return ChangeAsync(id, caller, x, ct, (wf, p, now) => wf.RecordNote(p, caller.Actor, kind, body.Text ?? "", body.OccurredAt ?? now, now));
    }

    internal static async Task<Ok<PpvDetails>> ChangeAsync(Guid id, Caller caller, Ctx x, CancellationToken ct,
        Action<PpvWorkflow, PpvCase, DateTimeOffset> change)
    {
        var ppv = await LoadForChangeAsync(id, caller.Actor, x, ct);
        change(x.WorkflowOf(ppv), ppv, x.Clock.GetUtcNow());
        // The response shows the case as the caller may now see it; when that includes assessment content
        // (notes, drafts, comments, finals), showing it is a read like any other and is logged with the change.
        return await RespondAsync(ppv, caller, x, null, audit: null, ct);
    }

    // ---------------------------------------------------------------- the referral's PPV part

    /// <summary>
    /// Makes a final PPV version the referral's PPV part: the version is rendered as a PDF, stored, and
    /// attached through the referral workflow, which records which PPV case and version it is. A draft, a
    /// replaced version, another child's PPV or one the parents have not consented to share is refused (400,
    /// ppvReference). Attaching the version that is already the current PPV part changes nothing.
    /// </summary>
    private static async Task<Results<Created<ReferralDetails>, Ok<ReferralDetails>>> AttachToReferralAsync(Guid id, AttachPpvToReferral body,
        Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        var actor = caller.Require(Role.DistrictSchoolLeader).Actor;
        var referral = await x.Db.Referrals.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (referral is null || !CaseAccess.CanReadReferral(actor, referral)) throw NotFoundException.Of("Henvisningen");
        CheckIfMatch(x.Http, referral.Revision, "Henvisningen");
        var caseId = body.PpvCaseId ?? throw new InvalidInputException("ppvCaseId", "Angiv hvilken PPV-sag der skal bruges (ppvCaseId).");
        var number = body.Version ?? throw new InvalidInputException("version", "Angiv hvilken endelig version af PPV'en der skal bruges (version).");

        var ppv = await Cases(x.Db).AsNoTracking().FirstOrDefaultAsync(c => c.Id == caseId, ct);
        // A case the caller may not see is, to them, a case that does not exist.
        if (ppv is not null && !PpvAccess.CanReadRequest(actor, ppv)) ppv = null;
        var version = PpvForReferral.RequireFinal(new PpvReference(caseId, number), ppv, referral.ChildId);
        if (!PpvAccess.CanReadFinal(actor, ppv!, version))
            throw new InvalidInputException(PpvForReferral.Field,
                "PPV'en kan ikke indgå i henvisningen, fordi forældrene ikke har givet samtykke til, at den deles med skolen.");

        var workflow = x.Workflows.Get<ReferralWorkflow>(referral.WorkflowKey, referral.WorkflowVersion);
        var current = referral.CurrentDocuments.FirstOrDefault(d => d.Type == ReferralPartType.PPV);
        if (current is not null && current.PpvCaseId == caseId && current.PpvVersion == number)
            return TypedResults.Ok(await ReferralResponseAsync(referral, workflow, actor, x, ct));

        var now = x.Clock.GetUtcNow();
        var pdf = await RenderAsync(x, ppv!, version, ct);
        var stored = new StoredFile(Guid.NewGuid(), PpvPdf.FileName(version), "application/pdf", pdf,
            Convert.ToHexStringLower(SHA256.HashData(pdf)), now);
        workflow.AttachDocument(referral, actor, ReferralPartType.PPV,
            new StoredFileInfo(stored.Id, stored.FileName, stored.ContentType, stored.Length, stored.Sha256), now, version);
        x.Db.StoredFiles.Add(stored);
        x.Audit.Read(actor, ppv!.ChildId, CaseType, ppv.Id, $"Brugte PPV'ens endelige version {version.Number} som PPV i henvisningen.");
        await x.Db.SaveChangesAsync(ct);
        var document = referral.Documents.Single(d => d.StoredFileId == stored.Id);
        return TypedResults.Created($"/api/referrals/{id}/documents/{document.Id}", await ReferralResponseAsync(referral, workflow, actor, x, ct));
    }

    private static async Task<ReferralDetails> ReferralResponseAsync(Referral referral, ReferralWorkflow workflow, Actor actor, Ctx x, CancellationToken ct)
    {
        var child = await x.Db.Children.AsNoTracking().FirstAsync(c => c.Id == referral.ChildId, ct);
        Revisions.SetETag(x.Http, referral.Revision);
        return ReferralDetails.From(referral, child, workflow, x.Rules.Get(referral.RuleSetVersion), actor);
    }

    // ---------------------------------------------------------------- helpers

    private static async Task<byte[]> RenderAsync(Ctx x, PpvCase ppv, PpvVersion version, CancellationToken ct)
    {
        var child = await x.Db.Children.AsNoTracking().FirstAsync(c => c.Id == ppv.ChildId, ct);
        var school = await x.Db.Schools.AsNoTracking().Where(s => s.Id == ppv.DistrictSchoolId).Select(s => s.Name).FirstAsync(ct);
        return PpvPdf.Render(version, child.Name, child.Cpr.Masked, school);
    }

    /// <summary>The same scope as <see cref="PpvAccess.CanReadRequest"/>, as a database filter.</summary>
    private static IQueryable<PpvCase> VisibleTo(IQueryable<PpvCase> cases, Actor actor) => actor.Role switch
    {
        Role.DistrictSchoolLeader => cases.Where(c => actor.SchoolIds.Contains(c.DistrictSchoolId)),
        Role.Guardian => cases.Where(c => actor.ChildIds.Contains(c.ChildId)),
        Role.Psychologist when PsychologistService.IsLeader(actor) => cases,
        Role.Psychologist => cases.Where(c => c.AssignedPsychologistId == actor.UserId || actor.SchoolIds.Contains(c.DistrictSchoolId)),
        _ => cases.Where(_ => false),
    };

    private static List<PpvState> ActiveStates() => PsychologistCapacity.ActiveStates.ToList();

    private static async Task<List<PpvQueueItem>> ItemsAsync(Ctx x, IReadOnlyList<PpvCase> cases, CancellationToken ct)
    {
        var childIds = cases.Select(c => c.ChildId).Distinct().ToList();
        var names = await x.Db.Children.AsNoTracking().Where(c => childIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var now = x.Clock.GetUtcNow();
        return cases.Select(c => PpvQueueItem.From(c, names.GetValueOrDefault(c.ChildId, ""), now)).ToList();
    }

    /// <summary>
    /// A case the caller may read something of: its request, or (for a committee member) a final version
    /// attached to a referral on the committee's agenda. Anything else answers 404.
    /// </summary>
    private static async Task<(PpvCase Case, IReadOnlySet<PpvReference>? OnAgenda)> LoadReadableAsync(Guid id, Actor actor, Ctx x, CancellationToken ct)
    {
        var ppv = await Cases(x.Db).AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw NotFoundException.Of("PPV-sagen");
        var onAgenda = actor.Role == Role.CommitteeMember ? await OnAgendaAsync(x.Db, ppv, ct) : null;
        if (!PpvAccess.CanReadRequest(actor, ppv) && PpvAccess.ReadableFinals(actor, ppv, onAgenda).Count == 0)
            throw NotFoundException.Of("PPV-sagen");
        return (ppv, onAgenda);
    }

    private static async Task<(PpvCase Case, PpvVersion Version)> LoadReadableVersionAsync(Guid id, int number, Actor actor, Ctx x, CancellationToken ct)
    {
        var (ppv, onAgenda) = await LoadReadableAsync(id, actor, x, ct);
        var version = ppv.FindVersion(number);
        if (version is null || !PpvAccess.CanReadFinal(actor, ppv, version, onAgenda)) throw NotFoundException.Of($"Version {number} af PPV'en");
        return (ppv, version);
    }

    /// <summary>The PPV versions that are the current PPV part of a referral on the committee's agenda.</summary>
    private static async Task<IReadOnlySet<PpvReference>> OnAgendaAsync(VisitationDbContext db, PpvCase ppv, CancellationToken ct)
    {
        var referrals = await db.Referrals.AsNoTracking()
            .Where(r => r.ChildId == ppv.ChildId && r.State == ReferralState.OnAgenda)
            .ToListAsync(ct);
        return referrals.SelectMany(r => r.CurrentDocuments)
            .Where(d => d.Type == ReferralPartType.PPV && d.PpvCaseId == ppv.Id && d.PpvVersion is not null)
            .Select(d => new PpvReference(ppv.Id, d.PpvVersion!.Value))
            .ToHashSet();
    }

    private static async Task<PpvCase> LoadForChangeAsync(Guid id, Actor actor, Ctx x, CancellationToken ct)
    {
        var ppv = await Cases(x.Db).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (ppv is null || !PpvAccess.CanReadRequest(actor, ppv)) throw NotFoundException.Of("PPV-sagen");
        CheckIfMatch(x.Http, ppv.Revision, "PPV-sagen");
        return ppv;
    }

    private static void CheckIfMatch(HttpContext http, int revision, string what) =>
        Revisions.EnsureIfMatch(http, revision, $"{what} er ændret af en anden, siden du hentede den. Hent den igen, og gentag din ændring.");

    /// <param name="audit">
    /// true: log the read; false: do not (the caller only saw what they just wrote); null: log it when the
    /// response shows more than the request level. Saves the changes pending on the context either way.
    /// </param>
    private static async Task<Ok<PpvDetails>> RespondAsync(PpvCase ppv, Caller caller, Ctx x, IReadOnlySet<PpvReference>? onAgenda,
        bool? audit, CancellationToken ct)
    {
        var actor = caller.Actor;
        var childName = await x.Db.Children.AsNoTracking().Where(c => c.Id == ppv.ChildId).Select(c => c.Name).FirstAsync(ct);
        var details = PpvDetails.From(ppv, childName, x.WorkflowOf(ppv), actor, x.Clock.GetUtcNow(), onAgenda);
        var content = details.Shown.Where(s => s != "anmodningen").ToList();
        if (audit == true || (audit is null && content.Count > 0))
            x.Audit.Read(actor, ppv.ChildId, CaseType, ppv.Id, $"Læste PPV-sagen: {string.Join(", ", details.Shown)}.");
        await x.Db.SaveChangesAsync(ct);
        Revisions.SetETag(x.Http, ppv.Revision);
        return TypedResults.Ok(details);
    }

    private static T Parse<T>(string? value, string field, string? message = null) where T : struct, Enum =>
        Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _)
            ? parsed
            : throw new InvalidInputException(field, message ?? $"Ukendt værdi '{value}'. Mulige: {string.Join(", ", Enum.GetNames<T>())}.");

    private static ConsentScopes ParseScopes(string[]? scopes)
    {
        const string message = "Angiv, hvad der gives samtykke til (scopes): Assessment (vurdering), SharingWithSchool (deling med skolen), "
            + "SharingWithCommittee (deling med visitationsudvalget) eller All.";
        if (scopes is not { Length: > 0 }) throw new InvalidInputException("scopes", message);
        var all = ConsentScopes.None;
        foreach (var scope in scopes)
        {
            if (!Enum.TryParse<ConsentScopes>(scope, ignoreCase: true, out var one) || one == ConsentScopes.None
                || int.TryParse(scope, out _) || !Enum.IsDefined(one))
                throw new InvalidInputException("scopes", message);
            all |= one;
        }
        return all;
    }
}
