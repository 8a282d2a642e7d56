using Stateless;
using Stateless.Graph;
using Visitation.Workflows.Access;
using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Ppv;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Rules;
using Visitation.Workflows.Schools;

namespace Visitation.Workflows.Referrals;

/// <summary>
/// A version of the referral workflow. The operations (submit, triage, decide, ...) are shared; what a
/// version defines is its state machine (<see cref="Configure"/>) and who may fire which trigger
/// (<see cref="Permissions"/>). A referral always runs on the version it started on.
/// </summary>
public abstract class ReferralWorkflow : IWorkflowDefinition
{
    public const string DefinitionKey = "referral";

    public string Key => DefinitionKey;
    public abstract int Version { get; }
    public virtual bool IsPublished => true;
    public virtual string Title => "Henvisning til visitationsudvalget";

    /// <summary>Which roles may fire each trigger; scope is checked on top by <see cref="IsInScope"/>.</summary>
    protected abstract IReadOnlyDictionary<ReferralTrigger, Role[]> Permissions { get; }

    protected abstract void Configure(StateMachine<ReferralState, ReferralTrigger> machine, Referral referral);

    public string ToMermaid() => MermaidGraph.Format(Machine(Referral.Blank()).GetInfo());

    /// <summary>The actions <paramref name="actor"/> may take on the referral now.</summary>
    public IReadOnlyList<ReferralTrigger> PermittedActions(Referral referral, Actor actor)
    {
        var machine = Machine(referral);
        return Enum.GetValues<ReferralTrigger>()
            .Where(t => MayFire(actor, referral, t) && machine.CanFire(t))
            .ToList();
    }

    public Referral Start(Guid id, Child child, Actor actor, RuleSet rules, DateTimeOffset now)
    {
        if (actor.Role != Role.DistrictSchoolLeader || !actor.SchoolIds.Contains(child.DistrictSchoolId))
            throw new NotPermittedException("Kun lederen af barnets distriktsskole kan oprette en henvisning.");
        var referral = new Referral(id, child.Id, child.DistrictSchoolId, Version, rules.Version, now);
        referral.Record(new ReferralEvent(now, ReferralTrigger.Start, ReferralState.Draft, ReferralState.Draft, actor, "Henvisning oprettet som kladde."));
        return referral;
    }

    /// <summary>
    /// Attaches a document as one of the referral's parts, replacing the current one of that part. The PPV
    /// part is either <paramref name="fromPpv"/>: a final version from the PPV workflow, which
    /// <paramref name="file"/> renders (only final versions exist as <see cref="PpvVersion"/>, so a draft can
    /// never be attached this way), or an uploaded PPV made outside the workflow, which the uploader has
    /// vouched for as <paramref name="external"/> (see <see cref="PpvForReferral.RequireExternal"/>).
    /// </summary>
    public void AttachDocument(Referral referral, Actor actor, ReferralPartType part, StoredFileInfo file, DateTimeOffset now,
        PpvVersion? fromPpv = null, ExternalPpv? external = null)
    {
        EnsureCanFire(referral, actor, ReferralTrigger.AttachDocument);
        if (actor.Role == Role.Guardian && part != ReferralPartType.ParentStatement)
            throw new NotPermittedException("Forældre kan kun vedhæfte forældreudtalelsen.");
        if ((fromPpv is not null || external is not null) && part != ReferralPartType.PPV)
            throw new ArgumentException("Only the PPV part can come from the PPV workflow or be an external PPV.", nameof(part));
        if (fromPpv is not null && external is not null)
            throw new ArgumentException("A PPV part is either from the PPV workflow or external, not both.", nameof(external));
        if (part == ReferralPartType.PPV && fromPpv is null && external is null)
            throw new InvalidInputException(PpvForReferral.MarkedFinalField,
                "En uploadet PPV skal markeres som endelig med oplysning om, hvem der har udarbejdet den, og hvornår. En PPV-kladde kan ikke bruges i en henvisning.");
        if (fromPpv is not null && fromPpv.ChildId != referral.ChildId)
            throw new InvalidInputException(PpvForReferral.Field, "PPV'en handler om et andet barn end henvisningen.");
        var document = new ReferralDocument(Guid.NewGuid(), part, file, actor.UserId, actor.DisplayName, now);
        if (fromPpv is not null) document.LinkToPpv(fromPpv.PpvCaseId, fromPpv.Number);
        if (external is not null) document.MarkExternal(external);
        referral.AddDocument(document);
        Fire(referral, actor, ReferralTrigger.AttachDocument, now, (fromPpv, external) switch
        {
            ({ } version, _) => $"Vedhæftede PPV version {version.Number} fra PPV-forløbet som henvisningens PPV ({file.FileName}).",
            (_, { } outside) => $"Vedhæftede en ekstern PPV fra {outside.Issuer}, dateret {DanishTime.LongDate(outside.IssuedOn)} og markeret som endelig ({file.FileName}).",
            _ => $"Vedhæftede {part.Danish()} ({file.FileName}).",
        });
    }

