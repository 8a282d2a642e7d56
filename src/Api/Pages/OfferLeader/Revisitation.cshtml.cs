using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Features.Placements;
using Visitation.Api.Features.Revisitation;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Placements;
using Visitation.Workflows.Revisitation;
using Visitation.Workflows.Schools;

namespace Visitation.Api.Pages.OfferLeader;

/// <summary>
/// One revisitation for the offer leader: the steps done and to come, each step as a form (the pupil
/// conversation with the child's perspective, the status meeting with focus points and recommendations, the
/// handleplan to the district school, the parent conversation, the revisitation meeting when needed), the
/// meetings with their participants and minutes, and the decision with the written decision to the parents.
/// Every form records through the API's own handler, so the workflow, the audit and the refusals are the API's.
/// </summary>
[ForRoles(Role.OfferLeader)]
public sealed class RevisitationModel : VisitationPageModel
{
    public sealed class ParticipantForm
    {
        public string? Role { get; set; }
        public string? Name { get; set; }
        public Guid? PersonId { get; set; }
        public bool Present { get; set; }
    }

    public sealed class MeetingForm
    {
        /// <summary>Danish local time, as a datetime-local field sends it.</summary>
        public DateTime? HeldAt { get; set; }
        public string? Minutes { get; set; }
        public List<ParticipantForm> Participants { get; set; } = [];
    }

    public class StepForm
    {
        public MeetingForm Meeting { get; set; } = new();
        public int? Revision { get; set; }
    }

    public sealed class ChildStatementForm : StepForm
    {
        public string? Statement { get; set; }
    }

    public sealed class StatusMeetingForm : StepForm
    {
        public string? FocusPoints { get; set; }
        public string? Recommendations { get; set; }
        public bool NeedsChanged { get; set; }
    }

    public sealed class ParentConversationForm : StepForm
    {
        public bool ParentsWantDiscussion { get; set; }
    }

    public sealed class DecisionForm
    {
        public string? Outcome { get; set; }
        public string? Reasons { get; set; }
        public Guid? NewOfferId { get; set; }
        public string? NewScope { get; set; }
        public string? PhaseOutKind { get; set; }
        public DateOnly? EndDate { get; set; }
        public string? PhaseOutPlan { get; set; }
        public DateOnly? NextRevisitationBy { get; set; }
        public string? DecisionText { get; set; }
        public string? RulesApplied { get; set; }
        public string? MainConsiderations { get; set; }
        public string? FactsReliedOn { get; set; }
        public string? NextSteps { get; set; }
        public string? PpvDescription { get; set; }
        public int? Revision { get; set; }
    }

