using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Features.Allocation;
using Visitation.Api.Features.Decisions;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Infrastructure.Errors;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Access;
using Visitation.Workflows.Allocation;
using Visitation.Workflows.Common;
using Visitation.Workflows.Decisions;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Rules;

namespace Visitation.Api.Features.Committee;

/// <summary>
/// The visitation committee's meeting for a round: open it from the agenda, record who is present, decide each
/// case (placement in a named offer, with an explicit capacity override when the offer is full; return to the
/// general school with recommendations and the help to be given; postponement with what is missing), write the
/// minutes, and close the round, which issues the written decisions for every case in one transaction (the
/// letters are then rendered and delivered by <see cref="DeliverDecisionLetters"/>). Responses carry the
/// meeting's revision as ETag; send it back in If-Match to be told (409) when another member changed it.
/// </summary>
public static class CommitteeApi
{
    public sealed record AttendeeInput(Guid? UserId, string? Name, string? Function);
    public sealed record AttendanceRequest(IReadOnlyList<AttendeeInput>? Attendees);
    public sealed record MinutesRequest(string? Minutes);
    public sealed record CapacityOverrideRequest(string? Reason);
    /// <param name="Outcome">Placement, ReturnToGeneral or Postponed.</param>
    /// <param name="CapacityOverride">Needed only when the offer is full: the committee's reason for overfilling it.</param>
    public sealed record CaseDecisionRequest(string? Outcome, Guid? OfferId, DateOnly? StartDate, string? Reasons, string? Recommendations,
        string? HelpToBeGiven, Guid? PostponedToRoundId, string? Missing, CapacityOverrideRequest? CapacityOverride);
    public sealed record CaseLetter(Guid? ReferralId, DecisionsApi.IssueDecisionRequest? Letter);
    /// <param name="Letter">Letter text for every case of the round (e.g. the rules applied), where a case has none of its own.</param>
    /// <param name="Letters">A case's own letter text; fields left out fall back to <paramref name="Letter"/> and then to the meeting's record.</param>
    public sealed record CloseRequest(DecisionsApi.IssueDecisionRequest? Letter, IReadOnlyList<CaseLetter>? Letters);

    public sealed record AttendeeView(Guid UserId, string Name, string? Function);
    public sealed record MeetingCaseView(int Number, string Label, Guid ReferralId, Guid ChildId, string ChildName, int Track, string TrackName,
        string? Outcome, Guid? DecisionId, Guid? OfferId, DateOnly? StartDate, Guid? PostponedToRoundId, string? HelpToBeGiven,
        string? CapacityOverrideReason, DateTimeOffset? RecordedAt);
    public sealed record MeetingView(Guid Id, Guid RoundId, string RoundName, string Status, DateTimeOffset OpenedAt, IReadOnlyList<AttendeeView> Attendees,
        string Minutes, IReadOnlyList<MeetingCaseView> Cases, IReadOnlyList<string> Undecided, DateTimeOffset? ClosedAt, int Revision);
    /// <summary>The meeting without its cases, as the changes that are not about one case answer.</summary>
    public sealed record MeetingSummaryView(Guid Id, Guid RoundId, string RoundName, string Status, IReadOnlyList<AttendeeView> Attendees, string Minutes,
        int Cases, IReadOnlyList<string> Undecided, DateTimeOffset? ClosedAt, int Revision);
    public sealed record CaseDecidedView(MeetingCaseView Case, MeetingSummaryView Meeting);
    public sealed record IssuedView(int Number, Guid ReferralId, string Outcome, Guid DecisionId, Guid WrittenDecisionId);
    public sealed record ClosureView(Guid RoundId, Guid MeetingId, DateTimeOffset ClosedAt, IReadOnlyList<IssuedView> Issued, IReadOnlyList<string> Notes);

