using Stateless;
using Stateless.Graph;
using Visitation.Workflows.Access;
using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Rules;

namespace Visitation.Workflows.Ppv;

/// <summary>
/// A version of the PPV workflow. The operations (consent, prioritise, assign, note, draft, hearing,
/// finalise, update) are shared; a version defines its state machine (<see cref="Configure"/>) and who
/// may fire which trigger (<see cref="Permissions"/>). A case always runs on the version it started on.
/// </summary>
public abstract class PpvWorkflow : IWorkflowDefinition
{
    public const string DefinitionKey = "ppv";

    public string Key => DefinitionKey;
    public abstract int Version { get; }
    public virtual bool IsPublished => true;
    public virtual string Title => "Pædagogisk-psykologisk vurdering (PPV)";

    /// <summary>Which roles may fire each trigger; scope is checked on top by <see cref="IsInScope"/>.</summary>
    protected abstract IReadOnlyDictionary<PpvTrigger, Role[]> Permissions { get; }

    /// <summary>
    /// The state machine. Guards may depend on <paramref name="now"/> (a hearing is open until its reply
    /// deadline), so the machine is built for the moment of the request.
    /// </summary>
    protected abstract void Configure(StateMachine<PpvState, PpvTrigger> machine, PpvCase ppv, DateTimeOffset now);

    /// <summary>The steps of the assessment itself: only the assigned psychologist takes them.</summary>
    public static readonly IReadOnlySet<PpvTrigger> AssessmentTriggers = new HashSet<PpvTrigger>
    {
        PpvTrigger.RecordNote, PpvTrigger.WriteDraft, PpvTrigger.SendToHearing,
        PpvTrigger.CommentOnHearing, PpvTrigger.ReopenDraft, PpvTrigger.Finalise,
    };

    public string ToMermaid() => MermaidGraph.Format(Machine(PpvCase.Blank(), DateTimeOffset.MinValue).GetInfo());

    /// <summary>The actions <paramref name="actor"/> may take on the case at <paramref name="now"/>.</summary>
    public IReadOnlyList<PpvTrigger> PermittedActions(PpvCase ppv, Actor actor, DateTimeOffset now)
    {
        var machine = Machine(ppv, now);
        return Enum.GetValues<PpvTrigger>()
            .Where(t => t != PpvTrigger.Request && MayFire(actor, ppv, t) && machine.CanFire(t))
            .ToList();
    }

    /// <summary>
    /// The district school leader of the child's school, or a guardian of the child, asks the psychologist
    /// service for a PPV. Until every guardian has consented, the request is all the service sees.
    /// </summary>
    public PpvCase Request(Guid id, Child child, Actor actor, string reason, RuleSet rules, DateTimeOffset now)
    {
        var mayRequest = actor.Role switch
        {
            Role.DistrictSchoolLeader => actor.SchoolIds.Contains(child.DistrictSchoolId),
            Role.Guardian => actor.ChildIds.Contains(child.Id),
            _ => false,
        };
        if (!mayRequest)
            throw new NotPermittedException("Kun lederen af barnets distriktsskole eller barnets forældre kan anmode om en PPV.");
        var why = Guard.Text(reason, "reason", "Hvad PPV'en skal belyse", 4000);
        var ppv = new PpvCase(id, child.Id, child.DistrictSchoolId, child.GuardianIds, Version, rules.Version, now);
        var request = new PpvRequest(Guid.NewGuid(), 1, why, now, actor, PpvDeadlines.TargetAt(now, rules), rules.Version);
        ppv.AddRequest(request);
        ppv.Record(new PpvEvent(now, PpvTrigger.Request, PpvState.Requested, PpvState.Requested, actor,
            $"PPV anmodet; målet er en endelig PPV senest {DanishTime.LongDate(request.TargetAt)}. Afventer forældrenes samtykke."));
        PpvDeadlines.ScheduleTarget(ppv, request, rules, now);
        return ppv;
    }

