using Stateless;
using Stateless.Graph;
using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Rules;
using Visitation.Workflows.Schools;

namespace Visitation.Workflows.Revisitation;

// Inside the namespace, so 'Placement' is this aggregate even if a sibling namespace named Placement appears.
using Visitation.Workflows.Placements;

/// <summary>
/// A version of the revisitation workflow. The operations (record a meeting, send the handleplan,
/// decide, ...) are shared; a version defines its steps (<see cref="Steps"/>), its state machine
/// (<see cref="Configure"/>) and who may fire which trigger (<see cref="Permissions"/>). A case always
/// runs on the version it started on until an administrator migrates it (<see cref="RevisitationMigration"/>).
/// </summary>
public abstract class RevisitationWorkflow : IWorkflowDefinition
{
    public const string DefinitionKey = "revisitation";

    private IReadOnlyList<RevisitationState>? _states;

    public string Key => DefinitionKey;
    public abstract int Version { get; }
    public virtual bool IsPublished => true;
    public virtual string Title => "Årlig revisitation af specialtilbud";

    /// <summary>The steps of this version in the order they are taken.</summary>
    public abstract IReadOnlyList<RevisitationStep> Steps { get; }

    /// <summary>Which roles may fire each trigger; scope is checked on top by <see cref="IsInScope"/>.</summary>
    protected abstract IReadOnlyDictionary<RevisitationTrigger, Role[]> Permissions { get; }

    protected abstract void Configure(StateMachine<RevisitationState, RevisitationTrigger> machine, RevisitationCase revisitation);

    public string ToMermaid() => MermaidGraph.Format(Machine(RevisitationCase.Blank()).GetInfo());

    /// <summary>The states this version's diagram has.</summary>
    public IReadOnlyList<RevisitationState> States => _states ??=
        Machine(RevisitationCase.Blank()).GetInfo().States.Select(s => (RevisitationState)s.UnderlyingState).Order().ToList();

    /// <summary>
    /// The steps a case in <paramref name="state"/> has behind it on this version. The revisitation meeting
    /// counts only in the state it leads to: it is held only when needed.
    /// </summary>
    public IReadOnlyList<RevisitationStep> StepsDoneIn(RevisitationState state)
    {
        if (!States.Contains(state) || RevisitationSteps.LastDoneIn(state) is not { } last) return [];
        var steps = Steps.ToList();
        return steps.Take(steps.IndexOf(last) + 1)
            .Where(s => s != RevisitationStep.RevisitationMeeting || state == RevisitationState.RevisitationMeetingHeld)
            .ToList();
    }

    /// <summary>
    /// The steps still to take, in order: for a case not yet started, all of them. A step done or waived
    /// is never among them, and the revisitation meeting is only when the case needs one.
    /// </summary>
    public IReadOnlyList<RevisitationStep> RemainingSteps(RevisitationCase? revisitation)
    {
        if (revisitation is null)
            return Steps.Where(s => s != RevisitationStep.RevisitationMeeting).ToList();
        EnsureVersion(revisitation);
        if (!revisitation.IsOpen) return [];
        return Steps.Where(s => !revisitation.IsSettled(s))
            .Where(s => s != RevisitationStep.RevisitationMeeting || revisitation.RevisitationMeetingRequired)
            .ToList();
    }

    /// <summary>The actions <paramref name="actor"/> may take on the case now.</summary>
    public IReadOnlyList<RevisitationTrigger> PermittedActions(RevisitationCase revisitation, Actor actor)
    {
        EnsureVersion(revisitation);
        var machine = Machine(revisitation);
        return Enum.GetValues<RevisitationTrigger>()
            .Where(t => MayFire(actor, revisitation, t) && machine.CanFire(t))
            .ToList();
    }

    /// <summary>The offer leader starts the revisitation of a child in their offer; one open case per placement.</summary>
    public RevisitationCase Start(Guid id, Placement placement, Actor actor, RuleSet rules, DateTimeOffset now)
    {
        if (actor.Role != Role.OfferLeader || actor.OfferId != placement.OfferId)
            throw new NotPermittedException("Kun lederen af barnets specialtilbud kan starte en revisitation.");
        placement.AttachRevisitation(id, actor, now);
        var revisitation = new RevisitationCase(id, placement, Version, rules.Version, now);
        revisitation.Record(new RevisitationEvent(now, Version, RevisitationTrigger.Start, RevisitationState.Started, RevisitationState.Started, actor,
            $"Revisitation startet (version {Version}). Afgørelsen skal træffes senest {DanishTime.LongDate(revisitation.DueDate)}."));
        return revisitation;
    }