    public static RouteGroupBuilder MapCommitteeApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/rounds/{roundId:guid}/meeting").WithTags("Visitationsudvalgets møde").DisableAntiforgery();
        group.MapPost("", OpenAsync);
        group.MapGet("", GetAsync);
        group.MapPut("/attendance", AttendanceAsync);
        group.MapPut("/minutes", MinutesAsync);
        group.MapPost("/cases/{referralId:guid}/decision", DecideAsync);
        group.MapPost("/close", CloseAsync);
        return group;
    }

    /// <summary>What every meeting endpoint needs, bound as one parameter.</summary>
    public sealed record Ctx(VisitationDbContext Db, WorkflowCatalog Workflows, RuleSetCatalog Rules, TimeProvider Clock, AuditLog Audit, HttpContext Http)
    {
        public ReferralWorkflow WorkflowOf(Referral r) => Workflows.Get<ReferralWorkflow>(r.WorkflowKey, r.WorkflowVersion);
    }

    internal static async Task<Created<MeetingView>> OpenAsync(Guid roundId, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        var actor = caller.Require(Role.CommitteeMember).Actor;
        var round = await x.Db.Rounds.FirstOrDefaultAsync(r => r.Id == roundId, ct) ?? throw NotFoundException.Of("Runden");
        if (await x.Db.Set<CommitteeMeeting>().AnyAsync(m => m.RoundId == roundId, ct)) throw AlreadyOpened(round);
        var referrals = await x.Db.Referrals.AsSplitQuery().Where(r => r.RoundId == roundId).ToListAsync(ct);
        var meeting = CommitteeMeeting.Open(Guid.NewGuid(), round, CommitteeAgenda.For(round, referrals), actor, x.Clock.GetUtcNow());
        x.Db.Set<CommitteeMeeting>().Add(meeting);
        try
        {
            await x.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Lost a race with another member: the unique index on the round held.
            x.Db.ChangeTracker.Clear();
            if (await x.Db.Set<CommitteeMeeting>().AnyAsync(m => m.RoundId == roundId, CancellationToken.None)) throw AlreadyOpened(round);
            throw;
        }
        var view = await ViewAsync(x, meeting, actor, ct);
        return TypedResults.Created($"/api/rounds/{roundId}/meeting", view);
    }

    internal static async Task<Ok<MeetingView>> GetAsync(Guid roundId, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        var actor = caller.Require(Role.CommitteeMember).Actor;
        var meeting = await x.Db.Set<CommitteeMeeting>().AsNoTracking().FirstOrDefaultAsync(m => m.RoundId == roundId, ct)
                      ?? throw NotFoundException.Of("Visitationsudvalgets møde for runden");
        return TypedResults.Ok(await ViewAsync(x, meeting, actor, ct));
    }

    internal static async Task<Ok<MeetingSummaryView>> AttendanceAsync(Guid roundId, AttendanceRequest body, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        var actor = caller.Require(Role.CommitteeMember).Actor;
        var (_, meeting) = await LoadForChangeAsync(roundId, x, ct);
        var given = body.Attendees ?? [];
        var userIds = given.Where(a => a.UserId is not null).Select(a => a.UserId!.Value).ToList();
        var users = await x.Db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var present = given.Select(a =>
        {
            if (a.UserId is { } id && !users.ContainsKey(id))
                throw new InvalidInputException("attendees", "En af deltagerne findes ikke som bruger. Angiv navnet uden userId for en ekstern deltager.");
            // A person from outside the system (e.g. a consultant) gets an id of their own for the meeting.
            return new MeetingAttendee(a.UserId ?? Guid.NewGuid(), a.Name ?? (a.UserId is { } u ? users[u] : ""), a.Function);
        });
        meeting.RecordAttendance(actor, present);
        await x.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(Summary(x.Http, meeting));
    }

    internal static async Task<Ok<MeetingSummaryView>> MinutesAsync(Guid roundId, MinutesRequest body, Caller caller, [AsParameters] Ctx x, CancellationToken ct)
    {
        var actor = caller.Require(Role.CommitteeMember).Actor;
        var (_, meeting) = await LoadForChangeAsync(roundId, x, ct);
        meeting.WriteMinutes(actor, body.Minutes ?? "");
        await x.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(Summary(x.Http, meeting));
    }

    /// <summary>
    /// The committee's decision in one case. A placement is checked against the offer's seats from the start date to the
    /// end of that school year, counting the placements already decided; a full offer needs <c>capacityOverride.reason</c>.
    /// </summary>
    internal static async Task<Ok<CaseDecidedView>> DecideAsync(Guid roundId, Guid referralId, CaseDecisionRequest body, Caller caller,
        [AsParameters] Ctx x, CancellationToken ct)
    {
        var actor = caller.Require(Role.CommitteeMember).Actor;
        if (!Enum.TryParse<DecisionOutcome>(body.Outcome, ignoreCase: true, out var outcome) || !Enum.IsDefined(outcome))
            throw new InvalidInputException("outcome", "Afgørelsen skal være Placement (visitation til specialtilbud), ReturnToGeneral (tilbagevisning) eller Postponed (udsættelse).");
        var (_, meeting) = await LoadForChangeAsync(roundId, x, ct);
        var referral = await x.Db.Referrals.FirstOrDefaultAsync(r => r.Id == referralId, ct);
        if (referral is null || !CaseAccess.CanReadReferral(actor, referral)) throw NotFoundException.Of("Henvisningen");
        // A referral put on the agenda after the meeting opened joins it here.
        if (meeting.Cases.All(c => c.ReferralId != referral.Id) && referral.RoundId == roundId && referral.State == ReferralState.OnAgenda)
            meeting.AddToAgenda(referral, actor);

        var now = x.Clock.GetUtcNow();
        var rules = x.Rules.InForceAt(x.Clock);
        var workflow = x.WorkflowOf(referral);
        switch (outcome)
        {
            case DecisionOutcome.Placement:
                var offerId = body.OfferId ?? throw new InvalidInputException("offerId", "Angiv hvilket specialtilbud barnet visiteres til.");
                var start = body.StartDate ?? throw new InvalidInputException("startDate", "Angiv startdato for placeringen.");
                var (ledger, offers) = await SeatClaims.LedgerAsync(x.Db, rules, DanishTime.Date(now), ct, offerId);
                var offer = offers.FirstOrDefault(o => o.Id == offerId) ?? throw new InvalidInputException("offerId", "Specialtilbuddet findes ikke.");
                var capacityOverride = body.CapacityOverride is null ? null : new CapacityOverride(body.CapacityOverride.Reason ?? "");
                meeting.DecidePlacement(workflow, referral, actor, offer, start, body.Reasons ?? "", ledger, capacityOverride, rules, now);
                await PlaceChildAsync(x.Db, referral, actor, rules, now, ct);
                break;
            case DecisionOutcome.ReturnToGeneral:
                meeting.DecideReturnToGeneral(workflow, referral, actor, body.Recommendations ?? "", body.HelpToBeGiven ?? "", body.Reasons ?? "", rules, now);
                break;
            default:
                var laterId = body.PostponedToRoundId ?? throw new InvalidInputException("postponedToRoundId", "Angiv hvilken runde sagen udsættes til.");
                var later = await x.Db.Rounds.FirstOrDefaultAsync(r => r.Id == laterId, ct)
                            ?? throw new InvalidInputException("postponedToRoundId", "Runden findes ikke.");
                meeting.Postpone(workflow, referral, actor, later, body.Missing ?? "", body.Reasons ?? "", rules, now);
                break;
        }
        await x.Db.SaveChangesAsync(ct);
        var child = await x.Db.Children.AsNoTracking().Where(c => c.Id == referral.ChildId).Select(c => c.Name).FirstAsync(ct);
        var @case = meeting.Cases.First(c => c.ReferralId == referral.Id);
        var decision = referral.Decisions.FirstOrDefault(d => d.Id == @case.DecisionId);
        var decided = CaseView(@case, referral.ChildId, child,
            decision is null ? null : new DecidedAs(decision.OfferId, decision.StartDate, decision.PostponedToRoundId));
        return TypedResults.Ok(new CaseDecidedView(decided, Summary(x.Http, meeting)));
    }

    /// <summary>
    /// From the decision on, the offer leader prepares the start and so may see the child: the placement is created
    /// (it places the child and carries the revisitation due date), in the same save, as the referral decide endpoint does.
    /// </summary>
    private static async Task PlaceChildAsync(VisitationDbContext db, Referral referral, Actor actor, RuleSet rules, DateTimeOffset now, CancellationToken ct)
    {
        var child = await db.Children.FirstAsync(c => c.Id == referral.ChildId, ct);
        await Placements.PlacementsApi.CreateFromDecisionAsync(db, referral, child, actor, rules, now, ct);
    }

    /// <summary>
    /// Closes the meeting and the round, and issues the written decision of every case not issued yet, all in one save.
    /// Refused with the Danish list of cases while any case on the agenda has no outcome (409, <c>undecided</c>), and
    /// with the Danish list of what a letter lacks when one would not pass the legal check (400, <c>missing</c>).
    /// </summary>
    internal static async Task<Results<Ok<ClosureView>, ProblemHttpResult>> CloseAsync(Guid roundId, CloseRequest? body, Caller caller,
        [AsParameters] Ctx x, CancellationToken ct)
    {
        var actor = caller.Require(Role.CommitteeMember).Actor;
        var (round, meeting) = await LoadForChangeAsync(roundId, x, ct);
        var caseIds = meeting.Cases.Select(c => c.ReferralId).ToList();
        var referrals = await x.Db.Referrals.AsSplitQuery().Where(r => r.RoundId == roundId || caseIds.Contains(r.Id)).ToListAsync(ct);
        var now = x.Clock.GetUtcNow();

        // Decisions made on the referral directly (the referral's decide endpoint) count as the meeting's,
        // and a case put on the agenda after the meeting opened belongs to it.
        foreach (var referral in referrals)
        {
            var onMeeting = meeting.Cases.FirstOrDefault(c => c.ReferralId == referral.Id);
            if (onMeeting is null && referral.RoundId == roundId && referral.State == ReferralState.OnAgenda)
                meeting.AddToAgenda(referral, actor);
            else if (onMeeting is { IsDecided: false } && referral.Decisions.Any(d => d.RoundId == roundId))
                meeting.RecordOutcome(referral, actor, now);
        }

        RoundClosure closure;
        try
        {
            closure = meeting.CloseRound(round, referrals, actor, now);
        }
        catch (WrongStateException refused) when (meeting.Undecided.Any())
        {
            return TypedResults.Problem(refused.Message, statusCode: StatusCodes.Status409Conflict, title: "Runden kan ikke lukkes",
                extensions: new Dictionary<string, object?>
                {
                    ["undecided"] = meeting.Undecided.OrderBy(c => c.Number)
                        .Select(c => new { number = c.Number, label = c.Label, referralId = c.ReferralId, track = (int)c.Track }).ToList(),
                });
        }

        var rules = x.Rules.InForceAt(x.Clock);
        // A case named twice: the last text wins.
        var own = (body?.Letters ?? []).Where(l => l.ReferralId is not null)
            .GroupBy(l => l.ReferralId!.Value).ToDictionary(g => g.Key, g => g.Last().Letter);
        var byId = referrals.ToDictionary(r => r.Id);
        var issued = new List<IssuedView>();
        var notes = new List<string>();
        var missing = new List<string>();
        foreach (var toIssue in closure.DecisionsToIssue)
        {
            var @case = meeting.Cases.First(c => c.ReferralId == toIssue.ReferralId);
            var referral = byId[toIssue.ReferralId];
            if (await x.Db.WrittenDecisions.AnyAsync(w => w.SourceDecisionId == toIssue.DecisionId, ct))
            {
                notes.Add($"Afgørelsen i {@case.Label} var allerede udstedt.");
                continue;
            }
            if (referral.LatestDecision?.Id != toIssue.DecisionId)
            {
                notes.Add($"Afgørelsen i {@case.Label} er ikke udstedt: sagen har fået en nyere afgørelse i en senere runde.");
                continue;
            }
            try
            {
                var letter = CommitteeLetters.For(toIssue, referral, body?.Letter, own.GetValueOrDefault(toIssue.ReferralId));
                var written = await DecisionsApi.IssueAsync(x.Db, referral, letter, actor, rules, now, ct);
                issued.Add(new IssuedView(@case.Number, referral.Id, toIssue.Outcome.ToString(), toIssue.DecisionId, written.Id));
            }
            catch (IncompleteDecisionException incomplete)
            {
                missing.AddRange(incomplete.Missing.Select(m => $"{@case.Label}: {m}"));
            }
        }
        // Nothing is saved, so the round stays open until every letter can be issued.
        if (missing.Count > 0) throw new IncompleteDecisionException(missing);

        await x.Db.SaveChangesAsync(ct);
        SetETag(x.Http, meeting);
        return TypedResults.Ok(new ClosureView(closure.RoundId, closure.MeetingId, closure.ClosedAt, issued, notes));
    }

    private static async Task<(VisitationRound Round, CommitteeMeeting Meeting)> LoadForChangeAsync(Guid roundId, Ctx x, CancellationToken ct)
    {
        var round = await x.Db.Rounds.FirstOrDefaultAsync(r => r.Id == roundId, ct) ?? throw NotFoundException.Of("Runden");
        var meeting = await x.Db.Set<CommitteeMeeting>().FirstOrDefaultAsync(m => m.RoundId == roundId, ct)
                      ?? throw new WrongStateException($"Visitationsudvalgets møde i runden '{round.Name}' er ikke åbnet. Åbn mødet først.");
        var ifMatch = x.Http.Request.Headers.IfMatch.ToString();
        if (!string.IsNullOrEmpty(ifMatch) && ifMatch != "*" && ifMatch.Trim('"', 'W', '/') != meeting.Revision.ToString(CultureInfo.InvariantCulture))
            throw new ConcurrentChangeException("Mødet er ændret af et andet medlem af udvalget, siden du hentede det. Hent det igen, og gentag din ændring.");
        return (round, meeting);
    }

    private static async Task<MeetingView> ViewAsync(Ctx x, CommitteeMeeting meeting, Actor actor, CancellationToken ct)
    {
        // Only what the view shows is read: a round's referrals with all their documents and history would be far more.
        var ids = meeting.Cases.Select(c => c.ReferralId).ToList();
        var children = await x.Db.Referrals.AsNoTracking().Where(r => ids.Contains(r.Id))
            .Join(x.Db.Children, r => r.ChildId, c => c.Id, (r, c) => new { r.Id, ChildId = c.Id, c.Name })
            .ToDictionaryAsync(r => r.Id, ct);
        var decisionIds = meeting.Cases.Where(c => c.DecisionId is not null).Select(c => c.DecisionId!.Value).ToList();
        var decisions = decisionIds.Count == 0
            ? []
            : await x.Db.Referrals.AsNoTracking().Where(r => ids.Contains(r.Id))
                .SelectMany(r => r.Decisions, (r, d) => new { d.Id, d.OfferId, d.StartDate, d.PostponedToRoundId })
                .Where(d => decisionIds.Contains(d.Id))
                .ToDictionaryAsync(d => d.Id, d => new DecidedAs(d.OfferId, d.StartDate, d.PostponedToRoundId), ct);
        var cases = meeting.Cases.OrderBy(c => c.Number).Select(c =>
        {
            var child = children.GetValueOrDefault(c.ReferralId);
            return CaseView(c, child?.ChildId ?? Guid.Empty, child?.Name ?? "", c.DecisionId is { } d ? decisions.GetValueOrDefault(d) : null);
        }).ToList();
        foreach (var @case in cases.Where(c => c.ChildId != Guid.Empty))
            x.Audit.Read(actor, @case.ChildId, "Henvisning", @case.ReferralId, $"Så sagen som {@case.Label} på visitationsudvalgets møde i {meeting.RoundName}.");
        await x.Db.SaveChangesAsync(ct);
        SetETag(x.Http, meeting);
        return new MeetingView(meeting.Id, meeting.RoundId, meeting.RoundName, meeting.Status.ToString(), meeting.OpenedAt,
            meeting.Attendees.Select(a => new AttendeeView(a.UserId, a.Name, a.Function)).ToList(), meeting.Minutes, cases,
            meeting.Undecided.OrderBy(c => c.Number).Select(c => c.Label).ToList(), meeting.ClosedAt, meeting.Revision);
    }

    private sealed record DecidedAs(Guid? OfferId, DateOnly? StartDate, Guid? PostponedToRoundId);

    private static MeetingCaseView CaseView(MeetingCase c, Guid childId, string childName, DecidedAs? decision) =>
        new(c.Number, c.Label, c.ReferralId, childId, childName, (int)c.Track, c.Track.Danish(), c.Outcome?.ToString(), c.DecisionId,
            decision?.OfferId, decision?.StartDate, decision?.PostponedToRoundId, c.HelpToBeGiven, c.CapacityOverrideReason, c.RecordedAt);

    private static MeetingSummaryView Summary(HttpContext http, CommitteeMeeting meeting)
    {
        SetETag(http, meeting);
        return new MeetingSummaryView(meeting.Id, meeting.RoundId, meeting.RoundName, meeting.Status.ToString(),
            meeting.Attendees.Select(a => new AttendeeView(a.UserId, a.Name, a.Function)).ToList(), meeting.Minutes, meeting.Cases.Count,
            meeting.Undecided.OrderBy(c => c.Number).Select(c => c.Label).ToList(), meeting.ClosedAt, meeting.Revision);
    }

    private static void SetETag(HttpContext http, CommitteeMeeting meeting) => http.Response.Headers.ETag = $"\"{meeting.Revision}\"";

    private static WrongStateException AlreadyOpened(VisitationRound round) =>
        new($"Visitationsudvalgets møde i runden '{round.Name}' er allerede åbnet. Fortsæt det åbne møde.");
}