    /// <summary>
    /// Records consent given by <paramref name="guardianIds"/> to <paramref name="scopes"/>. A guardian
    /// consents for themself only (<see cref="Actor.GuardianId"/>); the district school leader records
    /// consent the guardians gave on a signed form. Once every guardian has consented to the assessment,
    /// the case goes to the coordination meeting.
    /// </summary>
    public void RecordConsent(PpvCase ppv, Actor actor, IReadOnlyCollection<Guid> guardianIds, ConsentScopes scopes, DateTimeOffset givenAt, DateTimeOffset now)
    {
        EnsureCanFire(ppv, actor, PpvTrigger.RecordConsent, now);
        var who = guardianIds.Distinct().ToList();
        if (who.Count == 0)
            throw new InvalidInputException("guardianIds", "Angiv, hvilke forældre der har givet samtykke.");
        if (who.Any(g => !ppv.GuardianIds.Contains(g)))
            throw new InvalidInputException("guardianIds", "Samtykke kan kun gives af barnets forældremyndighedsindehavere.");
        if (actor.Role == Role.Guardian && (who.Count != 1 || who[0] != actor.GuardianId))
            throw new InvalidInputException("guardianIds", "En forælder kan kun give samtykke på egne vegne.");
        if (scopes == ConsentScopes.None || (scopes & ~ConsentScopes.All) != 0)
            throw new InvalidInputException("scopes", "Angiv, hvad der gives samtykke til: vurdering, deling med skolen og/eller deling med visitationsudvalget.");
        if (givenAt > now)
            throw new InvalidInputException("givenAt", "Samtykket kan ikke være givet i fremtiden.");

        var completesConsent = !ppv.HasConsent(ConsentScopes.Assessment);
        foreach (var guardian in who)
            ppv.AddConsent(new PpvConsent(Guid.NewGuid(), guardian, scopes, givenAt, now, actor));
        completesConsent &= ppv.HasConsent(ConsentScopes.Assessment);

        var detail = $"Samtykke fra {who.Count} forælder/forældre til: {scopes.Danish()}.";
        if (completesConsent) detail += " Alle forældre har nu givet samtykke til vurderingen.";
        Fire(ppv, actor, PpvTrigger.RecordConsent, now, detail);
    }

    /// <summary>The school's coordination meeting with the psychologist service prioritises the request.</summary>
    public void Prioritise(PpvCase ppv, Actor actor, PpvPriority priority, DateOnly meetingDate, DateTimeOffset now)
    {
        EnsureCanFire(ppv, actor, PpvTrigger.Prioritise, now);
        if (!Enum.IsDefined(priority))
            throw new InvalidInputException("priority", "Prioriteten skal være høj, normal eller lav.");
        if (meetingDate > DanishTime.Date(now))
            throw new InvalidInputException("meetingDate", "Koordineringsmødet kan ikke ligge i fremtiden; prioriteringen registreres efter mødet.");
        if (meetingDate < DanishTime.Date(ppv.CurrentRequest.RequestedAt))
            throw new InvalidInputException("meetingDate", "Koordineringsmødet kan ikke ligge før anmodningen.");
        var again = ppv.CurrentRequest.Priority is not null;
        Fire(ppv, actor, PpvTrigger.Prioritise, now,
            $"{(again ? "Omprioriteret" : "Prioriteret")} på koordineringsmødet {DanishTime.LongDate(meetingDate)}: {priority.Danish()} prioritet.");
        ppv.CurrentRequest.Prioritise(priority, meetingDate, actor.UserId, now);
    }

    /// <summary>
    /// Gives the case to <paramref name="psychologist"/>, who has <paramref name="activeAssessments"/>
    /// concurrent assessments now (<see cref="PsychologistCapacity.ActiveAssessments"/>). At or beyond the
    /// rule set's capacity this needs <paramref name="overCapacityReason"/>, which is recorded.
    /// </summary>
    public void Assign(PpvCase ppv, Actor actor, Actor psychologist, int activeAssessments, string? overCapacityReason, RuleSet rules, DateTimeOffset now)
    {
        EnsureCanFire(ppv, actor, PpvTrigger.Assign, now);
        var assignment = CheckedAssignment(ppv, actor, psychologist, activeAssessments, overCapacityReason, rules, now);
        Fire(ppv, actor, PpvTrigger.Assign, now, $"Tildelt {psychologist.DisplayName}.{OverCapacityText(assignment)}");
        ppv.AddAssignment(assignment);
    }