    /// <summary>The contact teacher has observed against the handleplan and talked with the pupil.</summary>
    public MeetingRecord RecordPupilConversation(RevisitationCase revisitation, Actor actor, MeetingInput meeting, DateTimeOffset now)
    {
        EnsureCanFire(revisitation, actor, RevisitationTrigger.RecordPupilConversation);
        var record = Held(revisitation, RevisitationStep.PupilConversation, meeting, actor, now);
        Complete(revisitation, actor, RevisitationTrigger.RecordPupilConversation, RevisitationStep.PupilConversation, record, now,
            $"Elevsamtale holdt {DanishTime.LongDate(record.HeldAt)}.");
        return record;
    }

    /// <summary>Version 2: the child's own statement, taken down before the status meeting.</summary>
    public MeetingRecord RecordChildStatement(RevisitationCase revisitation, Actor actor, MeetingInput meeting, string statement, DateTimeOffset now)
    {
        EnsureCanFire(revisitation, actor, RevisitationTrigger.RecordChildStatement);
        var record = Held(revisitation, RevisitationStep.ChildStatement, meeting, actor, now);
        var text = Guard.Text(statement, "statement", "Barnets udtalelse", 4000);
        Complete(revisitation, actor, RevisitationTrigger.RecordChildStatement, RevisitationStep.ChildStatement, record, now,
            $"Barnets egen udtalelse registreret {DanishTime.LongDate(record.HeldAt)}.");
        revisitation.ChildStatement = text;
        return record;
    }

    /// <summary>
    /// Team, offer leader and psychologist held the status meeting: its focus points and recommendations
    /// for next school year are written into the handleplan.
    /// </summary>
    public MeetingRecord RecordStatusMeeting(RevisitationCase revisitation, Actor actor, MeetingInput meeting,
        IReadOnlyList<string> focusPoints, IReadOnlyList<string> recommendations, bool needsChanged, DateTimeOffset now)
    {
        EnsureCanFire(revisitation, actor, RevisitationTrigger.RecordStatusMeeting);
        var record = Held(revisitation, RevisitationStep.StatusMeeting, meeting, actor, now);
        var focus = Texts(focusPoints, "focusPoints", "Et fokuspunkt", "Statusmødet skal give mindst ét fokuspunkt til handleplanen.");
        var advice = Texts(recommendations, "recommendations", "En anbefaling", "Statusmødet skal give mindst én anbefaling for næste skoleår.");
        Complete(revisitation, actor, RevisitationTrigger.RecordStatusMeeting, RevisitationStep.StatusMeeting, record, now,
            $"Statusmøde holdt {DanishTime.LongDate(record.HeldAt)}: {focus.Count} fokuspunkt(er) og {advice.Count} anbefaling(er) skrevet ind i handleplanen."
            + (needsChanged ? " Barnets behov har ændret sig." : ""));
        revisitation.AddHandleplanNotes(HandleplanNoteKind.FocusPoint, focus);
        revisitation.AddHandleplanNotes(HandleplanNoteKind.Recommendation, advice);
        revisitation.NeedsChanged = needsChanged;
        return record;
    }

    /// <summary>The revised handleplan goes to the district school leader, who has the rule set's days to answer.</summary>
    public void SendHandleplan(RevisitationCase revisitation, Actor actor, RuleSet rules, DateTimeOffset now)
    {
        EnsureCanFire(revisitation, actor, RevisitationTrigger.SendHandleplan);
        var answerBy = now.AddDays(rules.Revisitation.HandleplanAnswerDays);
        Fire(revisitation, actor, RevisitationTrigger.SendHandleplan, now,
            $"Handleplanen sendt til distriktsskolelederen med svarfrist {DanishTime.LongDate(answerBy)}.");
        revisitation.HandleplanSentAt = now;
        revisitation.HandleplanAnswerDueAt = answerBy;
        revisitation.CancelDeadlines(DeadlineKind.HandleplanAnswerReminder);
        revisitation.Schedule(DeadlineKind.HandleplanAnswerReminder, answerBy);
    }