    public void Submit(Referral referral, Actor actor, RuleSet rules, DateTimeOffset now)
    {
        EnsureCanFire(referral, actor, ReferralTrigger.Submit);
        var missing = referral.MissingParts(rules.Referral.RequiredParts);
        var detail = missing.Count == 0
            ? "Indsendt komplet."
            : "Indsendt, men mangler: " + string.Join(", ", missing.Select(p => p.Danish())) + ". Sendt retur til skolen.";
        Fire(referral, actor, ReferralTrigger.Submit, now, detail);
        referral.SubmittedAt = now;
        referral.CancelDeadlines(DeadlineKind.IncompleteReferralReminder);
        if (referral.State == ReferralState.Incomplete)
            referral.Schedule(DeadlineKind.IncompleteReferralReminder, now + rules.Referral.IncompleteReminderAfter);
        else
            referral.CompletedAt = now;
    }

    public void AssignToRound(Referral referral, Actor actor, VisitationRound round, DateTimeOffset now)
    {
        EnsureCanFire(referral, actor, ReferralTrigger.AssignToRound);
        if (round.Status != RoundStatus.Open)
            throw new InvalidInputException("roundId", $"Runden '{round.Name}' er lukket.");
        if (!round.AcceptsReferralsAt(now))
            throw new InvalidInputException("roundId",
                $"Henvisningsfristen for runden '{round.Name}' var {DanishTime.LongDate(round.ReferralDeadline)}. Vælg en senere runde.");
        Fire(referral, actor, ReferralTrigger.AssignToRound, now, $"Tilknyttet runden '{round.Name}'.");
        referral.RoundId = round.Id;
    }

    public void Triage(Referral referral, Actor actor, Track track, DateTimeOffset now)
    {
        EnsureCanFire(referral, actor, ReferralTrigger.Triage);
        if (!Enum.IsDefined(track))
            throw new InvalidInputException("track", "Sporet skal være 1 (specialtilbud), 2 (socio-emotionelle tilbud) eller 3 (vidtgående tilbud).");
        Fire(referral, actor, ReferralTrigger.Triage, now, $"Fordelt på {track.Danish()}.");
        referral.Track = track;
    }

    public void PutOnAgenda(Referral referral, Actor actor, DateTimeOffset now)
    {
        EnsureCanFire(referral, actor, ReferralTrigger.PutOnAgenda);
        Fire(referral, actor, ReferralTrigger.PutOnAgenda, now, "Sat på visitationsudvalgets dagsorden.");
    }