    /// <summary>Gives a case in progress to another psychologist (illness, workload); capacity as for <see cref="Assign"/>.</summary>
    public void Reassign(PpvCase ppv, Actor actor, Actor psychologist, int activeAssessments, string? overCapacityReason, RuleSet rules, DateTimeOffset now)
    {
        EnsureCanFire(ppv, actor, PpvTrigger.Reassign, now);
        if (ppv.AssignedPsychologistId == psychologist.UserId)
            throw new InvalidInputException("psychologistId", $"Sagen er allerede tildelt {psychologist.DisplayName}.");
        var assignment = CheckedAssignment(ppv, actor, psychologist, activeAssessments, overCapacityReason, rules, now);
        Fire(ppv, actor, PpvTrigger.Reassign, now,
            $"Flyttet fra {ppv.AssignedPsychologistName} til {psychologist.DisplayName}.{OverCapacityText(assignment)}");
        ppv.AddAssignment(assignment);
    }

    /// <summary>An observation or conversation of the assessment. Nothing before the parents' consent can be recorded.</summary>
    public void RecordNote(PpvCase ppv, Actor actor, PpvNoteKind kind, string text, DateTimeOffset occurredAt, DateTimeOffset now)
    {
        EnsureCanFire(ppv, actor, PpvTrigger.RecordNote, now);
        if (!Enum.IsDefined(kind))
            throw new InvalidInputException("kind", "Vælg, hvilken slags notat det er: observation, samtale med barnet, forældrene eller lærerne, test eller andet.");
        var what = Guard.Text(text, "text", "Notatet", 8000);
        if (occurredAt > now)
            throw new InvalidInputException("occurredAt", "Notatet kan ikke handle om noget, der endnu ikke er sket.");
        var consentAt = ppv.ConsentGivenAt(ConsentScopes.Assessment)!.Value;
        if (occurredAt < consentAt)
            throw new InvalidInputException("occurredAt",
                $"Notatet kan ikke handle om noget før forældrenes samtykke til vurderingen ({DanishTime.LongDate(consentAt)}).");
        Fire(ppv, actor, PpvTrigger.RecordNote, now, $"Notat registreret: {kind.Danish()}.");
        ppv.AddNote(new PpvNote(Guid.NewGuid(), ppv.CurrentRequest.Id, kind, what, occurredAt, now, actor));
    }

    /// <summary>A draft PPV with recommendations; a new draft before the hearing replaces the previous one.</summary>
    public void WriteDraft(PpvCase ppv, Actor actor, string text, string recommendations, DateTimeOffset now)
    {
        EnsureCanFire(ppv, actor, PpvTrigger.WriteDraft, now);
        var body = Guard.Text(text, "text", "Vurderingen", 20000);
        var advice = Guard.Text(recommendations, "recommendations", "Anbefalingerne", 8000);
        var request = ppv.CurrentRequest;
        var number = ppv.Drafts.Count(d => d.RequestId == request.Id) + 1;
        Fire(ppv, actor, PpvTrigger.WriteDraft, now, $"Udkast {number} til PPV version {request.ForVersion} skrevet.");
        ppv.AddDraft(new PpvDraft(Guid.NewGuid(), request.Id, request.ForVersion, number, body, advice, now, actor));
    }

    /// <summary>Shares the current draft with the guardians, who may comment until the reply deadline (rule set: hearingReplyDays).</summary>
    public void SendToHearing(PpvCase ppv, Actor actor, RuleSet rules, DateTimeOffset now)
    {
        EnsureCanFire(ppv, actor, PpvTrigger.SendToHearing, now);
        var draft = ppv.CurrentDraft!;
        var deadline = PpvDeadlines.HearingReplyDeadline(now, rules);
        Fire(ppv, actor, PpvTrigger.SendToHearing, now,
            $"Udkast {draft.Number} sendt i høring hos forældrene med svarfrist {DanishTime.LongDate(deadline)}.");
        ppv.AddHearing(new PpvHearing(Guid.NewGuid(), ppv.CurrentRequest.Id, draft.Id, now, deadline, actor.UserId));
        ppv.Schedule(DeadlineKind.PpvHearingDeadline, deadline);
    }

