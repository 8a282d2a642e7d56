using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Features.Decisions;
using Visitation.Api.Features.Placements;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Infrastructure.Errors;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Revisitation;
using Visitation.Workflows.Rules;

namespace Visitation.Api.Features.Revisitation;

// Inside the namespace, so 'Placement' is the aggregate, not a sibling namespace.
using Visitation.Workflows.Placements;

/// <summary>
/// Revisitation cases: start one for a placed child, record each step (the meetings with their
/// participants and minutes, the handleplan and the district school leader's answer), decide, and issue the
/// written decision to the parents. Each change loads the case, lets the workflow version it runs on decide,
/// and saves; the response carries the actions the caller may take now and an ETag of the case's revision.
/// An administrator can move a running case to another version with an explicit state mapping.
/// </summary>
public static class RevisitationApi
{
    public sealed record StartRequest(Guid? PlacementId);
    public sealed record MeetingRequest(MeetingBody? Meeting);
    public sealed record ChildStatementRequest(MeetingBody? Meeting, string? Statement);
    public sealed record StatusMeetingRequest(MeetingBody? Meeting, IReadOnlyList<string>? FocusPoints, IReadOnlyList<string>? Recommendations, bool? NeedsChanged);
    public sealed record AnswerRequest(string? Answer, string? Comment);
    public sealed record ReasonRequest(string? Reason);
    public sealed record ParentConversationRequest(MeetingBody? Meeting, bool? ParentsWantDiscussion);
    /// <param name="Outcome">Continue, Change (another scope, or another offer via the committee) or End (phase-out).</param>
    /// <param name="Letter">When given, the written decision is issued in the same transaction.</param>
    public sealed record DecideRequest(string? Outcome, string? Reasons, Guid? NewOfferId, string? NewScope, string? PhaseOutKind, DateOnly? EndDate,
        string? PhaseOutPlan, DateOnly? NextRevisitationBy, RevisitationLetters.LetterRequest? Letter = null);
    public sealed record MigrationRequest(int? ToVersion, IReadOnlyDictionary<string, string>? Mapping);