    public sealed class CancelForm
    {
        public string? Reason { get; set; }
        public int? Revision { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public RevisitationDetails Case { get; private set; } = null!;
    public string OfferName { get; private set; } = "";
    public DateOnly Today { get; private set; }
    public string SchoolName { get; private set; } = "";
    public bool PlacementHasReferral { get; private set; }
    public IReadOnlyList<SpecialOffer> OtherOffers { get; private set; } = [];
    public IReadOnlyList<PlannedStep> Planned { get; private set; } = [];

    [BindProperty]
    public StepForm Pupil { get; set; } = new();

    [BindProperty]
    public ChildStatementForm ChildStatement { get; set; } = new();

    [BindProperty]
    public StatusMeetingForm StatusMeeting { get; set; } = new();

    [BindProperty]
    public ParentConversationForm ParentConversation { get; set; } = new();

    [BindProperty]
    public StepForm RevisitationMeeting { get; set; } = new();

    [BindProperty]
    public DecisionForm Decision { get; set; } = new();

    [BindProperty]
    public CancelForm Cancellation { get; set; } = new();

    /// <summary>The revision the handleplan form was shown at.</summary>
    [BindProperty]
    public int? Revision { get; set; }

    public bool Can(RevisitationTrigger trigger) => Case.PermittedActions.Any(a => a.Code == trigger.ToString());

    public bool CanDecide => Can(RevisitationTrigger.DecideContinuation) || Can(RevisitationTrigger.DecideChange) || Can(RevisitationTrigger.DecideEnd);

    public bool IsOpen => Case.State.Code is not (nameof(RevisitationState.Decided) or nameof(RevisitationState.Cancelled));

    public DateOnly? PlannedDate(RevisitationStep step) => Planned.FirstOrDefault(e => e.Step == step)?.Date;

    public Task OnGetAsync() => LoadAsync();

    public Task<IActionResult> OnPostPupilAsync() => StepAsync(nameof(Pupil), Pupil.Revision, x =>
        RevisitationApi.PupilConversationAsync(Id, new RevisitationApi.MeetingRequest(Body(Pupil.Meeting)), Caller, x, Aborted),
        "Elevsamtalen er registreret.");

    public Task<IActionResult> OnPostChildStatementAsync() => StepAsync(nameof(ChildStatement), ChildStatement.Revision, x =>
        RevisitationApi.ChildStatementAsync(Id, new RevisitationApi.ChildStatementRequest(Body(ChildStatement.Meeting), ChildStatement.Statement),
            Caller, x, Aborted),
        "Barnets egen udtalelse er registreret.");

    public Task<IActionResult> OnPostStatusMeetingAsync() => StepAsync(nameof(StatusMeeting), StatusMeeting.Revision, x =>
        RevisitationApi.StatusMeetingAsync(Id, new RevisitationApi.StatusMeetingRequest(Body(StatusMeeting.Meeting), Lines(StatusMeeting.FocusPoints) ?? [],
            Lines(StatusMeeting.Recommendations) ?? [], StatusMeeting.NeedsChanged), Caller, x, Aborted),
        "Statusmødet er registreret, og fokuspunkterne og anbefalingerne er skrevet ind i handleplanen.");

    public Task<IActionResult> OnPostSendHandleplanAsync() => StepAsync("SendHandleplan", Revision, x =>
        RevisitationApi.SendHandleplanAsync(Id, Caller, x, Aborted),
        "Handleplanen er sendt til distriktsskolelederen.");

    public Task<IActionResult> OnPostParentConversationAsync() => StepAsync(nameof(ParentConversation), ParentConversation.Revision, x =>
        RevisitationApi.ParentConversationAsync(Id, new RevisitationApi.ParentConversationRequest(Body(ParentConversation.Meeting),
            ParentConversation.ParentsWantDiscussion), Caller, x, Aborted),
        "Forældresamtalen er registreret.");

    public Task<IActionResult> OnPostRevisitationMeetingAsync() => StepAsync(nameof(RevisitationMeeting), RevisitationMeeting.Revision, x =>
        RevisitationApi.RevisitationMeetingAsync(Id, new RevisitationApi.MeetingRequest(Body(RevisitationMeeting.Meeting)), Caller, x, Aborted),
        "Revisitationsmødet er registreret.");

    /// <summary>Decides and issues the written decision in one transaction, as the API's decision with a letter does.</summary>
    public Task<IActionResult> OnPostDecideAsync() => StepAsync(nameof(Decision), Decision.Revision, x =>
    {
        var d = Decision;
        return RevisitationApi.DecideAsync(Id, new RevisitationApi.DecideRequest(d.Outcome, d.Reasons, d.NewOfferId, d.NewScope, d.PhaseOutKind, d.EndDate,
            d.PhaseOutPlan, d.NextRevisitationBy, Letter(d)), Caller, x, Aborted);
    }, "Afgørelsen er truffet, og den skriftlige afgørelse er udstedt. Brevene til forældrene dannes og sendes nu.");

    /// <summary>For a decision made without its written decision (through the API): issue it now.</summary>
    public Task<IActionResult> OnPostIssueAsync() => StepAsync(nameof(Decision), Decision.Revision, x =>
        RevisitationApi.IssueAsync(Id, Letter(Decision), Caller, x, Aborted),
        "Den skriftlige afgørelse er udstedt. Brevene til forældrene dannes og sendes nu.");

    public Task<IActionResult> OnPostCancelAsync() => StepAsync(nameof(Cancellation), Cancellation.Revision, x =>
        RevisitationApi.CancelAsync(Id, new RevisitationApi.ReasonRequest(Cancellation.Reason), Caller, x, Aborted),
        "Revisitationen er annulleret. Barnets frist for afgørelsen gælder stadig.");

    private RevisitationApi.Ctx RevisitationCtx => new(Db, Service<WorkflowCatalog>(), Rules, Clock, Service<AuditLog>(), HttpContext);

    /// <summary>
    /// Runs a step through the API's handler. A refused field comes back as the API names it ("meeting.minutes");
    /// here it is named as the form's field ("Pupil.Meeting.Minutes"), so the message stands next to it.
    /// </summary>
    private Task<IActionResult> StepAsync(string form, int? revision, Func<RevisitationApi.Ctx, Task> change, string done) => ActAsync(async () =>
    {
        ExpectRevision(revision);
        try
        {
            await change(RevisitationCtx);
        }
        catch (InvalidInputException e) when (e.Field.Contains('.', StringComparison.Ordinal))
        {
            throw new InvalidInputException(string.Join('.', e.Field.Split('.').Select(Pascal)), e.Message);
        }
        Flash = done;
        return Redirect($"/tilbud/revisitationer/{Id}");
    }, form);

    /// <summary>The meeting time as typed, in Danish time; a date no meeting can have is refused next to the field, not a 500.</summary>
    private static DateTimeOffset HeldAt(DateTime local) => local.Year is >= 2000 and <= 2100
        ? new DateTimeOffset(local, DanishTime.Zone.GetUtcOffset(local))
        : throw new InvalidInputException("meeting.heldAt", "Angiv dato og tidspunkt for mødet mellem år 2000 og 2100.");

    private static string Pascal(string segment) => segment.Length == 0 ? segment : char.ToUpperInvariant(segment[0]) + segment[1..];

    private static MeetingBody Body(MeetingForm meeting) => new(
        meeting.HeldAt is { } local ? HeldAt(local) : null,
        meeting.Participants.Where(p => p.Present).Select(p => new ParticipantBody(p.Role, p.Name, p.PersonId)).ToList(),
        meeting.Minutes);

    private static RevisitationLetters.LetterRequest Letter(DecisionForm d) => new(d.DecisionText, d.RulesApplied, d.MainConsiderations,
        Lines(d.FactsReliedOn), Recommendations: null, AdditionalLegalBasis: null, Lines(d.NextSteps), d.PpvDescription, ReplacesWrittenDecisionId: null);

    private static IReadOnlyList<string>? Lines(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    protected override async Task LoadAsync()
    {
        var x = RevisitationCtx;
        Case = (await RevisitationApi.GetAsync(Id, Caller, x, Aborted)).Value!;
        Today = DanishTime.Date(Clock.GetUtcNow());
        OfferName = await Db.Offers.AsNoTracking().Where(o => o.Id == Case.OfferId).Select(o => o.Name).FirstOrDefaultAsync(Aborted) ?? "";
        SchoolName = await Db.Schools.AsNoTracking().Where(s => s.Id == Case.DistrictSchoolId).Select(s => s.Name).FirstOrDefaultAsync(Aborted) ?? "";
        var placement = await Db.Set<Placement>().AsSplitQuery().AsNoTracking().FirstAsync(p => p.Id == Case.PlacementId, Aborted);
        PlacementHasReferral = placement.ReferralId is not null;
        OtherOffers = await Db.Offers.AsNoTracking().Where(o => o.IsActive && o.Id != Case.OfferId).OrderBy(o => o.Category).ThenBy(o => o.Name)
            .ToListAsync(Aborted);
        Planned = await PlannedStepsAsync();

        var people = (await PlacementPeopleDirectory.ForAsync(Db, [placement], Aborted))[placement.Id];
        var now = Clock.GetUtcNow();
        Prefill(Pupil, RevisitationStep.PupilConversation, people, now);
        Prefill(ChildStatement, RevisitationStep.ChildStatement, people, now);
        Prefill(StatusMeeting, RevisitationStep.StatusMeeting, people, now);
        Prefill(ParentConversation, RevisitationStep.ParentConversation, people, now);
        Prefill(RevisitationMeeting, RevisitationStep.RevisitationMeeting, people, now);
        if (Decision.Revision is null)
        {
            // First showing: continuation when the case allows it, else the first decision it allows.
            Decision.Outcome ??= Can(RevisitationTrigger.DecideContinuation) ? "Continue"
                : Can(RevisitationTrigger.DecideChange) ? "Change"
                : Can(RevisitationTrigger.DecideEnd) ? "End" : null;
        }
    }

    /// <summary>The plan's dates for this child, when the leader has planned the school year.</summary>
    private async Task<IReadOnlyList<PlannedStep>> PlannedStepsAsync()
    {
        // Read here rather than through the plan's handler, which shows (and audits) every child of the offer:
        // this page shows only this child's dates, and reading its case is audited already.
        var year = SchoolYear.Containing(Clock.GetUtcNow(), Rules.InForceAt(Clock).Rounds.SchoolYearStartMonth);
        var plan = await Db.Set<RevisitationPlan>().AsSplitQuery().AsNoTracking()
            .FirstOrDefaultAsync(p => p.OfferId == Case.OfferId && p.SchoolYearStart == year.FirstDay, Aborted);
        return plan is not null && RevisitationAccess.CanReadPlan(Actor, plan) ? plan.For(Case.PlacementId) : [];
    }

    /// <summary>
    /// A step's form shown for the first time: held now, with the people the step needs, as far as the
    /// system knows them, ticked. A form sent back keeps what was typed.
    /// </summary>
    private static void Prefill(StepForm form, RevisitationStep step, IReadOnlyList<PlanPerson> people, DateTimeOffset now)
    {
        if (form.Revision is not null) return;
        var local = DanishTime.Local(now).DateTime;
        form.Meeting.HeldAt = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified);
        foreach (var role in RevisitationSteps.Of(step).Participants)
        {
            var known = people.Where(p => p.Role == role).ToList();
            if (known.Count == 0) form.Meeting.Participants.Add(new ParticipantForm { Role = role.ToString(), Present = true });
            foreach (var person in known)
                form.Meeting.Participants.Add(new ParticipantForm { Role = role.ToString(), Name = person.Name, PersonId = person.PersonId, Present = true });
        }
    }
}