    /// <summary>
    /// A guardian's comment on the draft in hearing. A guardian comments as themself
    /// (<see cref="Actor.GuardianId"/>); the assigned psychologist may record a guardian's oral comment,
    /// naming them in <paramref name="onBehalfOfGuardianId"/>. When every guardian has replied, the hearing
    /// is over before its deadline.
    /// </summary>
    public void CommentOnHearing(PpvCase ppv, Actor actor, string text, DateTimeOffset now, Guid? onBehalfOfGuardianId = null)
    {
        EnsureCanFire(ppv, actor, PpvTrigger.CommentOnHearing, now);
        Guid guardianId;
        if (actor.Role == Role.Guardian)
        {
            if (onBehalfOfGuardianId is { } other && other != actor.GuardianId)
                throw new InvalidInputException("guardianId", "En forælder kan kun kommentere på egne vegne.");
            guardianId = actor.GuardianId!.Value;
        }
        else
        {
            guardianId = onBehalfOfGuardianId
                ?? throw new InvalidInputException("guardianId", "Angiv, hvilken forælder kommentaren kommer fra.");
            if (!ppv.GuardianIds.Contains(guardianId))
                throw new InvalidInputException("guardianId", "Kommentaren skal komme fra en af barnets forældremyndighedsindehavere.");
        }
        var what = Guard.Text(text, "text", "Kommentaren", 8000);
        var hearing = ppv.CurrentHearing!;
        var repliedBefore = ppv.CommentsOn(hearing).Select(c => c.GuardianId).ToHashSet();
        var everyoneReplied = ppv.GuardianIds.All(g => g == guardianId || repliedBefore.Contains(g));

        var detail = actor.Role == Role.Guardian
            ? "Forælder har kommenteret udkastet."
            : "Forælders mundtlige kommentar til udkastet registreret.";
        if (everyoneReplied) detail += " Alle forældre har svaret; høringen er afsluttet.";
        Fire(ppv, actor, PpvTrigger.CommentOnHearing, now, detail);
        ppv.AddHearingComment(new PpvHearingComment(Guid.NewGuid(), hearing.Id, guardianId, what, now, actor));
        if (everyoneReplied) ppv.CancelDeadlines(DeadlineKind.PpvHearingDeadline);
    }

    /// <summary>Takes the draft back from the hearing to revise it; the revised draft must be heard again.</summary>
    public void ReopenDraft(PpvCase ppv, Actor actor, string reason, DateTimeOffset now)
    {
        EnsureCanFire(ppv, actor, PpvTrigger.ReopenDraft, now);
        var why = Guard.Text(reason, "reason", "Begrundelsen", 2000);
        var hearing = ppv.CurrentHearing!;
        Fire(ppv, actor, PpvTrigger.ReopenDraft, now, $"Udkastet er taget tilbage fra høring: {Sentence(why)} Et revideret udkast skal i høring igen.");
        hearing.Close(HearingClosure.DraftReopened, now);
        ppv.CancelDeadlines(DeadlineKind.PpvHearingDeadline);
    }