    /// <summary>The district school leader answers whether the handleplan needs further discussion.</summary>
    public void AnswerHandleplan(RevisitationCase revisitation, Actor actor, HandleplanAnswer answer, string? comment, DateTimeOffset now)
    {
        EnsureCanFire(revisitation, actor, RevisitationTrigger.AnswerHandleplan);
        if (!Enum.IsDefined(answer))
            throw new InvalidInputException("answer", "Svaret skal være 'ingen yderligere drøftelse' eller 'ønsker drøftelse'.");
        var text = Guard.OptionalText(comment, "comment", "Kommentaren");
        if (answer == HandleplanAnswer.WantsDiscussion && text is null)
            throw new InvalidInputException("comment", "Skriv, hvad distriktsskolelederen ønsker at drøfte.");
        Fire(revisitation, actor, RevisitationTrigger.AnswerHandleplan, now, $"Distriktsskolelederen svarede: {answer.Danish()}." + (text is null ? "" : $" {text}"));
        revisitation.HandleplanAnswer = answer;
        revisitation.HandleplanAnswerComment = text;
        revisitation.HandleplanAnsweredAt = now;
        if (answer == HandleplanAnswer.WantsDiscussion) revisitation.DistrictSchoolWantsDiscussion = true;
        revisitation.MarkDone(RevisitationStep.HandleplanAnswer, now);
        revisitation.CancelDeadlines(DeadlineKind.HandleplanAnswerReminder);
    }

    /// <summary>The parents or the district school leader want other options discussed: a revisitation meeting comes before the decision.</summary>
    public void RequestRevisitationMeeting(RevisitationCase revisitation, Actor actor, string reason, DateTimeOffset now)
    {
        EnsureCanFire(revisitation, actor, RevisitationTrigger.RequestRevisitationMeeting);
        var why = Guard.Text(reason, "reason", "Begrundelsen", 2000);
        Fire(revisitation, actor, RevisitationTrigger.RequestRevisitationMeeting, now, $"{Capital(actor.Role.Danish())} beder om et revisitationsmøde: {why}");
        if (actor.Role == Role.Guardian) revisitation.ParentsWantDiscussion = true;
        else revisitation.DistrictSchoolWantsDiscussion = true;
    }

    /// <summary>Team, pupil and parents talked; the parents may want other options discussed.</summary>
    public MeetingRecord RecordParentConversation(RevisitationCase revisitation, Actor actor, MeetingInput meeting, bool parentsWantDiscussion, DateTimeOffset now)
    {
        EnsureCanFire(revisitation, actor, RevisitationTrigger.RecordParentConversation);
        var record = Held(revisitation, RevisitationStep.ParentConversation, meeting, actor, now);
        Complete(revisitation, actor, RevisitationTrigger.RecordParentConversation, RevisitationStep.ParentConversation, record, now,
            $"Forældresamtale holdt {DanishTime.LongDate(record.HeldAt)}." + (parentsWantDiscussion ? " Forældrene ønsker at drøfte andre muligheder." : ""));
        if (parentsWantDiscussion) revisitation.ParentsWantDiscussion = true;
        return record;
    }

    /// <summary>Offer leader, district school leader, psychologist and parents met before the decision.</summary>
    public MeetingRecord RecordRevisitationMeeting(RevisitationCase revisitation, Actor actor, MeetingInput meeting, DateTimeOffset now)
    {
        EnsureCanFire(revisitation, actor, RevisitationTrigger.RecordRevisitationMeeting);
        var record = Held(revisitation, RevisitationStep.RevisitationMeeting, meeting, actor, now);
        Complete(revisitation, actor, RevisitationTrigger.RecordRevisitationMeeting, RevisitationStep.RevisitationMeeting, record, now,
            $"Revisitationsmøde holdt {DanishTime.LongDate(record.HeldAt)}.");
        return record;
    }

    /// <summary>The support continues; the next revisitation is due at most the rule set's months later (or earlier, if set).</summary>
    public RevisitationDecision DecideContinuation(RevisitationCase revisitation, Placement placement, Actor actor, string reasons,
        RuleSet rules, DateTimeOffset now, DateOnly? nextRevisitationBy = null)
    {
        EnsureCanFire(revisitation, actor, RevisitationTrigger.DecideContinuation);
        EnsurePlacementOf(revisitation, placement);
        var why = Guard.Text(reasons, "reasons", "Begrundelsen", 8000);
        var next = NextDue(DanishTime.Date(now), nextRevisitationBy, rules);
        var decision = new RevisitationDecision(RevisitationOutcome.Continue, why, now, actor, rules.Version, null, null, null, null, null, next);
        Decide(revisitation, placement, actor, RevisitationTrigger.DecideContinuation, decision, null, null, null, rules, now,
            $"Afgørelse: fortsat specialtilbud. Næste revisitation senest {DanishTime.LongDate(next)}.");
        return decision;
    }

