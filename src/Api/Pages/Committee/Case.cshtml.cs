using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Features.Allocation;
using Visitation.Api.Features.Children;
using Visitation.Api.Features.Committee;
using Visitation.Api.Features.Decisions;
using Visitation.Api.Features.Referrals;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Decisions;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Schools;

namespace Visitation.Api.Pages.Committee;

/// <summary>
/// A case for the committee: the child, the six parts, hearings, history, and the actions the referral's
/// workflow permits now (assign a round, triage, put on the agenda, decide with the written decision).
/// While the round's committee meeting is open, the decision is the meeting's (capacity override included) and the
/// letter is issued when the round closes. Until the case is decided, the round's placement suggestion for this
/// child is shown with its explanation, as a suggestion only.
/// </summary>
[ForRoles(Role.CommitteeMember)]
public sealed class CaseModel : VisitationPageModel
{
    public sealed class DecisionForm
    {
        public string? Outcome { get; set; }
        public Guid? OfferId { get; set; }
        public DateOnly? StartDate { get; set; }
        public bool OverrideCapacity { get; set; }
        public string? CapacityOverride { get; set; }
        public string? Recommendations { get; set; }
        public Guid? PostponedToRoundId { get; set; }
        public string? Missing { get; set; }
        public string? Reasons { get; set; }
        public string? DecisionText { get; set; }
        public string? RulesApplied { get; set; }
        public string? MainConsiderations { get; set; }
        public string? FactsReliedOn { get; set; }
        public string? NextSteps { get; set; }
        public int? Revision { get; set; }
    }

    /// <summary>The committee's decision at the round's meeting (<see cref="CommitteeApi.CaseDecisionRequest"/>).</summary>
    public sealed class MeetingDecisionForm
    {
        public string? Outcome { get; set; }
        public Guid? OfferId { get; set; }
        public DateOnly? StartDate { get; set; }
        public bool OverrideCapacity { get; set; }
        public string? CapacityOverride { get; set; }
        public string? Recommendations { get; set; }
        public string? HelpToBeGiven { get; set; }
        public Guid? PostponedToRoundId { get; set; }
        public string? Missing { get; set; }
        public string? Reasons { get; set; }
    }

    /// <summary>A concluded partshøring (forvaltningsloven § 19): what the parents were heard on, and their answer.</summary>
    public sealed class HearingForm
    {
        public DateOnly? SentAt { get; set; }
        public DateOnly? ReplyDeadline { get; set; }
        public string? Subject { get; set; }
        public string? ParentsReply { get; set; }
    }

    public sealed record WrittenWithLetters(WrittenDecision Decision, IReadOnlyList<DecisionsApi.LetterView> Letters, int Guardians)
    {
        public bool LettersPending => Letters.Count < Guardians || Letters.Any(l => l.DeliveredAt is null);
    }

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public ReferralDetails Referral { get; private set; } = null!;
    public ChildrenApi.ChildDetails Child { get; private set; } = null!;
    public string SchoolName { get; private set; } = "";
    public VisitationRound? Round { get; private set; }
    public IReadOnlyList<VisitationRound> AssignableRounds { get; private set; } = [];
    public IReadOnlyList<VisitationRound> LaterRounds { get; private set; } = [];
    public IReadOnlyList<SpecialOffer> Offers { get; private set; } = [];
    public IReadOnlyDictionary<Guid, int> Occupied { get; private set; } = new Dictionary<Guid, int>();
    public IReadOnlyList<WrittenWithLetters> Written { get; private set; } = [];

    [BindProperty]
    public int? Revision { get; set; }

    [BindProperty]
    public Guid? RoundId { get; set; }

    [BindProperty]
    public int? Track { get; set; }

    [BindProperty]
    public DecisionForm Decision { get; set; } = new();

    [BindProperty]
    public MeetingDecisionForm Meeting { get; set; } = new();

    [BindProperty]
    public HearingForm Hearing { get; set; } = new();

    /// <summary>The round's committee meeting is open and this case is to be decided there.</summary>
    public bool DecideAtMeeting { get; private set; }

    /// <summary>The meeting of the case's round has not been opened yet.</summary>
    public bool MeetingNotOpened { get; private set; }

    /// <summary>Seats left in each offer from the meeting form's start date, counted as the meeting's capacity check counts them.</summary>
    public IReadOnlyDictionary<Guid, int> SeatsLeft { get; private set; } = new Dictionary<Guid, int>();

    public AllocationApi.SuggestionView? Suggestion { get; private set; }
    public AllocationApi.UnplacedView? NoSuggestion { get; private set; }
    public AllocationApi.SuggestionsView? RoundSuggestion { get; private set; }

    public bool Can(ReferralTrigger trigger) => Referral.PermittedActions.Any(a => a.Code == trigger.ToString());

    public bool CanDecide => Can(ReferralTrigger.DecidePlacement) || Can(ReferralTrigger.DecideReturnToGeneral) || Can(ReferralTrigger.Postpone);

    public bool LettersPending => Written.Any(w => w.LettersPending);