    /// <summary>
    /// Makes the heard draft the next final version, exactly as the parents saw it. If they commented,
    /// <paramref name="responseToComments"/> says how the comments were taken into account.
    /// </summary>
    public PpvVersion Finalise(PpvCase ppv, Actor actor, string? responseToComments, DateTimeOffset now)
    {
        EnsureCanFire(ppv, actor, PpvTrigger.Finalise, now);
        var hearing = ppv.CurrentHearing!;
        var response = Guard.OptionalText(responseToComments, "responseToComments", "Hvordan forældrenes kommentarer er indgået", 8000);
        if (response is null && ppv.CommentsOn(hearing).Count > 0)
            throw new InvalidInputException("responseToComments",
                "Forældrene har kommenteret udkastet. Beskriv, hvordan kommentarerne er indgået i den endelige PPV.");
        var draft = ppv.Drafts.Single(d => d.Id == hearing.DraftId);
        var previous = ppv.LatestFinal;
        var version = new PpvVersion(Guid.NewGuid(), ppv, ppv.CurrentRequest.ForVersion, previous, draft, hearing, response, actor, now);

        Fire(ppv, actor, PpvTrigger.Finalise, now, previous is null
            ? $"PPV version {version.Number} er endelig."
            : $"PPV version {version.Number} er endelig og afløser version {previous.Number}.");
        hearing.Close(HearingClosure.Finalised, now);
        ppv.AddVersion(version);
        PpvDeadlines.CancelAll(ppv);
        return version;
    }

    /// <summary>
    /// Asks for an update of a final PPV as the child's needs change (e.g. from a revisitation's status
    /// meeting). The update is a new cycle: prioritised, assigned, assessed, drafted and heard again.
    /// </summary>
    public void RequestUpdate(PpvCase ppv, Actor actor, string reason, RuleSet rules, DateTimeOffset now)
    {
        EnsureCanFire(ppv, actor, PpvTrigger.RequestUpdate, now);
        var why = Guard.Text(reason, "reason", "Hvad opdateringen skal belyse", 4000);
        var next = ppv.LatestFinal!.Number + 1;
        var request = new PpvRequest(Guid.NewGuid(), next, why, now, actor, PpvDeadlines.TargetAt(now, rules), rules.Version);
        Fire(ppv, actor, PpvTrigger.RequestUpdate, now,
            $"Opdatering anmodet (bliver version {next}); målet er en endelig PPV senest {DanishTime.LongDate(request.TargetAt)}.");
        ppv.AddRequest(request);
        ppv.RuleSetVersion = rules.Version;
        PpvDeadlines.ScheduleTarget(ppv, request, rules, now);
    }

    /// <summary>
    /// Withdraws the request. Before any final version the case ends; during an update only the update is
    /// withdrawn and the latest final version stays in force.
    /// </summary>
    public void Withdraw(PpvCase ppv, Actor actor, string reason, DateTimeOffset now)
    {
        EnsureCanFire(ppv, actor, PpvTrigger.Withdraw, now);
        var why = Guard.Text(reason, "reason", "Begrundelsen for tilbagetrækning", 2000);
        var hearing = ppv.CurrentHearing;
        var latest = ppv.LatestFinal;
        Fire(ppv, actor, PpvTrigger.Withdraw, now, latest is null
            ? $"Anmodningen er trukket tilbage: {Sentence(why)}"
            : $"Opdateringen er trukket tilbage: {Sentence(why)} Version {latest.Number} gælder fortsat.");
        hearing?.Close(HearingClosure.Withdrawn, now);
        ppv.CurrentRequest.Withdraw(why, now);
        if (latest is null) ppv.WithdrawalReason = why;
        PpvDeadlines.CancelAll(ppv);
    }

    /// <summary>
    /// Refuses, in Danish, an action the actor may not take or the case cannot take now. Called before
    /// input is validated, so a person without the right learns nothing about the input rules.
    /// </summary>
    protected void EnsureCanFire(PpvCase ppv, Actor actor, PpvTrigger trigger, DateTimeOffset now)
    {
        // A caller bug, not a user's: resolve the workflow with WorkflowCatalog.Get(key, ppv.WorkflowVersion).
        if (ppv.WorkflowKey != Key || ppv.WorkflowVersion != Version)
            throw new InvalidOperationException(
                $"PPV case {ppv.Id} runs on workflow '{ppv.WorkflowKey}' version {ppv.WorkflowVersion}, not version {Version}.");
        if (!Permissions.TryGetValue(trigger, out var roles) || !roles.Contains(actor.Role))
            throw new NotPermittedException($"Som {actor.Role.Danish()} kan du ikke {trigger.DanishInfinitive()}.");
        if (!IsInScope(actor, ppv, trigger))
            throw new NotPermittedException("Du har ikke adgang til denne PPV-sag.");
        var machine = Machine(ppv, now);
        if (machine.CanFire(trigger, out var unmetGuards)) return;
        // Stateless leaves unmetGuards null when the state has no transition for the trigger at all.
        var reason = unmetGuards is { Count: > 0 }
            ? string.Join(" ", unmetGuards)
            : $"PPV-sagen er {ppv.State.Danish()}.";
        throw new WrongStateException($"Du kan ikke {trigger.DanishInfinitive()} nu. {reason}");
    }

