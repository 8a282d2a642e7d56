using Visitation.Workflows.Access;
using Visitation.Workflows.Allocation;
using Visitation.Workflows.Common;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rules;
using Visitation.Workflows.Schools;

namespace Visitation.Workflows.Rounds;

public enum MeetingStatus
{
    Open,
    /// <summary>Every case has an outcome and the round is closed; the decisions are to be issued.</summary>
    Closed,
}

/// <summary>A person present at the committee meeting.</summary>
public sealed class MeetingAttendee
{
    public Guid UserId { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>What the person attends as, e.g. "formand", "psykolog", "skoleleder".</summary>
    public string? Function { get; private set; }

    private MeetingAttendee() { }

    public MeetingAttendee(Guid userId, string name, string? function = null)
    {
        UserId = userId;
        Name = Guard.Text(name, "attendees", "Deltagerens navn");
        Function = Guard.OptionalText(function, "attendees", "Deltagerens funktion", 100);
    }
}

/// <summary>
/// One case (punkt) of the meeting's agenda and its outcome. The outcome points at the referral's
/// decision (<see cref="DecisionId"/>); what the decision says lives there. Kept here is what only
/// the meeting knows: the help to be given on a return, and why the committee overrode a full offer.
/// </summary>
public sealed class MeetingCase
{
    public Guid ReferralId { get; private set; }
    public int Number { get; private set; }
    public Track Track { get; private set; }
    public DecisionOutcome? Outcome { get; private set; }
    public Guid? DecisionId { get; private set; }
    /// <summary>On a return to the general school: the help to be given (TCBU, competence centres).</summary>
    public string? HelpToBeGiven { get; private set; }
    /// <summary>Why the committee placed the child in an offer that was full; null when there was room.</summary>
    public string? CapacityOverrideReason { get; private set; }
    public DateTimeOffset? RecordedAt { get; private set; }

    public bool IsDecided => DecisionId is not null;

    private MeetingCase() { }

    internal MeetingCase(Guid referralId, int number, Track track)
    {
        ReferralId = referralId;
        Number = number;
        Track = track;
    }

    internal void Record(ReferralDecision decision, string? helpToBeGiven, string? capacityOverrideReason, DateTimeOffset at)
    {
        Outcome = decision.Outcome;
        DecisionId = decision.Id;
        HelpToBeGiven = helpToBeGiven;
        CapacityOverrideReason = capacityOverrideReason;
        RecordedAt = at;
    }

    /// <summary>"punkt 2 (spor 1: specialtilbud)": how minutes and messages name a case without naming the child.</summary>
    public string Label => $"punkt {Number} ({Track.Danish()})";
}

/// <summary>A written decision the closing of a round asks to be issued (letter rendered and delivered to the guardians).</summary>
public sealed record DecisionToIssue(Guid ReferralId, Guid ChildId, Guid DecisionId, DecisionOutcome Outcome, Guid? OfferId, DateOnly? StartDate,
    string? Recommendations, string? HelpToBeGiven, Guid? PostponedToRoundId, string? MissingForPostponement, string Reasons,
    DateTimeOffset DecidedAt, string RuleSetVersion);

/// <summary>What closing the round produced: the decisions to issue.</summary>
public sealed record RoundClosure(Guid RoundId, Guid MeetingId, DateTimeOffset ClosedAt, IReadOnlyList<DecisionToIssue> DecisionsToIssue);

/// <summary>
/// The visitation committee's meeting for a round: who was present, the outcome of every case on the
/// agenda, the minutes, and the closing of the round. Decisions themselves are made by the referral
/// workflow; the meeting records them by reference, adds what it alone knows, and refuses to close the
/// round while any case lacks an outcome.
/// </summary>
public sealed class CommitteeMeeting
{
    private readonly List<MeetingAttendee> _attendees = [];
    private readonly List<MeetingCase> _cases = [];

    public Guid Id { get; private set; }
    public Guid RoundId { get; private set; }
    public string RoundName { get; private set; } = "";
    public DateTimeOffset OpenedAt { get; private set; }
    public Guid OpenedByUserId { get; private set; }
    public MeetingStatus Status { get; private set; }
    public string Minutes { get; private set; } = "";
    public DateTimeOffset? ClosedAt { get; private set; }
    public Guid? ClosedByUserId { get; private set; }
    /// <summary>Optimistic concurrency token, bumped by every change.</summary>
    public int Revision { get; private set; }

    public IReadOnlyList<MeetingAttendee> Attendees => _attendees;
    public IReadOnlyList<MeetingCase> Cases => _cases;
    public IEnumerable<MeetingCase> Undecided => _cases.Where(c => !c.IsDecided);

    private CommitteeMeeting() { }