    /// <param name="offer">An offer to preselect in the decision form, e.g. the suggested one (?tilbud=…).</param>
    public Task OnGetAsync([FromQuery(Name = "tilbud")] Guid? offer)
    {
        if (offer is not null) Meeting.OfferId = Decision.OfferId = offer;
        return LoadAsync();
    }

    public Task<IActionResult> OnPostAssignAsync() => ActAsync(async () =>
    {
        ExpectRevision(Revision);
        await ReferralsApi.AssignRoundAsync(Id, new ReferralsApi.AssignRound(RoundId), Caller, ReferralCtx, Aborted);
        Flash = "Sagen er tilknyttet visitationsrunden.";
        return Redirect($"/udvalg/sager/{Id}");
    }, formKey: "Assign");

    public Task<IActionResult> OnPostTriageAsync() => ActAsync(async () =>
    {
        ExpectRevision(Revision);
        var track = ReferralsApi.ParseTrack(Track);
        await ReferralsApi.ChangeAsync(Id, Caller, ReferralCtx, Aborted, (workflow, referral, now) => workflow.Triage(referral, Actor, track, now));
        Flash = $"Sagen er fordelt på {track.Danish()}.";
        return Redirect($"/udvalg/sager/{Id}");
    }, formKey: "Triage");

    public Task<IActionResult> OnPostAgendaAsync() => ActAsync(async () =>
    {
        ExpectRevision(Revision);
        await ReferralsApi.ChangeAsync(Id, Caller, ReferralCtx, Aborted, (workflow, referral, now) => workflow.PutOnAgenda(referral, Actor, now));
        Flash = "Sagen er sat på visitationsudvalgets dagsorden.";
        return Redirect($"/udvalg/sager/{Id}");
    }, "Agenda");

    /// <summary>Records a concluded hearing of the parents, as the API's hearings endpoint does.</summary>
    public Task<IActionResult> OnPostHearingAsync() => ActAsync(async () =>
    {
        ExpectRevision(Revision);
        var h = Hearing;
        var sentAt = h.SentAt ?? throw new InvalidInputException("sentAt", "Angiv hvornår høringen blev sendt.");
        var replyDeadline = h.ReplyDeadline ?? throw new InvalidInputException("replyDeadline", "Angiv svarfristen.");
        await ReferralsApi.ChangeAsync(Id, Caller, ReferralCtx, Aborted, (workflow, referral, now) => workflow.RecordHearing(referral, Actor,
            DanishTime.StartOfDay(sentAt), DanishTime.EndOfDay(replyDeadline), h.Subject ?? "", h.ParentsReply, Rules.InForceAt(Clock), now));
        Flash = "Partshøringen er registreret.";
        return Redirect($"/udvalg/sager/{Id}#hoeringer");
    }, nameof(Hearing));

    /// <summary>Records the committee's decision and issues the written decision in one transaction, as the API's decide does with a letter.</summary>
    public Task<IActionResult> OnPostDecideAsync() => ActAsync(async () =>
    {
        ExpectRevision(Decision.Revision);
        var d = Decision;
        var letter = new DecisionsApi.IssueDecisionRequest(d.DecisionText, d.RulesApplied, d.MainConsiderations, Lines(d.FactsReliedOn),
            Recommendations: null, AdditionalLegalBasis: null, NextSteps: Lines(d.NextSteps), PostponementReason: null, NextConsideration: null,
            ReplacesWrittenDecisionId: null);
        await ReferralsApi.DecideAsync(Id, new ReferralsApi.DecideRequest(d.Outcome, d.OfferId, d.StartDate, d.Recommendations,
            d.PostponedToRoundId, d.Missing, d.Reasons, letter, d.OverrideCapacity ? new CapacityOverrideRequest(d.CapacityOverride) : null),
            Caller, ReferralCtx, Aborted);
        Flash = "Afgørelsen er truffet og udstedt. Brevene til forældrene dannes og sendes nu.";
        return Redirect($"/udvalg/sager/{Id}#breve");
    }, nameof(Decision));

    /// <summary>The committee's decision at the round's meeting: recorded now, issued as a letter when the round closes.</summary>
    public Task<IActionResult> OnPostMeetingDecideAsync() => ActAsync(async () =>
    {
        var roundId = await Db.Referrals.AsNoTracking().Where(r => r.Id == Id).Select(r => r.RoundId).FirstOrDefaultAsync(Aborted)
                      ?? throw new WrongStateException("Sagen er ikke tilknyttet en visitationsrunde.");
        var m = Meeting;
        var body = new CommitteeApi.CaseDecisionRequest(m.Outcome, m.OfferId, m.StartDate, m.Reasons, m.Recommendations, m.HelpToBeGiven,
            m.PostponedToRoundId, m.Missing, m.OverrideCapacity ? new CapacityOverrideRequest(m.CapacityOverride) : null);
        var ctx = new CommitteeApi.Ctx(Db, Service<WorkflowCatalog>(), Rules, Clock, Service<AuditLog>(), HttpContext);
        var decided = (await CommitteeApi.DecideAsync(roundId, Id, body, Caller, ctx, Aborted)).Value!;
        Flash = $"Udvalgets afgørelse i {decided.Case.Label} er registreret: {MeetingModel.OutcomeText(decided.Case.Outcome).ToLowerInvariant()}. " +
                "Brevene til forældrene udstedes, når runden lukkes.";
        return Redirect($"/udvalg/runder/{roundId}/moede#dagsorden");
    }, nameof(Meeting));

