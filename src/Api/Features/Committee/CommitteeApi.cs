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
using Visitation.Workflows.Children;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Placements;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Rules;
using Visitation.Workflows.Schools;

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
    /// <param name="Outcome">Placement, ReturnToGeneral or Postponed.</param>
    /// <param name="CapacityOverride">Needed only when the offer is full: the committee's reason for overfilling it.</param>
    public sealed record CaseDecisionRequest(string? Outcome, Guid? OfferId, DateOnly? StartDate, string? Reasons, string? Recommendations,
        string? HelpToBeGiven, Guid? PostponedToRoundId, string? Missing, CapacityOverrideRequest? CapacityOverride);
    /// <summary>One case's decision in a list: the referral and the same fields as <see cref="CaseDecisionRequest"/>.</summary>
    public sealed record CaseDecisionItem(Guid? ReferralId, string? Outcome, Guid? OfferId, DateOnly? StartDate, string? Reasons, string? Recommendations,
        string? HelpToBeGiven, Guid? PostponedToRoundId, string? Missing, CapacityOverrideRequest? CapacityOverride)
    {
        public CaseDecisionRequest ToRequest() =>
            new(Outcome, OfferId, StartDate, Reasons, Recommendations, HelpToBeGiven, PostponedToRoundId, Missing, CapacityOverride);
    }
    public sealed record DecisionsRequest(IReadOnlyList<CaseDecisionItem>? Decisions);
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
    public sealed record CasesDecidedView(IReadOnlyList<MeetingCaseView> Cases, MeetingSummaryView Meeting);
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
        group.MapPost("/decisions", DecideManyAsync);
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
        // Read only, to make the agenda: untracked, so the save below need not look through them for changes.
        var referrals = await x.Db.Referrals.AsNoTracking().AsSplitQuery().Where(r => r.RoundId == roundId).ToListAsync(ct);
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
        var outcome = ParseOutcome(body.Outcome, "outcome");
        var (_, meeting) = await LoadForChangeAsync(roundId, x, ct);
        var batch = await CaseDecisions.LoadAsync(x, roundId, meeting, actor, [(referralId, outcome, body)], ct);
        if (!batch.Referrals.ContainsKey(referralId)) throw NotFoundException.Of("Henvisningen");
        var decided = batch.Decide(referralId, outcome, body);
        await x.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(new CaseDecidedView(decided, Summary(x.Http, meeting)));
    }

    /// <summary>The most cases one call to <see cref="DecideManyAsync"/> decides: a large round's whole agenda.</summary>
    public const int MaxDecisionsPerCall = 1000;

    /// <summary>
    /// Several cases decided in one call and one transaction, as when the committee goes through the agenda and records
    /// its decisions together: each case exactly as the single-case endpoint decides it, placements counted against the
    /// seats of those decided before them in the same call. All or nothing: when any case is refused, nothing is saved
    /// and the answer (400) lists every refusal under <c>errors</c> by the case's place in the list
    /// (<c>decisions[3].offerId</c>), and the agenda labels of the refused cases in <c>detail</c>.
    /// </summary>
    private static async Task<Results<Ok<CasesDecidedView>, ProblemHttpResult>> DecideManyAsync(Guid roundId, DecisionsRequest body, Caller caller,
        [AsParameters] Ctx x, CancellationToken ct)
    {
        var actor = caller.Require(Role.CommitteeMember).Actor;
        var items = body.Decisions ?? [];
        if (items.Count == 0) throw new InvalidInputException("decisions", "Angiv mindst én afgørelse.");
        if (items.Count > MaxDecisionsPerCall)
            throw new InvalidInputException("decisions", $"Højst {MaxDecisionsPerCall} afgørelser ad gangen. Del listen op.");

        var errors = new Dictionary<string, string[]>();
        var wanted = new List<(Guid ReferralId, DecisionOutcome Outcome, CaseDecisionRequest Request)>();
        var seen = new HashSet<Guid>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var at = $"decisions[{i}].";
            try
            {
                var id = item.ReferralId ?? throw new InvalidInputException("referralId", "Angiv hvilken henvisning afgørelsen gælder.");
                if (!seen.Add(id)) throw new InvalidInputException("referralId", "Henvisningen er nævnt mere end én gang.");
                wanted.Add((id, ParseOutcome(item.Outcome, "outcome"), item.ToRequest()));
            }
            catch (InvalidInputException refused)
            {
                errors[at + refused.Field] = [refused.Message];
            }
        }
        if (errors.Count > 0) return Refused(errors, []);

        var (_, meeting) = await LoadForChangeAsync(roundId, x, ct);
        var batch = await CaseDecisions.LoadAsync(x, roundId, meeting, actor, wanted, ct);
        var decided = new List<MeetingCaseView>();
        var refusedCases = new List<string>();
        for (var i = 0; i < wanted.Count; i++)
        {
            var (referralId, outcome, request) = wanted[i];
            var at = $"decisions[{i}].";
            try
            {
                if (!batch.Referrals.ContainsKey(referralId)) throw new InvalidInputException("referralId", "Henvisningen findes ikke.");
                decided.Add(batch.Decide(referralId, outcome, request));
            }
            catch (DomainException refused)
            {
                errors[at + (refused is InvalidInputException { Field: var field } ? field : "outcome")] = [refused.Message];
                refusedCases.Add(meeting.Cases.FirstOrDefault(c => c.ReferralId == referralId)?.Label ?? $"nr. {i + 1} på listen");
            }
        }
        // Nothing is saved when one case is refused: the committee corrects it and sends the list again.
        if (errors.Count > 0) return Refused(errors, refusedCases);

        await x.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(new CasesDecidedView(decided, Summary(x.Http, meeting)));
    }

    private static ProblemHttpResult Refused(Dictionary<string, string[]> errors, IReadOnlyList<string> cases) =>
        TypedResults.Problem(
            (cases.Count == 0 ? "Listen over afgørelser er ikke udfyldt korrekt." : $"{cases.Count} af sagerne kunne ikke afgøres: {string.Join(", ", cases)}.")
            + " Intet er gemt. Ret de markerede felter, og send listen igen.",
            statusCode: StatusCodes.Status400BadRequest, title: "Afgørelserne blev afvist",
            extensions: new Dictionary<string, object?> { ["errors"] = errors });

    private static DecisionOutcome ParseOutcome(string? outcome, string field) =>
        Enum.TryParse<DecisionOutcome>(outcome, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new InvalidInputException(field, "Afgørelsen skal være Placement (visitation til specialtilbud), ReturnToGeneral (tilbagevisning) eller Postponed (udsættelse).");

    /// <summary>
    /// What deciding cases at the meeting needs, read once for all of them: the referrals, their children, the children's
    /// open placements, the seats of the offers named, and the rounds cases are postponed to. One decision or a whole
    /// agenda costs the same handful of queries.
    /// </summary>
    private sealed class CaseDecisions
    {
        private readonly Ctx _x;
        private readonly Guid _roundId;
        private readonly CommitteeMeeting _meeting;
        private readonly Actor _actor;
        private readonly RuleSet _rules;
        private readonly DateTimeOffset _now;
        private readonly Dictionary<Guid, Child> _children;
        private readonly Dictionary<Guid, Placement> _openPlacements;
        private readonly Dictionary<Guid, SpecialOffer> _offers;
        private readonly Dictionary<Guid, VisitationRound> _rounds;
        private CapacityLedger _ledger;

        private CaseDecisions(Ctx x, Guid roundId, CommitteeMeeting meeting, Actor actor, RuleSet rules, DateTimeOffset now,
            Dictionary<Guid, Referral> referrals, Dictionary<Guid, Child> children, Dictionary<Guid, Placement> openPlacements,
            CapacityLedger ledger, Dictionary<Guid, SpecialOffer> offers, Dictionary<Guid, VisitationRound> rounds)
        {
            (_x, _roundId, _meeting, _actor, _rules, _now) = (x, roundId, meeting, actor, rules, now);
            (Referrals, _children, _openPlacements, _ledger, _offers, _rounds) = (referrals, children, openPlacements, ledger, offers, rounds);
        }

        /// <summary>The referrals found that the committee may read; one it may not is as absent as one that does not exist.</summary>
        public IReadOnlyDictionary<Guid, Referral> Referrals { get; }

        public static async Task<CaseDecisions> LoadAsync(Ctx x, Guid roundId, CommitteeMeeting meeting, Actor actor,
            IReadOnlyList<(Guid ReferralId, DecisionOutcome Outcome, CaseDecisionRequest Request)> wanted, CancellationToken ct)
        {
            var now = x.Clock.GetUtcNow();
            var rules = x.Rules.InForceAt(x.Clock);
            var ids = wanted.Select(w => w.ReferralId).ToList();
            var referrals = (await x.Db.Referrals.AsSplitQuery().Where(r => ids.Contains(r.Id)).ToListAsync(ct))
                .Where(r => CaseAccess.CanReadReferral(actor, r)).ToDictionary(r => r.Id);

            var childIds = referrals.Values.Select(r => r.ChildId).Distinct().ToList();
            var children = await x.Db.Children.Where(c => childIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
            var placing = wanted.Where(w => w.Outcome == DecisionOutcome.Placement && referrals.ContainsKey(w.ReferralId)).ToList();
            var placedChildIds = placing.Select(w => referrals[w.ReferralId].ChildId).Distinct().ToList();
            var open = placedChildIds.Count == 0
                ? []
                : await x.Db.Set<Placement>().AsSplitQuery().Where(p => placedChildIds.Contains(p.ChildId) && p.Status != PlacementStatus.Ended).ToListAsync(ct);

            // One offer named (a single decision): only its seats are read. Several: every offer's, in one pass.
            var offerIds = placing.Where(w => w.Request.OfferId is not null).Select(w => w.Request.OfferId!.Value).Distinct().ToList();
            var (ledger, offers) = await SeatClaims.LedgerAsync(x.Db, rules, DanishTime.Date(now), ct, offerIds.Count == 1 ? offerIds[0] : null,
                exceptChildren: placedChildIds);

            var roundIds = wanted.Where(w => w.Outcome == DecisionOutcome.Postponed && w.Request.PostponedToRoundId is not null)
                .Select(w => w.Request.PostponedToRoundId!.Value).Distinct().ToList();
            var rounds = roundIds.Count == 0 ? [] : await x.Db.Rounds.Where(r => roundIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);

            return new CaseDecisions(x, roundId, meeting, actor, rules, now, referrals, children,
                open.GroupBy(p => p.ChildId).ToDictionary(g => g.Key, g => g.First()), ledger, offers.ToDictionary(o => o.Id), rounds);
        }

        /// <summary>Decides one case; refusals are thrown in Danish with the field at fault.</summary>
        public MeetingCaseView Decide(Guid referralId, DecisionOutcome outcome, CaseDecisionRequest body)
        {
            var referral = Referrals[referralId];
            // A referral put on the agenda after the meeting opened joins it here.
            if (_meeting.Cases.All(c => c.ReferralId != referral.Id) && referral.RoundId == _roundId && referral.State == ReferralState.OnAgenda)
                _meeting.AddToAgenda(referral, _actor);
            var workflow = _x.WorkflowOf(referral);
            switch (outcome)
            {
                case DecisionOutcome.Placement:
                    var offerId = body.OfferId ?? throw new InvalidInputException("offerId", "Angiv hvilket specialtilbud barnet visiteres til.");
                    var start = body.StartDate ?? throw new InvalidInputException("startDate", "Angiv startdato for placeringen.");
                    var offer = _offers.GetValueOrDefault(offerId) ?? throw new InvalidInputException("offerId", "Specialtilbuddet findes ikke.");
                    var capacityOverride = body.CapacityOverride?.ToDomain();
                    _meeting.DecidePlacement(workflow, referral, _actor, offer, start, body.Reasons ?? "", _ledger, capacityOverride, _rules, _now);
                    PlaceChild(referral);
                    // The next case of this call sees the seat as taken.
                    _ledger = _ledger.With(new SeatClaim(offer.Id, start, null, referral.LatestDecision?.Id));
                    break;
                case DecisionOutcome.ReturnToGeneral:
                    _meeting.DecideReturnToGeneral(workflow, referral, _actor, body.Recommendations ?? "", body.HelpToBeGiven ?? "", body.Reasons ?? "", _rules, _now);
                    break;
                default:
                    var laterId = body.PostponedToRoundId ?? throw new InvalidInputException("postponedToRoundId", "Angiv hvilken runde sagen udsættes til.");
                    var later = _rounds.GetValueOrDefault(laterId) ?? throw new InvalidInputException("postponedToRoundId", "Runden findes ikke.");
                    _meeting.Postpone(workflow, referral, _actor, later, body.Missing ?? "", body.Reasons ?? "", _rules, _now);
                    break;
            }
            var @case = _meeting.Cases.First(c => c.ReferralId == referral.Id);
            var decision = referral.Decisions.FirstOrDefault(d => d.Id == @case.DecisionId);
            var childName = _children.GetValueOrDefault(referral.ChildId)?.Name;
            return CaseView(@case, referral.ChildId, childName ?? "",
                decision is null ? null : new DecidedAs(decision.OfferId, decision.StartDate, decision.PostponedToRoundId));
        }

        /// <summary>
        /// From the decision on, the offer leader prepares the start and so may see the child: the placement is created
        /// (it places the child and carries the revisitation due date), in the same save, as the referral decide endpoint does.
        /// </summary>
        private void PlaceChild(Referral referral)
        {
            var child = _children[referral.ChildId];
            var placement = Placements.PlacementsApi.CreateFromDecision(_x.Db, referral, child, _openPlacements.GetValueOrDefault(child.Id), _actor, _rules, _now);
            _openPlacements[child.Id] = placement;
        }
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
        var basis = await IssueBasesAsync(x.Db, closure.DecisionsToIssue.Select(d => byId[d.ReferralId]).ToList(), ct);
        var sourceIds = closure.DecisionsToIssue.Select(d => d.DecisionId).ToList();
        var alreadyIssued = (await x.Db.WrittenDecisions.AsNoTracking().Where(w => sourceIds.Contains(w.SourceDecisionId))
            .Select(w => w.SourceDecisionId).ToListAsync(ct)).ToHashSet();
        var issued = new List<IssuedView>();
        var notes = new List<string>();
        var missing = new List<string>();
        foreach (var toIssue in closure.DecisionsToIssue)
        {
            var @case = meeting.Cases.First(c => c.ReferralId == toIssue.ReferralId);
            var referral = byId[toIssue.ReferralId];
            if (alreadyIssued.Contains(toIssue.DecisionId))
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
                var written = DecisionsApi.Issue(x.Db, referral, letter, basis[referral.Id], actor, rules, now);
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

    /// <summary>For each referral, what its written decision is made from: child, guardians, the offer or later round named.</summary>
    private static async Task<Dictionary<Guid, DecisionsApi.IssueBasis>> IssueBasesAsync(VisitationDbContext db, IReadOnlyList<Referral> referrals,
        CancellationToken ct)
    {
        var childIds = referrals.Select(r => r.ChildId).Distinct().ToList();
        var children = await db.Children.AsNoTracking().Where(c => childIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var guardianIds = children.Values.SelectMany(c => c.GuardianIds).Distinct().ToList();
        var guardians = await db.Guardians.AsNoTracking().Where(g => guardianIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, ct);
        var offerIds = referrals.Select(r => r.LatestDecision?.OfferId).OfType<Guid>().Distinct().ToList();
        var offers = await db.Offers.AsNoTracking().Where(o => offerIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var roundIds = referrals.Select(r => r.LatestDecision?.PostponedToRoundId).OfType<Guid>().Distinct().ToList();
        var rounds = await db.Rounds.AsNoTracking().Where(r => roundIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        return referrals.ToDictionary(r => r.Id, r =>
        {
            var child = children[r.ChildId];
            return new DecisionsApi.IssueBasis(child,
                r.LatestDecision?.OfferId is { } o ? offers.GetValueOrDefault(o) : null,
                r.LatestDecision?.PostponedToRoundId is { } l ? rounds.GetValueOrDefault(l) : null,
                child.GuardianIds.Where(guardians.ContainsKey).Select(id => guardians[id]).ToList());
        });
    }

    private static async Task<(VisitationRound Round, CommitteeMeeting Meeting)> LoadForChangeAsync(Guid roundId, Ctx x, CancellationToken ct)
    {
        var round = await x.Db.Rounds.FirstOrDefaultAsync(r => r.Id == roundId, ct) ?? throw NotFoundException.Of("Runden");
        var meeting = await x.Db.Set<CommitteeMeeting>().FirstOrDefaultAsync(m => m.RoundId == roundId, ct)
                      ?? throw new WrongStateException($"Visitationsudvalgets møde i runden '{round.Name}' er ikke åbnet. Åbn mødet først.");
        Revisions.EnsureIfMatch(x.Http, meeting.Revision, "Mødet er ændret af et andet medlem af udvalget, siden du hentede det. Hent det igen, og gentag din ændring.");
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

    private static void SetETag(HttpContext http, CommitteeMeeting meeting) => Revisions.SetETag(http, meeting.Revision);

    private static WrongStateException AlreadyOpened(VisitationRound round) =>
        new($"Visitationsudvalgets møde i runden '{round.Name}' er allerede åbnet. Fortsæt det åbne møde.");
}