    /// <summary>
    /// The support changes: another scope in the same offer, or another offer. A change of offer is the
    /// committee's to decide, so the case asks for a referral (<see cref="RevisitationCase.ReferralRequest"/>)
    /// and the child stays in the offer meanwhile.
    /// </summary>
    public RevisitationDecision DecideChange(RevisitationCase revisitation, Placement placement, Actor actor, SpecialOffer? newOffer, string? newScope,
        string reasons, RuleSet rules, DateTimeOffset now, DateOnly? nextRevisitationBy = null)
    {
        EnsureCanFire(revisitation, actor, RevisitationTrigger.DecideChange);
        EnsurePlacementOf(revisitation, placement);
        var scope = Guard.OptionalText(newScope, "newScope", "Det nye omfang", 1000);
        var otherOffer = newOffer is not null && newOffer.Id != placement.OfferId ? newOffer : null;
        if (otherOffer is { IsActive: false })
            throw new InvalidInputException("newOfferId", $"Tilbuddet '{otherOffer.Name}' er ikke aktivt.");
        if (otherOffer is null && scope is null)
            throw new InvalidInputException("newScope", "Angiv det nye omfang af støtten eller det tilbud, barnet skal henvises til.");
        var why = Guard.Text(reasons, "reasons", "Begrundelsen", 8000);
        var next = NextDue(DanishTime.Date(now), nextRevisitationBy, rules);
        var outcome = otherOffer is null ? RevisitationOutcome.ChangeScope : RevisitationOutcome.ChangeOffer;
        var decision = new RevisitationDecision(outcome, why, now, actor, rules.Version, scope, otherOffer?.Id, null, null, null, next);
        var detail = otherOffer is null
            ? $"Afgørelse: ændret omfang ({scope}). Næste revisitation senest {DanishTime.LongDate(next)}."
            : $"Afgørelse: barnet henvises til visitationsudvalget med henblik på {otherOffer.Name}. Barnet bliver i tilbuddet, til udvalget har truffet afgørelse.";
        Decide(revisitation, placement, actor, RevisitationTrigger.DecideChange, decision, otherOffer is null ? scope : null, otherOffer?.Id, null,
            rules, now, detail);
        return decision;
    }

    /// <summary>
    /// The support ends: a phase-out plan with partial or full return to the district school, decided
    /// after a revisitation meeting the district school leader took part in.
    /// </summary>
    public RevisitationDecision DecideEnd(RevisitationCase revisitation, Placement placement, Actor actor, PhaseOutKind kind, DateOnly endDate,
        string phaseOutPlan, string reasons, RuleSet rules, DateTimeOffset now, DateOnly? nextRevisitationBy = null)
    {
        EnsureCanFire(revisitation, actor, RevisitationTrigger.DecideEnd);
        EnsurePlacementOf(revisitation, placement);
        if (!revisitation.Meetings.Any(m => m.Kind == MeetingKind.RevisitationMeeting && m.HadPresent(ParticipantRole.DistrictSchoolLeader)))
            throw new WrongStateException("En udslusning besluttes med distriktsskolelederen: distriktsskolelederen skal have deltaget i revisitationsmødet.");
        if (!Enum.IsDefined(kind))
            throw new InvalidInputException("kind", "Udslusningen skal være delvis eller fuld tilbagevenden til distriktsskolen.");
        var plan = Guard.Text(phaseOutPlan, "phaseOutPlan", "Udslusningsplanen", 8000);
        var why = Guard.Text(reasons, "reasons", "Begrundelsen", 8000);
        var today = DanishTime.Date(now);
        if (endDate < today)
            throw new InvalidInputException("endDate", "Slutdatoen kan ikke ligge før afgørelsen.");
        DateOnly? next;
        if (kind == PhaseOutKind.Full)
        {
            var latest = RevisitationDue.DueAfter(today, rules);
            if (endDate > latest)
                throw new InvalidInputException("endDate",
                    $"En fuld tilbagevenden skal være gennemført senest {DanishTime.LongDate(latest)}; ellers skal der først træffes en ny afgørelse.");
            if (nextRevisitationBy is not null)
                throw new InvalidInputException("nextRevisitationBy", "Ved fuld tilbagevenden til distriktsskolen fastsættes ingen ny revisitation.");
            next = null;
        }
        else
        {
            next = NextDue(today, nextRevisitationBy, rules);
        }
        var decision = new RevisitationDecision(RevisitationOutcome.End, why, now, actor, rules.Version, null, null, kind, endDate, plan, next);
        var phaseOut = new PhaseOutPlan(kind, endDate, plan, revisitation.Id, now);
        Decide(revisitation, placement, actor, RevisitationTrigger.DecideEnd, decision, null, null, phaseOut, rules, now,
            $"Afgørelse: udslusning med {kind.Danish()}, slutdato {DanishTime.LongDate(endDate)}."
            + (next is { } due ? $" Næste revisitation senest {DanishTime.LongDate(due)}." : ""));
        return decision;
    }