    public void RecordHearing(Referral referral, Actor actor, DateTimeOffset sentAt, DateTimeOffset replyDeadline,
        string subject, string? parentsReply, RuleSet rules, DateTimeOffset now)
    {
        EnsureCanFire(referral, actor, ReferralTrigger.RecordHearing);
        var text = Guard.Text(subject, "subject", "Hvad forældrene er hørt om", 4000);
        if (sentAt > now)
            throw new InvalidInputException("sentAt", "Høringen kan ikke være sendt i fremtiden.");
        if (replyDeadline < sentAt.AddDays(rules.Hearing.MinimumReplyDays))
            throw new InvalidInputException("replyDeadline", $"Svarfristen skal være mindst {rules.Hearing.MinimumReplyDays} dage efter, at høringen er sendt.");
        // A hearing is a basis for a decision only once the parents have answered or the time to answer
        // is over (forvaltningsloven §§ 19 and 21), so only a concluded hearing is recorded.
        if (string.IsNullOrWhiteSpace(parentsReply) && replyDeadline > now)
            throw new InvalidInputException("parentsReply",
                $"Partshøringen kan først registreres, når forældrene har svaret, eller svarfristen ({DanishTime.LongDate(replyDeadline)}) er udløbet.");
        referral.AddHearing(new Hearing(Guid.NewGuid(), sentAt, replyDeadline, text,
            Guard.OptionalText(parentsReply, "parentsReply", "Forældrenes svar"), now, actor.UserId));
        Fire(referral, actor, ReferralTrigger.RecordHearing, now, "Partshøring registreret.");
    }

    /// <param name="capacityOverrideReason">Why the committee overfills the offer, when the seat check (<see cref="Allocation.CapacityLedger"/>) found it full; kept in the case history.</param>
    public void DecidePlacement(Referral referral, Actor actor, SpecialOffer offer, DateOnly startDate, string reasons, RuleSet rules, DateTimeOffset now,
        string? capacityOverrideReason = null)
    {
        EnsureCanFire(referral, actor, ReferralTrigger.DecidePlacement);
        if (!offer.IsActive)
            throw new InvalidInputException("offerId", $"Tilbuddet '{offer.Name}' er ikke aktivt.");
        if (startDate < DanishTime.Date(now))
            throw new InvalidInputException("startDate", "Startdatoen kan ikke ligge før afgørelsen.");
        var why = Guard.Text(reasons, "reasons", "Begrundelsen", 8000);
        var overridden = string.IsNullOrWhiteSpace(capacityOverrideReason) ? "" : $" Kapaciteten er tilsidesat: {capacityOverrideReason.Trim()}";
        Fire(referral, actor, ReferralTrigger.DecidePlacement, now, $"Visiteret til {offer.Name} fra {DanishTime.LongDate(startDate)}.{overridden}");
        referral.AddDecision(new ReferralDecision(Guid.NewGuid(), DecisionOutcome.Placement, referral.RoundId!.Value, offer.Id,
            startDate, null, null, null, why, now, actor.UserId, rules.Version));
        referral.Schedule(DeadlineKind.DecisionDispatch, now + rules.Referral.DecisionDispatchWithin);
    }

    public void DecideReturnToGeneral(Referral referral, Actor actor, string recommendations, string reasons, RuleSet rules, DateTimeOffset now)
    {
        EnsureCanFire(referral, actor, ReferralTrigger.DecideReturnToGeneral);
        var what = Guard.Text(recommendations, "recommendations", "Anbefalingerne til almentilbuddet", 8000);
        var why = Guard.Text(reasons, "reasons", "Begrundelsen", 8000);
        Fire(referral, actor, ReferralTrigger.DecideReturnToGeneral, now, "Tilbagevist til almentilbuddet med anbefalinger.");
        referral.AddDecision(new ReferralDecision(Guid.NewGuid(), DecisionOutcome.ReturnToGeneral, referral.RoundId!.Value, null,
            null, what, null, null, why, now, actor.UserId, rules.Version));
        referral.Schedule(DeadlineKind.DecisionDispatch, now + rules.Referral.DecisionDispatchWithin);
    }