    /// <summary>
    /// Opens the meeting of <paramref name="round"/> with the agenda's cases that are on the agenda and not
    /// yet decided; one put on the agenda later joins through <see cref="AddToAgenda"/>.
    /// </summary>
    public static CommitteeMeeting Open(Guid id, VisitationRound round, CommitteeAgenda agenda, Actor actor, DateTimeOffset now)
    {
        EnsureCommittee(actor);
        if (agenda.RoundId != round.Id)
            throw new InvalidOperationException($"The agenda belongs to round {agenda.RoundId}, not {round.Id}.");
        if (round.Status != RoundStatus.Open)
            throw new WrongStateException($"Runden '{round.Name}' er lukket.");
        var meeting = new CommitteeMeeting
        {
            Id = id,
            RoundId = round.Id,
            RoundName = round.Name,
            OpenedAt = now.ToUniversalTime(),
            OpenedByUserId = actor.UserId,
            Status = MeetingStatus.Open,
        };
        foreach (var item in agenda.Items.Where(i => i.State == ReferralState.OnAgenda))
            meeting._cases.Add(new MeetingCase(item.ReferralId, meeting._cases.Count + 1, item.Track));
        return meeting;
    }

    /// <summary>Adds a case put on the agenda after the meeting opened.</summary>
    public void AddToAgenda(Referral referral, Actor actor)
    {
        EnsureOpen(actor);
        if (_cases.Any(c => c.ReferralId == referral.Id)) return;
        if (referral.RoundId != RoundId || referral.State != ReferralState.OnAgenda || referral.Track is null)
            throw new WrongStateException($"Kun henvisninger fra runden '{RoundName}', der er sat på dagsordenen, kan behandles på mødet.");
        _cases.Add(new MeetingCase(referral.Id, _cases.Count + 1, referral.Track.Value));
        Revision++;
    }

    /// <summary>Records who is present; replaces an earlier list.</summary>
    public void RecordAttendance(Actor actor, IEnumerable<MeetingAttendee> present)
    {
        EnsureOpen(actor);
        var list = present.GroupBy(a => a.UserId).Select(g => g.First()).ToList();
        if (list.Count == 0)
            throw new InvalidInputException("attendees", "Angiv, hvem der er til stede på mødet.");
        _attendees.Clear();
        _attendees.AddRange(list);
        Revision++;
    }

    public void WriteMinutes(Actor actor, string minutes)
    {
        EnsureOpen(actor);
        Minutes = Guard.Text(minutes, "minutes", "Referatet", 50_000);
        Revision++;
    }

    /// <summary>
    /// Placement in a named offer with a start date. Refused in Danish when the offer is full, unless
    /// the committee overrides the capacity with a reason, which the meeting keeps.
    /// </summary>
    /// <param name="capacity">Seats held in the offers now, including placements decided earlier at this meeting.</param>
    public void DecidePlacement(ReferralWorkflow workflow, Referral referral, Actor actor, SpecialOffer offer, DateOnly startDate, string reasons,
        CapacityLedger capacity, CapacityOverride? capacityOverride, RuleSet rules, DateTimeOffset now)
    {
        var @case = CaseFor(referral, actor);
        var check = capacity.EnsureRoomFor(offer, startDate, capacityOverride);
        var overrideReason = check.Overridden ? capacityOverride!.Reason.Trim() : null;
        workflow.DecidePlacement(referral, actor, offer, startDate, reasons, rules, now, overrideReason);
        @case.Record(DecisionOf(referral), null, overrideReason, now);
        Revision++;
    }

    /// <summary>Return to the general school (tilbagevisning) with written recommendations and the help to be given.</summary>
    public void DecideReturnToGeneral(ReferralWorkflow workflow, Referral referral, Actor actor, string recommendations, string helpToBeGiven,
        string reasons, RuleSet rules, DateTimeOffset now)
    {
        var @case = CaseFor(referral, actor);
        var help = Guard.Text(helpToBeGiven, "helpToBeGiven", "Den hjælp, skolen og barnet skal have", 8000);
        workflow.DecideReturnToGeneral(referral, actor, recommendations, reasons, rules, now);
        @case.Record(DecisionOf(referral), help, null, now);
        Revision++;
    }

    /// <summary>Postponement to a later round, stating what is missing.</summary>
    public void Postpone(ReferralWorkflow workflow, Referral referral, Actor actor, VisitationRound laterRound, string missing, string reasons,
        RuleSet rules, DateTimeOffset now)
    {
        var @case = CaseFor(referral, actor);
        workflow.Postpone(referral, actor, laterRound, missing, reasons, rules, now);
        @case.Record(DecisionOf(referral), null, null, now);
        Revision++;
    }

    /// <summary>Records a decision made on the referral through the workflow directly (not through this meeting).</summary>
    public void RecordOutcome(Referral referral, Actor actor, DateTimeOffset now)
    {
        var @case = CaseFor(referral, actor, allowDecided: true);
        var decision = DecisionOf(referral);
        if (@case.DecisionId == decision.Id) return;
        @case.Record(decision, @case.HelpToBeGiven, @case.CapacityOverrideReason, now);
        Revision++;
    }