    public static RouteGroupBuilder MapRevisitationApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/revisitations").WithTags("Revisitation").DisableAntiforgery();
        group.MapGet("", ListAsync);
        group.MapPost("", StartAsync);
        group.MapGet("/running", RunningAsync);
        group.MapGet("/{id:guid}", GetAsync);
        group.MapPost("/{id:guid}/pupil-conversation", PupilConversationAsync);
        group.MapPost("/{id:guid}/child-statement", ChildStatementAsync);
        group.MapPost("/{id:guid}/status-meeting", StatusMeetingAsync);
        group.MapPost("/{id:guid}/handleplan/send", SendHandleplanAsync);
        group.MapPost("/{id:guid}/handleplan/answer", AnswerHandleplanAsync);
        group.MapPost("/{id:guid}/revisitation-meeting/request", (Guid id, ReasonRequest body, Caller c, [AsParameters] Ctx x, CancellationToken ct) =>
            ChangeAsync(id, c, x, ct, (wf, r, _, now) => wf.RequestRevisitationMeeting(r, c.Actor, body.Reason ?? "", now)));
        group.MapPost("/{id:guid}/parent-conversation", ParentConversationAsync);
        group.MapPost("/{id:guid}/revisitation-meeting", RevisitationMeetingAsync);
        group.MapPost("/{id:guid}/decision", DecideAsync);
        group.MapPost("/{id:guid}/written-decision", IssueAsync);
        group.MapPost("/{id:guid}/cancel", CancelAsync);
        group.MapPost("/{id:guid}/migration/check", CheckMigrationAsync);
        group.MapPost("/{id:guid}/migration", MigrateAsync);
        return group;
    }

    /// <summary>What every revisitation endpoint needs, bound as one parameter.</summary>
    public sealed record Ctx(VisitationDbContext Db, WorkflowCatalog Workflows, RuleSetCatalog Rules, TimeProvider Clock, AuditLog Audit, HttpContext Http)
    {
        public RevisitationWorkflow WorkflowOf(RevisitationCase r) => Workflows.Get<RevisitationWorkflow>(r.WorkflowKey, r.WorkflowVersion);
    }

    internal static async Task<Ok<List<RevisitationSummary>>> ListAsync(Caller caller, [AsParameters] Ctx x, CancellationToken ct,
        [FromQuery] string? state = null, [FromQuery] Guid? offerId = null)
    {
        var actor = caller.Actor;
        var query = VisibleTo(x.Db.Set<RevisitationCase>().AsNoTracking(), actor);
        if (state is not null)
        {
            var parsed = ParseState(state, "state");
            query = query.Where(r => r.State == parsed);
        }
        if (offerId is not null) query = query.Where(r => r.OfferId == offerId);
        var rows = await query
            .Join(x.Db.Children, r => r.ChildId, c => c.Id, (r, c) => new
            {
                r.Id, r.PlacementId, r.ChildId, c.Name, r.OfferId, r.DistrictSchoolId, r.WorkflowVersion, r.State, r.DueDate, r.CreatedAt, r.Revision,
            })
            .OrderBy(r => r.DueDate).ThenBy(r => r.Id)
            .Take(1000)
            .ToListAsync(ct);
        foreach (var row in rows) x.Audit.Read(actor, row.ChildId, "Revisitation", row.Id, "Så revisitationen i en oversigt.");
        await x.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(rows.Select(r => new RevisitationSummary(r.Id, r.PlacementId, r.ChildId, r.Name, r.OfferId, r.DistrictSchoolId,
            r.WorkflowVersion, new(r.State.ToString(), r.State.Danish()), r.DueDate, r.CreatedAt, r.Revision)).ToList());
    }

    /// <summary>The same scope as <see cref="RevisitationAccess.CanRead"/>, as a database filter.</summary>
    private static IQueryable<RevisitationCase> VisibleTo(IQueryable<RevisitationCase> cases, Actor actor) => actor.Role switch
    {
        Role.CommitteeMember => cases,
        Role.OfferLeader => cases.Where(r => r.OfferId == actor.OfferId),
        Role.DistrictSchoolLeader or Role.Psychologist => cases.Where(r => actor.SchoolIds.Contains(r.DistrictSchoolId)),
        Role.Guardian => cases.Where(r => actor.ChildIds.Contains(r.ChildId)),
        _ => throw new NotPermittedException("Som administrator har du ikke adgang til børns sager."),
    };

    internal static async Task<Created<RevisitationDetails>> StartAsync(StartRequest body, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        var actor = caller.Require(Role.OfferLeader).Actor;
        var placementId = body.PlacementId ?? throw new InvalidInputException("placementId", "Angiv hvilken placering revisitationen gælder (placementId).");
        var placement = await x.Db.Set<Placement>().AsSplitQuery().FirstOrDefaultAsync(p => p.Id == placementId, ct);
        if (placement is null || !PlacementAccess.CanRead(actor, placement))
            throw new InvalidInputException("placementId", "Placeringen findes ikke, eller du har ikke adgang til den.");
        var workflow = x.Workflows.Latest<RevisitationWorkflow>(RevisitationWorkflow.DefinitionKey);
        var revisitation = workflow.Start(Guid.NewGuid(), placement, actor, x.Rules.InForceAt(x.Clock), x.Clock.GetUtcNow());
        x.Db.Add(revisitation);
        try
        {
            await x.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Lost a race with a concurrent start: the unique index on open cases per placement held.
            x.Db.Entry(revisitation).State = EntityState.Detached;
            throw new WrongStateException("Der er allerede en igangværende revisitation for barnet.");
        }
        SetETag(x.Http, revisitation);
        return TypedResults.Created($"/api/revisitations/{revisitation.Id}", await DetailsAsync(revisitation, caller, x, ct));
    }

    internal static async Task<Ok<RevisitationDetails>> GetAsync(Guid id, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        var revisitation = await LoadVisibleAsync(id, caller.Actor, x, tracking: false, ct);
        x.Audit.Read(caller.Actor, revisitation.ChildId, "Revisitation", revisitation.Id, "Læste revisitationen.");
        await x.Db.SaveChangesAsync(ct);
        SetETag(x.Http, revisitation);
        return TypedResults.Ok(await DetailsAsync(revisitation, caller, x, ct));
    }

    /// <summary>The district school leader answers the handleplan sent after the status meeting: further discussion or not.</summary>
    internal static Task<Ok<RevisitationDetails>> AnswerHandleplanAsync(Guid id, AnswerRequest body, Caller caller, [AsParameters] Ctx x, CancellationToken ct) =>
        ChangeAsync(id, caller, x, ct, (wf, r, _, now) => wf.AnswerHandleplan(r, caller.Actor, ParseAnswer(body.Answer), body.Comment, now));

    // ---- The offer leader's steps (the pages call these too) ---------------------------------------------

    internal static Task<Ok<RevisitationDetails>> PupilConversationAsync(Guid id, MeetingRequest body, Caller caller, [AsParameters] Ctx x, CancellationToken ct) =>
        ChangeAsync(id, caller, x, ct, (wf, r, _, now) => wf.RecordPupilConversation(r, caller.Actor, Meeting(body.Meeting), now));

    internal static Task<Ok<RevisitationDetails>> ChildStatementAsync(Guid id, ChildStatementRequest body, Caller caller, [AsParameters] Ctx x, CancellationToken ct) =>
        ChangeAsync(id, caller, x, ct, (wf, r, _, now) => wf.RecordChildStatement(r, caller.Actor, Meeting(body.Meeting), body.Statement ?? "", now));

    internal static Task<Ok<RevisitationDetails>> StatusMeetingAsync(Guid id, StatusMeetingRequest body, Caller caller, [AsParameters] Ctx x, CancellationToken ct) =>
        ChangeAsync(id, caller, x, ct, (wf, r, _, now) => wf.RecordStatusMeeting(r, caller.Actor, Meeting(body.Meeting), body.FocusPoints ?? [],
            body.Recommendations ?? [], body.NeedsChanged ?? false, now));

    internal static Task<Ok<RevisitationDetails>> SendHandleplanAsync(Guid id, Caller caller, [AsParameters] Ctx x, CancellationToken ct) =>
        ChangeAsync(id, caller, x, ct, (wf, r, _, now) => wf.SendHandleplan(r, caller.Actor, x.Rules.Get(r.RuleSetVersion), now));

    internal static Task<Ok<RevisitationDetails>> ParentConversationAsync(Guid id, ParentConversationRequest body, Caller caller, [AsParameters] Ctx x,
        CancellationToken ct) =>
        ChangeAsync(id, caller, x, ct, (wf, r, _, now) => wf.RecordParentConversation(r, caller.Actor, Meeting(body.Meeting), body.ParentsWantDiscussion ?? false, now));

    internal static Task<Ok<RevisitationDetails>> RevisitationMeetingAsync(Guid id, MeetingRequest body, Caller caller, [AsParameters] Ctx x, CancellationToken ct) =>
        ChangeAsync(id, caller, x, ct, (wf, r, _, now) => wf.RecordRevisitationMeeting(r, caller.Actor, Meeting(body.Meeting), now));

    internal static Task<Ok<RevisitationDetails>> CancelAsync(Guid id, ReasonRequest body, Caller caller, [AsParameters] Ctx x, CancellationToken ct) =>
        ChangeAsync(id, caller, x, ct, (wf, r, p, now) => wf.Cancel(r, p, caller.Actor, body.Reason ?? "", now));

    internal static async Task<Ok<RevisitationDetails>> DecideAsync(Guid id, DecideRequest body, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        var outcome = body.Outcome?.Trim().ToLowerInvariant() switch
        {
            "continue" => RevisitationTrigger.DecideContinuation,
            "change" or "changescope" or "changeoffer" => RevisitationTrigger.DecideChange,
            "end" => RevisitationTrigger.DecideEnd,
            _ => throw new InvalidInputException("outcome",
                "Afgørelsen skal være Continue (fortsat specialtilbud), Change (ændret omfang eller andet tilbud) eller End (udslusning)."),
        };
        var rules = x.Rules.InForceAt(x.Clock);
        var newOffer = body.NewOfferId is { } offerId
            ? await x.Db.Offers.FirstOrDefaultAsync(o => o.Id == offerId, ct) ?? throw new InvalidInputException("newOfferId", "Specialtilbuddet findes ikke.")
            : null;
        return await ChangeAsync(id, caller, x, ct, (wf, r, p, now) =>
        {
            switch (outcome)
            {
                case RevisitationTrigger.DecideContinuation:
                    wf.DecideContinuation(r, p, caller.Actor, body.Reasons ?? "", rules, now, body.NextRevisitationBy);
                    break;
                case RevisitationTrigger.DecideChange:
                    wf.DecideChange(r, p, caller.Actor, newOffer, body.NewScope, body.Reasons ?? "", rules, now, body.NextRevisitationBy);
                    break;
                default:
                    var kind = Enum.TryParse<PhaseOutKind>(body.PhaseOutKind, ignoreCase: true, out var k) && Enum.IsDefined(k) && !int.TryParse(body.PhaseOutKind, out _)
                        ? k
                        : throw new InvalidInputException("phaseOutKind", "Udslusningen skal være Partial (delvis) eller Full (fuld tilbagevenden til distriktsskolen).");
                    var end = body.EndDate ?? throw new InvalidInputException("endDate", "Angiv slutdatoen for udslusningen.");
                    wf.DecideEnd(r, p, caller.Actor, kind, end, body.PhaseOutPlan ?? "", body.Reasons ?? "", rules, now, body.NextRevisitationBy);
                    break;
            }
        }, async (r, p) =>
        {
            var now = x.Clock.GetUtcNow();
            await RevisitationLetters.NotifyReferralRequestAsync(x.Db, r, now, ct);
            if (body.Letter is not null) await RevisitationLetters.IssueAsync(x.Db, r, p, body.Letter, caller.Actor, rules, now, ct);
        });
    }

    internal static async Task<Created<DecisionsApi.WrittenDecisionView>> IssueAsync(Guid id, RevisitationLetters.LetterRequest body, Caller caller,
        [AsParameters] Ctx x, CancellationToken ct)
    {
        var revisitation = await LoadForChangeAsync(id, caller.Actor, x, ct);
        var placement = await x.Db.Set<Placement>().AsSplitQuery().FirstAsync(p => p.Id == revisitation.PlacementId, ct);
        var written = await RevisitationLetters.IssueAsync(x.Db, revisitation, placement, body, caller.Actor, x.Rules.InForceAt(x.Clock), x.Clock.GetUtcNow(), ct);
        await x.Db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/written-decisions/{written.Id}", new DecisionsApi.WrittenDecisionView(written.Id, written.Kind.ToString(),
            written.CaseId, written.ChildId, written.DecidedBy, written.DecidedOn, written.DecisionText, written.RulesApplied, written.MainConsiderations,
            written.FactsReliedOn, written.Recommendations, written.IsAppealable, written.IssuedAt, written.RuleSetVersion, written.ReplacesDecisionId));
    }

    // ---- Versions and migration (administrator) ------------------------------------------------------

    /// <summary>The running cases by version and state, so the administrator can see what a new version would concern.</summary>
    private static async Task<Ok<List<RunningCaseView>>> RunningAsync(Caller caller, [AsParameters] Ctx x, CancellationToken ct, [FromQuery] int? version = null)
    {
        caller.Require(Role.Administrator);
        var query = x.Db.Set<RevisitationCase>().AsNoTracking()
            .Where(r => r.State != RevisitationState.Decided && r.State != RevisitationState.Cancelled);
        if (version is not null) query = query.Where(r => r.WorkflowVersion == version);
        var rows = await query.OrderBy(r => r.CreatedAt).Select(r => new { r.Id, r.WorkflowVersion, r.State, r.CreatedAt }).Take(5000).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(r => new RunningCaseView(r.Id, r.WorkflowVersion, new(r.State.ToString(), r.State.Danish()), r.CreatedAt)).ToList());
    }

    private static async Task<Ok<MigrationView>> CheckMigrationAsync(Guid id, MigrationRequest body, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        caller.Require(Role.Administrator);
        var revisitation = await x.Db.Set<RevisitationCase>().AsSplitQuery().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw NotFoundException.Of("Revisitationen");
        var (from, to, mapping) = Migration(revisitation, body, x);
        return TypedResults.Ok(MigrationView.From(RevisitationMigration.Check(revisitation, from, to, mapping)));
    }

    /// <summary>
    /// Moves the case to another version. Done, it is in the case's history (and so in the audit log); refused,
    /// the attempt is audited with every problem, and nothing about the case changes.
    /// </summary>
    private static async Task<Ok<MigrationView>> MigrateAsync(Guid id, MigrationRequest body, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        var actor = caller.Require(Role.Administrator).Actor;
        var revisitation = await x.Db.Set<RevisitationCase>().AsSplitQuery().FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw NotFoundException.Of("Revisitationen");
        var (from, to, mapping) = Migration(revisitation, body, x);
        MigrationCheck done;
        try
        {
            done = RevisitationMigration.Migrate(revisitation, from, to, mapping, actor, x.Clock.GetUtcNow());
        }
        catch (InvalidInputException refused)
        {
            x.Db.AuditEntries.Add(new AuditEntry(x.Clock.GetUtcNow(), actor.UserId, actor.DisplayName, actor.Role.ToString(), AuditKind.Change,
                revisitation.ChildId, "Revisitation", revisitation.Id,
                $"Afvist forsøg på at flytte sagen fra version {from.Version} til version {to.Version}: {refused.Message}"));
            await x.Db.SaveChangesAsync(ct);
            throw;
        }
        await x.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(MigrationView.From(done));
    }

    private static (RevisitationWorkflow From, RevisitationWorkflow To, Dictionary<RevisitationState, RevisitationState> Mapping) Migration(
        RevisitationCase revisitation, MigrationRequest body, Ctx x)
    {
        var version = body.ToVersion ?? throw new InvalidInputException("toVersion", "Angiv hvilken version sagen skal flyttes til (toVersion).");
        var to = x.Workflows.Find(revisitation.WorkflowKey, version) as RevisitationWorkflow
            ?? throw new InvalidInputException("toVersion", $"Version {version} af revisitationsforløbet findes ikke.");
        var mapping = new Dictionary<RevisitationState, RevisitationState>();
        foreach (var (source, target) in body.Mapping ?? new Dictionary<string, string>())
            mapping[ParseState(source, "mapping")] = ParseState(target, "mapping");
        return (x.WorkflowOf(revisitation), to, mapping);
    }

    // ---- Shared -------------------------------------------------------------------------------------

    /// <summary>Loads the case and its placement for a change, lets the workflow change them, optionally does more in the same transaction, and saves.</summary>
    private static async Task<Ok<RevisitationDetails>> ChangeAsync(Guid id, Caller caller, Ctx x, CancellationToken ct,
        Action<RevisitationWorkflow, RevisitationCase, Placement, DateTimeOffset> change, Func<RevisitationCase, Placement, Task>? alsoBeforeSave = null)
    {
        var revisitation = await LoadForChangeAsync(id, caller.Actor, x, ct);
        var placement = await x.Db.Set<Placement>().AsSplitQuery().FirstAsync(p => p.Id == revisitation.PlacementId, ct);
        change(x.WorkflowOf(revisitation), revisitation, placement, x.Clock.GetUtcNow());
        if (alsoBeforeSave is not null) await alsoBeforeSave(revisitation, placement);
        await x.Db.SaveChangesAsync(ct);
        SetETag(x.Http, revisitation);
        return TypedResults.Ok(await DetailsAsync(revisitation, caller, x, ct));
    }

    private static async Task<RevisitationCase> LoadForChangeAsync(Guid id, Actor actor, Ctx x, CancellationToken ct)
    {
        var revisitation = await LoadVisibleAsync(id, actor, x, tracking: true, ct);
        Revisions.EnsureIfMatch(x.Http, revisitation.Revision, "Revisitationen er ændret af en anden, siden du hentede den. Hent den igen, og gentag din ændring.");
        return revisitation;
    }

    /// <summary>A case outside the caller's read scope answers 404, so its existence is not revealed.</summary>
    private static async Task<RevisitationCase> LoadVisibleAsync(Guid id, Actor actor, Ctx x, bool tracking, CancellationToken ct)
    {
        if (actor.Role == Role.Administrator)
            throw new NotPermittedException("Som administrator har du ikke adgang til børns sager. Du kan flytte en sag til en anden version af forløbet.");
        var query = tracking ? x.Db.Set<RevisitationCase>().AsSplitQuery() : x.Db.Set<RevisitationCase>().AsSplitQuery().AsNoTracking();
        var revisitation = await query.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (revisitation is null || !RevisitationAccess.CanRead(actor, revisitation)) throw NotFoundException.Of("Revisitationen");
        return revisitation;
    }

    private static async Task<RevisitationDetails> DetailsAsync(RevisitationCase revisitation, Caller caller, Ctx x, CancellationToken ct)
    {
        var child = await x.Db.Children.AsNoTracking().FirstAsync(c => c.Id == revisitation.ChildId, ct);
        return RevisitationDetails.From(revisitation, child, x.WorkflowOf(revisitation), caller.Actor);
    }

    private static MeetingInput Meeting(MeetingBody? body) =>
        MeetingBody.ToInput(body) ?? throw new InvalidInputException("meeting", "Oplysningerne om mødet skal udfyldes (meeting).");

    private static HandleplanAnswer ParseAnswer(string? answer) =>
        Enum.TryParse<HandleplanAnswer>(answer, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(answer, out _)
            ? parsed
            : throw new InvalidInputException("answer", "Svaret skal være NoFurtherDiscussion (ingen yderligere drøftelse) eller WantsDiscussion (ønsker drøftelse).");

    private static RevisitationState ParseState(string? state, string field) =>
        Enum.TryParse<RevisitationState>(state, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(state, out _)
            ? parsed
            : throw new InvalidInputException(field, $"Ukendt tilstand '{state}'. Mulige: {string.Join(", ", Enum.GetNames<RevisitationState>())}.");

    private static void SetETag(HttpContext http, RevisitationCase revisitation) =>
        Revisions.SetETag(http, revisitation.Revision);
}