    public void Postpone(Referral referral, Actor actor, VisitationRound laterRound, string missing, string reasons, RuleSet rules, DateTimeOffset now)
    {
        EnsureCanFire(referral, actor, ReferralTrigger.Postpone);
        if (laterRound.Id == referral.RoundId || laterRound.Status != RoundStatus.Open || laterRound.CommitteeMeetingAt <= now)
            throw new InvalidInputException("postponedToRoundId", "Sagen kan kun udsættes til en senere, åben runde.");
        var whatIsMissing = Guard.Text(missing, "missing", "Hvad der mangler", 4000);
        var why = Guard.Text(reasons, "reasons", "Begrundelsen", 8000);
        var fromRound = referral.RoundId!.Value;
        Fire(referral, actor, ReferralTrigger.Postpone, now, $"Udsat til runden '{laterRound.Name}'. Mangler: {whatIsMissing}");
        referral.AddDecision(new ReferralDecision(Guid.NewGuid(), DecisionOutcome.Postponed, fromRound, null, null, null,
            laterRound.Id, whatIsMissing, why, now, actor.UserId, rules.Version));
        referral.RoundId = laterRound.Id;
        referral.Track = null;
    }

    public void Withdraw(Referral referral, Actor actor, string reason, DateTimeOffset now)
    {
        EnsureCanFire(referral, actor, ReferralTrigger.Withdraw);
        var why = Guard.Text(reason, "reason", "Begrundelsen for tilbagetrækning", 2000);
        Fire(referral, actor, ReferralTrigger.Withdraw, now, $"Trukket tilbage: {why}");
        referral.WithdrawalReason = why;
        referral.CancelDeadlines(DeadlineKind.IncompleteReferralReminder);
    }

    /// <summary>
    /// Refuses, in Danish, an action the actor may not take or the case cannot take now. Called before
    /// input is validated, so a person without the right learns nothing about the input rules.
    /// </summary>
    protected void EnsureCanFire(Referral referral, Actor actor, ReferralTrigger trigger)
    {
        // A caller bug, not a user's: resolve the workflow with WorkflowCatalog.Get(key, referral.WorkflowVersion).
        if (referral.WorkflowKey != Key || referral.WorkflowVersion != Version)
            throw new InvalidOperationException(
                $"Referral {referral.Id} runs on workflow '{referral.WorkflowKey}' version {referral.WorkflowVersion}, not version {Version}.");
        if (!Permissions.TryGetValue(trigger, out var roles) || !roles.Contains(actor.Role))
            throw new NotPermittedException($"Som {actor.Role.Danish()} kan du ikke {trigger.DanishInfinitive()}.");
        if (!IsInScope(actor, referral))
            throw new NotPermittedException("Du har ikke adgang til denne henvisning.");
        var machine = Machine(referral);
        if (machine.CanFire(trigger, out var unmetGuards)) return;
        // Stateless leaves unmetGuards null when the state has no transition for the trigger at all.
        var reason = unmetGuards is { Count: > 0 }
            ? string.Join(" ", unmetGuards)
            : $"Henvisningen er {referral.State.Danish()}.";
        throw new WrongStateException($"Du kan ikke {trigger.DanishInfinitive()} nu. {reason}");
    }

    /// <summary>Whether the actor's scope covers this referral for changing it.</summary>
    protected virtual bool IsInScope(Actor actor, Referral referral) => actor.Role switch
    {
        Role.CommitteeMember => true,
        Role.DistrictSchoolLeader => actor.SchoolIds.Contains(referral.DistrictSchoolId),
        Role.Guardian => actor.ChildIds.Contains(referral.ChildId),
        _ => false,
    };

    private bool MayFire(Actor actor, Referral referral, ReferralTrigger trigger) =>
        Permissions.TryGetValue(trigger, out var roles) && roles.Contains(actor.Role) && IsInScope(actor, referral);

    private void Fire(Referral referral, Actor actor, ReferralTrigger trigger, DateTimeOffset now, string detail)
    {
        var from = referral.State;
        Machine(referral).Fire(trigger);
        referral.Record(new ReferralEvent(now, trigger, from, referral.State, actor, detail));
    }

    private StateMachine<ReferralState, ReferralTrigger> Machine(Referral referral)
    {
        var machine = new StateMachine<ReferralState, ReferralTrigger>(() => referral.State, s => referral.State = s);
        Configure(machine, referral);
        return machine;
    }
}