    /// <summary>
    /// Whether the actor's scope covers this case for <paramref name="trigger"/>. The assessment itself is
    /// the assigned psychologist's; the service's steps (prioritise, assign, update, withdraw) are open to
    /// the psychologists serving the school and to the service's leader.
    /// </summary>
    protected virtual bool IsInScope(Actor actor, PpvCase ppv, PpvTrigger trigger) => actor.Role switch
    {
        Role.DistrictSchoolLeader => actor.SchoolIds.Contains(ppv.DistrictSchoolId),
        Role.Guardian => actor.ChildIds.Contains(ppv.ChildId) && actor.GuardianId is { } own && ppv.GuardianIds.Contains(own),
        Role.Psychologist => AssessmentTriggers.Contains(trigger)
            ? ppv.IsAssignedTo(actor)
            : ppv.IsAssignedTo(actor) || actor.SchoolIds.Contains(ppv.DistrictSchoolId) || PsychologistService.IsLeader(actor),
        _ => false,
    };

    private bool MayFire(Actor actor, PpvCase ppv, PpvTrigger trigger) =>
        Permissions.TryGetValue(trigger, out var roles) && roles.Contains(actor.Role) && IsInScope(actor, ppv, trigger);

    private static PpvAssignment CheckedAssignment(PpvCase ppv, Actor actor, Actor psychologist, int activeAssessments,
        string? overCapacityReason, RuleSet rules, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(activeAssessments);
        if (psychologist.Role != Role.Psychologist)
            throw new InvalidInputException("psychologistId", "Sagen kan kun tildeles en psykolog.");
        var capacity = rules.Ppv.ConcurrentAssessmentsPerPsychologist;
        var reason = Guard.OptionalText(overCapacityReason, "overCapacityReason", "Begrundelsen for at gå ud over kapaciteten", 2000);
        var full = PsychologistCapacity.IsFull(activeAssessments, rules);
        if (full && reason is null)
            throw new InvalidInputException("overCapacityReason",
                $"{psychologist.DisplayName} har allerede {activeAssessments} igangværende vurderinger, og kapaciteten er {capacity}. "
                + "Angiv en begrundelse, hvis sagen alligevel skal tildeles.");
        return new PpvAssignment(Guid.NewGuid(), ppv.CurrentRequest.Id, psychologist, actor, activeAssessments, capacity,
            full ? reason : null, now);
    }

    private static string OverCapacityText(PpvAssignment assignment) =>
        assignment.IsOverCapacity
            ? $" Ud over kapaciteten ({assignment.ActiveAssessmentsBefore} igangværende, kapacitet {assignment.Capacity}): {assignment.OverCapacityReason}"
            : "";

    private static string Sentence(string text) => text.EndsWith('.') || text.EndsWith('!') || text.EndsWith('?') ? text : text + ".";

    private void Fire(PpvCase ppv, Actor actor, PpvTrigger trigger, DateTimeOffset now, string detail)
    {
        var from = ppv.State;
        Machine(ppv, now).Fire(trigger);
        ppv.Record(new PpvEvent(now, trigger, from, ppv.State, actor, detail));
    }

    private StateMachine<PpvState, PpvTrigger> Machine(PpvCase ppv, DateTimeOffset now)
    {
        var machine = new StateMachine<PpvState, PpvTrigger>(() => ppv.State, s => ppv.State = s);
        Configure(machine, ppv, now);
        return machine;
    }
}
