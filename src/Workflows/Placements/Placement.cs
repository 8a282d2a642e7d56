using Visitation.Workflows.Access;
using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rules;
using Visitation.Workflows.Schools;

namespace Visitation.Workflows.Placements;

/// <summary>
/// A child's placement in a special offer, from the committee's decision until the child has returned
/// to the district school. It carries the date by which the next revisitation decision is due
/// (<see cref="NextRevisitationDue"/>) and asks for the reminders and the escalation around it.
/// </summary>
public sealed class Placement : IHasDeadlineChanges
{
    private readonly List<PlacementGoal> _goals = [];
    private readonly List<PlacementEvent> _history = [];
    private readonly List<DeadlineChange> _deadlineChanges = [];

    public Guid Id { get; private set; }
    public Guid ChildId { get; private set; }
    public Guid DistrictSchoolId { get; private set; }
    public Guid OfferId { get; private set; }
    /// <summary>The referral and committee decision it came from; null for a placement registered from before the system.</summary>
    public Guid? ReferralId { get; private set; }
    public Guid? DecisionId { get; private set; }
    /// <summary>The rule set the current due date and its deadlines were computed under.</summary>
    public string RuleSetVersion { get; private set; } = "";
    public DateOnly StartDate { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public PlacementStatus Status { get; private set; }
    /// <summary>The extent of the support when a revisitation changed it (e.g. "20 timer om ugen"); null is the extent first decided.</summary>
    public string? Scope { get; private set; }
    /// <summary>The Danish date of the last decision on the placement: the committee's, then each revisitation's.</summary>
    public DateOnly LastDecisionDate { get; private set; }
    /// <summary>The next revisitation decision is due by this date; null when none is (full return decided, or ended).</summary>
    public DateOnly? NextRevisitationDue { get; private set; }
    /// <summary>The revisitation case running now; at most one at a time.</summary>
    public Guid? OpenRevisitationCaseId { get; private set; }
    /// <summary>A revisitation asked the committee to move the child to this offer; the referral decides.</summary>
    public Guid? RequestedOfferId { get; private set; }
    public DateTimeOffset? StartMeetingPlannedAt { get; private set; }
    public MeetingRecord? StartMeeting { get; private set; }
    public string? DistrictSchoolExpectations { get; private set; }
    public DateTimeOffset? HandleplanHandedOverAt { get; private set; }
    public PhaseOutPlan? PhaseOut { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }
    public string? EndReason { get; private set; }
    /// <summary>Optimistic concurrency token, bumped by every change.</summary>
    public int Revision { get; private set; }

    public IReadOnlyList<PlacementGoal> Goals => _goals;
    public IReadOnlyList<PlacementEvent> History => _history;
    public IReadOnlyList<DeadlineChange> DeadlineChanges => _deadlineChanges;

    /// <summary>The participants a start meeting must have.</summary>
    public static IReadOnlyList<ParticipantRole> StartMeetingParticipants { get; } =
        [ParticipantRole.DistrictSchoolLeader, ParticipantRole.OfferLeader, ParticipantRole.Guardian];

    private Placement() { }

    private Placement(Guid id, Child child, Guid offerId, Guid? referralId, Guid? decisionId, DateOnly startDate,
        DateOnly lastDecisionDate, IEnumerable<string>? goals, RuleSet rules, DateTimeOffset now)
    {
        Id = id;
        ChildId = child.Id;
        DistrictSchoolId = child.DistrictSchoolId;
        OfferId = offerId;
        ReferralId = referralId;
        DecisionId = decisionId;
        StartDate = startDate;
        LastDecisionDate = lastDecisionDate;
        RuleSetVersion = rules.Version;
        CreatedAt = now;
        Status = PlacementStatus.Active;
        var texts = (goals ?? []).Where(g => !string.IsNullOrWhiteSpace(g))
            .Select(g => Guard.Text(g, "goals", "Et mål", 1000)).ToList();
        if (texts.Count == 0)
            throw new InvalidInputException("goals", "En placering skal have mindst ét mål fra handleplanen.");
        _goals.AddRange(texts.Select((t, i) => new PlacementGoal(Guid.NewGuid(), i + 1, t)));
        NextRevisitationDue = RevisitationDue.DueAfter(lastDecisionDate, rules);
        ScheduleRevisitationDeadlines(rules, now);
    }

    /// <summary>
    /// Creates the placement the committee decided on <paramref name="referral"/>, with the goals from
    /// the handleplan. The next revisitation is due at most the rule set's months after the decision.
    /// </summary>
    public static Placement FromDecision(Guid id, Referral referral, Child child, IEnumerable<string> goals, Actor actor, RuleSet rules, DateTimeOffset now)
    {
        if (actor.Role != Role.CommitteeMember)
            throw new NotPermittedException("Kun visitationsudvalget kan oprette en placering ud fra en afgørelse.");
        if (child.Id != referral.ChildId)
            throw new InvalidInputException("childId", "Barnet er ikke det, henvisningen handler om.");
        if (referral.State != ReferralState.Decided || referral.LatestDecision is not { Outcome: DecisionOutcome.Placement } decision
            || decision.OfferId is not { } offerId || decision.StartDate is not { } startDate)
            throw new WrongStateException("Der er ikke truffet afgørelse om visitation til et specialtilbud på henvisningen.");
        var placement = new Placement(id, child, offerId, referral.Id, decision.Id, startDate, DanishTime.Date(decision.DecidedAt), goals, rules, now);
        child.PlaceIn(offerId);
        placement.Record(new PlacementEvent(now, PlacementEventKind.Created, actor,
            $"Placering oprettet ud fra visitationsudvalgets afgørelse. Start {DanishTime.LongDate(startDate)}; revisitation senest {DanishTime.LongDate(placement.NextRevisitationDue!.Value)}."));
        return placement;
    }

    /// <summary>
    /// Enters a placement decided before the system was taken into use, with the date of its last
    /// decision, so that it too carries a due date from the first day.
    /// </summary>
    public static Placement Register(Guid id, Child child, SpecialOffer offer, DateOnly startDate, DateOnly lastDecisionDate,
        IEnumerable<string> goals, Actor actor, RuleSet rules, DateTimeOffset now)
    {
        if (actor.Role != Role.CommitteeMember)
            throw new NotPermittedException("Kun visitationsudvalget kan registrere en eksisterende placering.");
        if (!offer.IsActive)
            throw new InvalidInputException("offerId", $"Tilbuddet '{offer.Name}' er ikke aktivt.");
        if (lastDecisionDate > DanishTime.Date(now))
            throw new InvalidInputException("lastDecisionDate", "Datoen for den seneste afgørelse kan ikke ligge i fremtiden.");
        var placement = new Placement(id, child, offer.Id, null, null, startDate, lastDecisionDate, goals, rules, now);
        child.PlaceIn(offer.Id);
        placement.Record(new PlacementEvent(now, PlacementEventKind.Registered, actor,
            $"Eksisterende placering i {offer.Name} registreret. Seneste afgørelse {DanishTime.LongDate(lastDecisionDate)}; revisitation senest {DanishTime.LongDate(placement.NextRevisitationDue!.Value)}."));
        return placement;
    }

    public bool IsOpen => Status != PlacementStatus.Ended;

    public void ScheduleStartMeeting(Actor actor, DateTimeOffset at, DateTimeOffset now)
    {
        EnsureMay(actor, "planlægge opstartsmødet", Role.OfferLeader, Role.DistrictSchoolLeader);
        EnsureStartNotHeld();
        if (at < now)
            throw new InvalidInputException("at", "Opstartsmødet kan ikke planlægges til et tidspunkt, der er passeret.");
        StartMeetingPlannedAt = at.ToUniversalTime();
        Record(new PlacementEvent(now, PlacementEventKind.StartMeetingScheduled, actor,
            $"Opstartsmøde planlagt {DanishTime.LongDate(at)} med distriktsskoleleder, leder af tilbuddet og forældre."));
    }

    /// <summary>The start meeting was held: the district school stated its expectations.</summary>
    public void RecordStartMeeting(Actor actor, MeetingInput meeting, string expectations, DateTimeOffset now)
    {
        EnsureMay(actor, "registrere opstartsmødet", Role.OfferLeader, Role.DistrictSchoolLeader);
        EnsureStartNotHeld();
        var record = MeetingRecord.Held(MeetingKind.StartMeeting, meeting, StartMeetingParticipants, actor, now);
        DistrictSchoolExpectations = Guard.Text(expectations, "expectations", "Distriktsskolens forventninger", 4000);
        StartMeeting = record;
        Record(new PlacementEvent(now, PlacementEventKind.StartMeetingHeld, actor, $"Opstartsmøde holdt {DanishTime.LongDate(record.HeldAt)}."));
    }

    /// <summary>The district school handed the handleplan over to the offer.</summary>
    public void RecordHandleplanHandover(Actor actor, DateTimeOffset handedOverAt, DateTimeOffset now)
    {
        EnsureMay(actor, "registrere overdragelsen af handleplanen", Role.OfferLeader, Role.DistrictSchoolLeader);
        if (Status == PlacementStatus.Ended)
            throw new WrongStateException("Placeringen er afsluttet.");
        if (HandleplanHandedOverAt is not null)
            throw new WrongStateException($"Handleplanen blev overdraget {DanishTime.LongDate(HandleplanHandedOverAt.Value)}.");
        if (handedOverAt > now)
            throw new InvalidInputException("handedOverAt", "Overdragelsen kan ikke ligge i fremtiden.");
        HandleplanHandedOverAt = handedOverAt.ToUniversalTime();
        Record(new PlacementEvent(now, PlacementEventKind.HandleplanHandedOver, actor,
            $"Handleplanen overdraget fra distriktsskolen til tilbuddet {DanishTime.LongDate(handedOverAt)}."));
    }

    /// <summary>A full return has come to its end date: the child has left the offer.</summary>
    public void CompleteFullReturn(Child child, Actor actor, DateTimeOffset now)
    {
        EnsureMay(actor, "afslutte placeringen", Role.OfferLeader, Role.DistrictSchoolLeader, Role.CommitteeMember);
        if (Status != PlacementStatus.PhasingOut || PhaseOut is not { Kind: PhaseOutKind.Full } plan)
            throw new WrongStateException("Der er ikke besluttet fuld tilbagevenden til distriktsskolen for denne placering.");
        if (DanishTime.Date(now) < plan.EndDate)
            throw new WrongStateException($"Placeringen slutter først {DanishTime.LongDate(plan.EndDate)}.");
        EndNow(child, actor, "Fuld tilbagevenden til distriktsskolen gennemført.", now);
    }

    /// <summary>
    /// The committee ends the placement for another reason: a new placement in another offer after a
    /// referral, or the child has moved out of the municipality.
    /// </summary>
    public void EndByCommittee(Child child, Actor actor, string reason, DateTimeOffset now)
    {
        EnsureMay(actor, "afslutte placeringen", Role.CommitteeMember);
        if (Status == PlacementStatus.Ended)
            throw new WrongStateException("Placeringen er allerede afsluttet.");
        if (OpenRevisitationCaseId is not null)
            throw new WrongStateException("Der er en igangværende revisitation. Annullér den først.");
        EndNow(child, actor, Guard.Text(reason, "reason", "Begrundelsen", 2000), now);
    }

    internal void AttachRevisitation(Guid caseId, Actor actor, DateTimeOffset now)
    {
        if (Status == PlacementStatus.Ended || NextRevisitationDue is null)
            throw new WrongStateException($"Placeringen skal ikke revisiteres (den er {Status.Danish()}).");
        if (OpenRevisitationCaseId is not null)
            throw new WrongStateException("Der er allerede en igangværende revisitation for barnet.");
        OpenRevisitationCaseId = caseId;
        Record(new PlacementEvent(now, PlacementEventKind.RevisitationStarted, actor,
            $"Revisitation startet; afgørelsen skal træffes senest {DanishTime.LongDate(NextRevisitationDue.Value)}."));
    }

    internal void DetachRevisitation(Guid caseId, Actor actor, string reason, DateTimeOffset now)
    {
        if (OpenRevisitationCaseId != caseId) return;
        OpenRevisitationCaseId = null;
        Record(new PlacementEvent(now, PlacementEventKind.RevisitationCancelled, actor, $"Revisitation annulleret: {reason}"));
    }

    /// <summary>
    /// A revisitation decided: the decision date becomes the last decision, the due date moves on (or
    /// goes when a full return is decided) and the reminders and escalation follow it.
    /// </summary>
    internal void ApplyRevisitationDecision(Guid caseId, DateOnly decidedOn, DateOnly? nextDue, string? newScope, Guid? requestedOfferId,
        PhaseOutPlan? phaseOut, string detail, Actor actor, RuleSet rules, DateTimeOffset now)
    {
        LastDecisionDate = decidedOn;
        NextRevisitationDue = nextDue;
        RuleSetVersion = rules.Version;
        if (OpenRevisitationCaseId == caseId) OpenRevisitationCaseId = null;
        if (newScope is not null) Scope = newScope;
        if (requestedOfferId is not null) RequestedOfferId = requestedOfferId;
        if (phaseOut is not null)
        {
            PhaseOut = phaseOut;
            Status = PlacementStatus.PhasingOut;
        }
        CancelRevisitationDeadlines();
        ScheduleRevisitationDeadlines(rules, now);
        Record(new PlacementEvent(now, PlacementEventKind.RevisitationDecided, actor, detail));
    }

    private void EndNow(Child child, Actor actor, string reason, DateTimeOffset now)
    {
        if (child.Id != ChildId)
            throw new InvalidInputException("childId", "Barnet er ikke det, placeringen handler om.");
        Status = PlacementStatus.Ended;
        EndedAt = now;
        EndReason = reason;
        NextRevisitationDue = null;
        CancelRevisitationDeadlines();
        if (child.CurrentOfferId == OfferId) child.LeaveOffer();
        Record(new PlacementEvent(now, PlacementEventKind.Ended, actor, $"Placeringen er afsluttet. {reason}"));
    }

    private void ScheduleRevisitationDeadlines(RuleSet rules, DateTimeOffset now)
    {
        if (NextRevisitationDue is not { } due) return;
        foreach (var days in rules.Revisitation.ReminderDaysBeforeDue.Distinct().OrderDescending())
        {
            var at = RevisitationDue.ReminderAt(due, days);
            if (at > now) _deadlineChanges.Add(new ScheduleDeadline(DeadlineKind.RevisitationReminder, Id, at));
        }
        // Scheduled even when already past (a placement registered late): it then escalates at once.
        _deadlineChanges.Add(new ScheduleDeadline(DeadlineKind.RevisitationEscalation, Id, RevisitationDue.EscalationAt(due, rules)));
    }

    private void CancelRevisitationDeadlines()
    {
        _deadlineChanges.Add(new CancelDeadlines(DeadlineKind.RevisitationReminder, Id));
        _deadlineChanges.Add(new CancelDeadlines(DeadlineKind.RevisitationEscalation, Id));
    }

    private void EnsureStartNotHeld()
    {
        if (Status != PlacementStatus.Active)
            throw new WrongStateException($"Placeringen er {Status.Danish()}.");
        if (StartMeeting is not null)
            throw new WrongStateException($"Opstartsmødet blev holdt {DanishTime.LongDate(StartMeeting.HeldAt)}.");
    }

    /// <summary>Refuses, in Danish, a role that may not take the action or a person outside the placement's scope.</summary>
    private void EnsureMay(Actor actor, string action, params Role[] roles)
    {
        if (!roles.Contains(actor.Role))
            throw new NotPermittedException($"Som {actor.Role.Danish()} kan du ikke {action}.");
        if (!PlacementAccess.Covers(actor, this))
            throw new NotPermittedException("Du har ikke adgang til denne placering.");
    }

    private void Record(PlacementEvent step)
    {
        _history.Add(step);
        Revision++;
    }

    public void ClearDeadlineChanges() => _deadlineChanges.Clear();
}