    /// <summary>The revisitation is called off (e.g. the child moved away); the placement keeps its due date.</summary>
    public void Cancel(RevisitationCase revisitation, Placement placement, Actor actor, string reason, DateTimeOffset now)
    {
        EnsureCanFire(revisitation, actor, RevisitationTrigger.Cancel);
        EnsurePlacementOf(revisitation, placement, allowEnded: true);
        var why = Guard.Text(reason, "reason", "Begrundelsen", 2000);
        Fire(revisitation, actor, RevisitationTrigger.Cancel, now, $"Revisitationen er annulleret: {why}");
        revisitation.CancellationReason = why;
        revisitation.ClosedAt = now;
        revisitation.CancelDeadlines(DeadlineKind.HandleplanAnswerReminder);
        placement.DetachRevisitation(revisitation.Id, actor, why, now);
    }

    /// <summary>
    /// Refuses, in Danish, an action the actor may not take or the case cannot take now. Called before
    /// input is validated, so a person without the right learns nothing about the input rules.
    /// </summary>
    protected void EnsureCanFire(RevisitationCase revisitation, Actor actor, RevisitationTrigger trigger)
    {
        EnsureVersion(revisitation);
        if (!Permissions.TryGetValue(trigger, out var roles) || !roles.Contains(actor.Role))
            throw new NotPermittedException($"Som {actor.Role.Danish()} kan du ikke {trigger.DanishInfinitive()}.");
        if (!IsInScope(actor, revisitation))
            throw new NotPermittedException("Du har ikke adgang til denne revisitation.");
        if (Machine(revisitation).CanFire(trigger, out var unmetGuards)) return;
        // Stateless leaves unmetGuards null when the state has no transition for the trigger at all.
        var reason = unmetGuards is { Count: > 0 }
            ? string.Join(" ", unmetGuards)
            : $"Revisitationen står ved: {revisitation.State.Danish()}.";
        if (trigger is RevisitationTrigger.DecideChange or RevisitationTrigger.DecideEnd && revisitation.IsOpen)
            reason += " En ændring eller en udslusning besluttes efter et revisitationsmøde med distriktsskolelederen.";
        throw new WrongStateException($"Du kan ikke {trigger.DanishInfinitive()} nu. {reason}");
    }

    /// <summary>Whether the actor's scope covers this case for acting on it.</summary>
    protected virtual bool IsInScope(Actor actor, RevisitationCase revisitation) => actor.Role switch
    {
        Role.OfferLeader => actor.OfferId == revisitation.OfferId,
        Role.DistrictSchoolLeader => actor.SchoolIds.Contains(revisitation.DistrictSchoolId),
        Role.Guardian => actor.ChildIds.Contains(revisitation.ChildId),
        _ => false,
    };

    /// <summary>Guard for a step's transition: a step is taken once, whichever version took it.</summary>
    protected static Func<bool> NotYetDone(RevisitationCase revisitation, RevisitationStep step) => () => !revisitation.IsSettled(step);

    protected static string Once(RevisitationStep step) => $"{Capital(step.Danish())} gennemføres kun én gang.";

    protected const string MeetingFirst =
        "Der skal først holdes et revisitationsmøde, fordi barnets behov har ændret sig, eller forældrene eller distriktsskolelederen har bedt om det.";

    /// <summary>A state still open: the parents or the district school leader may ask for a meeting, and the case can be called off.</summary>
    protected static StateMachine<RevisitationState, RevisitationTrigger>.StateConfiguration Open(
        StateMachine<RevisitationState, RevisitationTrigger> machine, RevisitationState state) =>
        machine.Configure(state)
            .InternalTransition(RevisitationTrigger.RequestRevisitationMeeting, () => { })
            .Permit(RevisitationTrigger.Cancel, RevisitationState.Cancelled);