    private static IReadOnlyList<string>? Lines(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    protected override async Task LoadAsync()
    {
        var x = ReferralCtx;
        Referral = (await ReferralsApi.GetAsync(Id, Caller, x, Aborted)).Value!;
        Child = (await ChildrenApi.GetAsync(Referral.ChildId, Caller, Db, Service<AuditLog>(), Aborted)).Value!;
        SchoolName = await Db.Schools.Where(s => s.Id == Referral.DistrictSchoolId).Select(s => s.Name).FirstOrDefaultAsync(Aborted) ?? "";
        var now = Clock.GetUtcNow();
        var rounds = await Db.Rounds.AsNoTracking().Where(r => r.Status == RoundStatus.Open).OrderBy(r => r.CommitteeMeetingAt).ToListAsync(Aborted);
        Round = Referral.RoundId is { } roundId ? await Db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roundId, Aborted) : null;
        AssignableRounds = rounds.Where(r => r.AcceptsReferralsAt(now)).ToList();
        LaterRounds = rounds.Where(r => r.Id != Referral.RoundId && r.CommitteeMeetingAt > now).ToList();
        Offers = await Db.Offers.AsNoTracking().Where(o => o.IsActive).OrderBy(o => o.Category).ThenBy(o => o.Name).ToListAsync(Aborted);
        Occupied = await Db.Children.AsNoTracking().Where(c => c.CurrentOfferId != null)
            .GroupBy(c => c.CurrentOfferId!.Value).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, Aborted);

        var written = await Db.WrittenDecisions.AsNoTracking().Where(w => w.CaseId == Id).OrderBy(w => w.IssuedAt).ToListAsync(Aborted);
        if (written.Count > 0)
        {
            var letters = (await DecisionsApi.ListLettersAsync(Referral.ChildId, Caller, Db, Service<AuditLog>(), Aborted)).Value!;
            Written = written.Select(w => new WrittenWithLetters(w, letters.Where(l => l.WrittenDecisionId == w.Id).ToList(), Child.Guardians.Count)).ToList();
        }

        await LoadMeetingAndSuggestionAsync(now);

        if (Decision.Revision is null)
        {
            // First showing of the form: what the committee usually writes, ready to be changed.
            Decision.Outcome ??= nameof(DecisionOutcome.Placement);
            Decision.StartDate ??= DateOnly.FromDateTime(Visitation.Workflows.Common.DanishTime.Local(now).Date).AddDays(14);
        }
    }

    private async Task LoadMeetingAndSuggestionAsync(DateTimeOffset now)
    {
        if (Round is null || Round.Status != RoundStatus.Open) return;
        var meeting = await Db.Set<CommitteeMeeting>().AsNoTracking().Where(m => m.RoundId == Round.Id).Select(m => new { m.Status }).FirstOrDefaultAsync(Aborted);
        DecideAtMeeting = meeting?.Status == MeetingStatus.Open && CanDecide;
        MeetingNotOpened = meeting is null;

        var today = DanishTime.Date(now);
        var afterMeeting = DanishTime.Date(Round.CommitteeMeetingAt).AddDays(1);
        if (Request.Method == HttpMethods.Get)
        {
            Meeting.Outcome ??= nameof(DecisionOutcome.Placement);
            Meeting.StartDate ??= afterMeeting > today ? afterMeeting : today.AddDays(14);
        }
        if (DecideAtMeeting)
        {
            var (ledger, offers) = await SeatClaims.LedgerAsync(Db, Rules.InForceAt(Clock), today, Aborted);
            var from = Meeting.StartDate ?? today;
            SeatsLeft = offers.ToDictionary(o => o.Id, o => ledger.SeatsLeftFrom(o.Id, from));
        }

        if (Referral.Track is null || Referral.State.Code is not (nameof(ReferralState.Triaged) or nameof(ReferralState.OnAgenda))) return;
        RoundSuggestion = await AllocationApi.SuggestAsync(Db, Rules, Clock, Round, null, Aborted);
        Suggestion = RoundSuggestion.Suggestions.FirstOrDefault(s => s.ReferralId == Id);
        NoSuggestion = RoundSuggestion.Unplaced.FirstOrDefault(u => u.ReferralId == Id);
        if (Suggestion is null && NoSuggestion is null) return;
        // Only this child's suggestion is shown, so only this child's access log records it.
        Service<AuditLog>().Read(Actor, Referral.ChildId, "Henvisning", Id, AllocationApi.SuggestionReadNote(Round));
        await Db.SaveChangesAsync(Aborted);
    }
}