    /// <summary>
    /// Closes the meeting and the round. Refused while any case on the agenda has no outcome, while the
    /// round holds referrals that never reached the agenda, or without attendance and minutes. Returns
    /// the decisions to issue as letters.
    /// </summary>
    /// <param name="referrals">The referrals of the round's cases (more may be given; they are ignored).</param>
    public RoundClosure CloseRound(VisitationRound round, IReadOnlyCollection<Referral> referrals, Actor actor, DateTimeOffset now)
    {
        EnsureOpen(actor);
        if (round.Id != RoundId)
            throw new InvalidOperationException($"The meeting belongs to round {RoundId}, not {round.Id}.");
        if (round.Status != RoundStatus.Open)
            throw new WrongStateException($"Runden '{round.Name}' er allerede lukket.");

        var undecided = Undecided.ToList();
        if (undecided.Count > 0)
            throw new WrongStateException(
                $"Runden '{round.Name}' kan ikke lukkes, før alle sager på dagsordenen har en afgørelse. " +
                $"{undecided.Count} {(undecided.Count == 1 ? "sag mangler" : "sager mangler")}: {string.Join(", ", undecided.Select(c => c.Label))}.");
        var onAgenda = _cases.Select(c => c.ReferralId).ToHashSet();
        var stranded = referrals.Count(r => r.RoundId == RoundId && !onAgenda.Contains(r.Id)
                                            && r.State is ReferralState.AssignedToRound or ReferralState.Triaged or ReferralState.OnAgenda);
        if (stranded > 0)
            throw new WrongStateException(
                $"Runden '{round.Name}' kan ikke lukkes: {stranded} henvisning(er) i runden er ikke kommet på mødets dagsorden. " +
                "Fordel dem på spor og sæt dem på dagsordenen, så udvalget kan træffe afgørelse eller udsætte dem.");
        var missing = new List<string>();
        if (_attendees.Count == 0) missing.Add("registrér, hvem der var til stede");
        if (string.IsNullOrWhiteSpace(Minutes)) missing.Add("skriv mødets referat");
        if (missing.Count > 0)
            throw new WrongStateException($"Runden '{round.Name}' kan ikke lukkes endnu: {string.Join(" og ", missing)}.");

        var toIssue = DecisionsToIssue(referrals);
        round.Close();
        Status = MeetingStatus.Closed;
        ClosedAt = now.ToUniversalTime();
        ClosedByUserId = actor.UserId;
        Revision++;
        return new RoundClosure(RoundId, Id, ClosedAt.Value, toIssue);
    }

    /// <summary>
    /// The meeting's decisions not yet sent to the guardians, in agenda order. Closing returns them; a
    /// caller that lost them (e.g. a crash after saving) can ask again.
    /// </summary>
    public IReadOnlyList<DecisionToIssue> DecisionsToIssue(IEnumerable<Referral> referrals)
    {
        var byId = referrals.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First());
        var result = new List<DecisionToIssue>();
        foreach (var @case in _cases.Where(c => c.IsDecided).OrderBy(c => c.Number))
        {
            if (!byId.TryGetValue(@case.ReferralId, out var referral))
                throw new InvalidOperationException($"Referral {@case.ReferralId} of the meeting's agenda was not given.");
            var d = referral.Decisions.FirstOrDefault(x => x.Id == @case.DecisionId)
                    ?? throw new InvalidOperationException($"Decision {@case.DecisionId} is not on referral {referral.Id}.");
            if (d.DispatchedAt is not null) continue;
            result.Add(new DecisionToIssue(referral.Id, referral.ChildId, d.Id, d.Outcome, d.OfferId, d.StartDate, d.Recommendations,
                @case.HelpToBeGiven, d.PostponedToRoundId, d.MissingForPostponement, d.Reasons, d.DecidedAt, d.RuleSetVersion));
        }
        return result;
    }

    private MeetingCase CaseFor(Referral referral, Actor actor, bool allowDecided = false)
    {
        EnsureOpen(actor);
        var @case = _cases.FirstOrDefault(c => c.ReferralId == referral.Id)
                    ?? throw new WrongStateException($"Henvisningen er ikke på dagsordenen for mødet i runden '{RoundName}'.");
        if (@case.IsDecided && !allowDecided)
            throw new WrongStateException($"Udvalget har allerede truffet afgørelse i {@case.Label}.");
        return @case;
    }

    /// <summary>The referral's latest decision, which must have been made in this meeting's round.</summary>
    private ReferralDecision DecisionOf(Referral referral) =>
        referral.Decisions.Where(d => d.RoundId == RoundId).OrderBy(d => d.DecidedAt).LastOrDefault()
        ?? throw new WrongStateException($"Henvisningen har ingen afgørelse fra runden '{RoundName}'.");

    private void EnsureOpen(Actor actor)
    {
        EnsureCommittee(actor);
        if (Status != MeetingStatus.Open)
            throw new WrongStateException($"Mødet i runden '{RoundName}' er afsluttet.");
    }

    private static void EnsureCommittee(Actor actor)
    {
        if (actor.Role != Role.CommitteeMember)
            throw new NotPermittedException($"Som {actor.Role.Danish()} kan du ikke føre visitationsudvalgets møde.");
    }
}