    internal void EnsureVersion(RevisitationCase revisitation)
    {
        // A caller bug, not a user's: resolve the workflow with WorkflowCatalog.Get(key, revisitation.WorkflowVersion).
        if (revisitation.WorkflowKey != Key || revisitation.WorkflowVersion != Version)
            throw new InvalidOperationException(
                $"Revisitation {revisitation.Id} runs on workflow '{revisitation.WorkflowKey}' version {revisitation.WorkflowVersion}, not version {Version}.");
    }

    private static void EnsurePlacementOf(RevisitationCase revisitation, Placement placement, bool allowEnded = false)
    {
        if (placement.Id != revisitation.PlacementId)
            throw new InvalidOperationException($"Placement {placement.Id} is not the one revisitation {revisitation.Id} is about.");
        if (!allowEnded && placement.Status == PlacementStatus.Ended)
            throw new WrongStateException("Placeringen er afsluttet; der kan ikke træffes en afgørelse om den.");
    }

    /// <summary>The next due date: at most the rule set's months after the decision, earlier if the decision says so.</summary>
    private static DateOnly NextDue(DateOnly decidedOn, DateOnly? requested, RuleSet rules)
    {
        var latest = RevisitationDue.DueAfter(decidedOn, rules);
        if (requested is not { } date) return latest;
        if (date <= decidedOn)
            throw new InvalidInputException("nextRevisitationBy", "Næste revisitation skal ligge efter afgørelsen.");
        if (date > latest)
            throw new InvalidInputException("nextRevisitationBy",
                $"Næste revisitation kan højst ligge {rules.Revisitation.MaxMonthsBetweenDecisions} måneder efter afgørelsen, dvs. senest {DanishTime.LongDate(latest)}.");
        return date;
    }

    private static MeetingRecord Held(RevisitationCase revisitation, RevisitationStep step, MeetingInput meeting, Actor actor, DateTimeOffset now)
    {
        var info = RevisitationSteps.Of(step);
        return MeetingRecord.Held(info.MeetingKind!.Value, meeting, info.Participants, actor, now, revisitation.LastProgressAt);
    }

    private static List<string> Texts(IReadOnlyList<string>? items, string field, string label, string noneMessage)
    {
        var texts = (items ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => Guard.Text(t, field, label, 1000)).ToList();
        return texts.Count > 0 ? texts : throw new InvalidInputException(field, noneMessage);
    }

    private static string Capital(string text) => char.ToUpper(text[0], DanishTime.Culture) + text[1..];

    private void Complete(RevisitationCase revisitation, Actor actor, RevisitationTrigger trigger, RevisitationStep step, MeetingRecord record,
        DateTimeOffset now, string detail)
    {
        // Fired first: the guard that a step is taken once must see the case as it was.
        Fire(revisitation, actor, trigger, now, detail);
        revisitation.AddMeeting(record);
        revisitation.MarkDone(step, record.HeldAt, record.Id);
    }

    private void Decide(RevisitationCase revisitation, Placement placement, Actor actor, RevisitationTrigger trigger, RevisitationDecision decision,
        string? newScope, Guid? requestedOfferId, PhaseOutPlan? phaseOut, RuleSet rules, DateTimeOffset now, string detail)
    {
        Fire(revisitation, actor, trigger, now, detail);
        revisitation.Decision = decision;
        revisitation.ClosedAt = now;
        revisitation.MarkDone(RevisitationStep.Decision, now);
        revisitation.CancelDeadlines(DeadlineKind.HandleplanAnswerReminder);
        placement.ApplyRevisitationDecision(revisitation.Id, DanishTime.Date(now), decision.NextRevisitationDue, newScope, requestedOfferId, phaseOut,
            detail, actor, rules, now);
    }

    private bool MayFire(Actor actor, RevisitationCase revisitation, RevisitationTrigger trigger) =>
        Permissions.TryGetValue(trigger, out var roles) && roles.Contains(actor.Role) && IsInScope(actor, revisitation);

    private void Fire(RevisitationCase revisitation, Actor actor, RevisitationTrigger trigger, DateTimeOffset now, string detail)
    {
        var from = revisitation.State;
        Machine(revisitation).Fire(trigger);
        revisitation.Record(new RevisitationEvent(now, Version, trigger, from, revisitation.State, actor, detail));
    }

    private StateMachine<RevisitationState, RevisitationTrigger> Machine(RevisitationCase revisitation)
    {
        var machine = new StateMachine<RevisitationState, RevisitationTrigger>(() => revisitation.State, s => revisitation.State = s);
        Configure(machine, revisitation);
        return machine;
    }
}
