using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Referrals;

namespace Visitation.Workflows.Rounds;

/// <summary>One current document of a case, as the committee reads it from the agenda.</summary>
public sealed record AgendaPart(ReferralPartType Part, Guid DocumentId, Guid StoredFileId, string FileName, string ContentType,
    DateTimeOffset UploadedAt);

/// <summary>One case (punkt) on the committee's agenda, with its parts at hand.</summary>
/// <param name="Number">The case's number on the agenda, from 1: minutes and messages refer to it, not to the child's name.</param>
/// <param name="SubmittedAt">When the referral was submitted complete; orders the cases within a track.</param>
public sealed record AgendaItem(int Number, Guid ReferralId, Guid ChildId, Guid DistrictSchoolId, Track Track, DateTimeOffset SubmittedAt,
    ReferralState State, IReadOnlyList<AgendaPart> Parts, IReadOnlyList<ReferralPartType> MissingParts);

/// <summary>
/// The visitation committee's agenda for a round: the triaged referrals in track order 1, 2, 3 (special
/// offers, socio-emotional, far-reaching), each track by submission time, each case with its current
/// documents. A read model: it changes nothing, and is rebuilt from the referrals whenever it is shown.
/// </summary>
public sealed class CommitteeAgenda
{
    public Guid RoundId { get; }
    public string RoundName { get; }
    public DateTimeOffset CommitteeMeetingAt { get; }
    public IReadOnlyList<AgendaItem> Items { get; }
    /// <summary>Referrals of the round not yet sorted into a track at the triage meeting.</summary>
    public IReadOnlyList<Guid> Untriaged { get; }

    private CommitteeAgenda(VisitationRound round, IReadOnlyList<AgendaItem> items, IReadOnlyList<Guid> untriaged)
    {
        RoundId = round.Id;
        RoundName = round.Name;
        CommitteeMeetingAt = round.CommitteeMeetingAt;
        Items = items;
        Untriaged = untriaged;
    }

    public IEnumerable<AgendaItem> OnTrack(Track track) => Items.Where(i => i.Track == track);

    /// <summary>
    /// The agenda of <paramref name="round"/> from its referrals: those triaged, on the agenda, or decided in
    /// this round. A case postponed at the meeting has moved to a later round and drops out; the meeting
    /// keeps its own list of the cases it had (<see cref="CommitteeMeeting.Cases"/>).
    /// </summary>
    public static CommitteeAgenda For(VisitationRound round, IEnumerable<Referral> referrals)
    {
        var ofRound = referrals.Where(r => r.RoundId == round.Id).ToList();
        var items = ofRound
            .Where(r => r.Track is not null && r.State is ReferralState.Triaged or ReferralState.OnAgenda or ReferralState.Decided)
            .Where(r => r.State != ReferralState.Decided || r.LatestDecision?.RoundId == round.Id)
            .OrderBy(r => r.Track!.Value)
            .ThenBy(SubmittedAt)
            .ThenBy(r => r.Id)
            .Select((r, i) => new AgendaItem(i + 1, r.Id, r.ChildId, r.DistrictSchoolId, r.Track!.Value, SubmittedAt(r), r.State,
                r.CurrentDocuments
                    .OrderBy(d => d.Type).ThenBy(d => d.UploadedAt)
                    .Select(d => new AgendaPart(d.Type, d.Id, d.StoredFileId, d.FileName, d.ContentType, d.UploadedAt))
                    .ToList(),
                r.MissingParts(Enum.GetValues<ReferralPartType>())))
            .ToList();
        var untriaged = ofRound.Where(r => r.State == ReferralState.AssignedToRound).OrderBy(SubmittedAt).Select(r => r.Id).ToList();
        return new CommitteeAgenda(round, items, untriaged);
    }

    /// <summary>
    /// The triage meeting (fordelingsmøde): every referral of the round still waiting is sorted into the
    /// track given in <paramref name="tracks"/> and put on the committee's agenda. Nothing changes unless
    /// every waiting referral has a track and the actor may triage each of them.
    /// </summary>
    /// <param name="referrals">The round's referrals (others are ignored).</param>
    public static CommitteeAgenda HoldTriageMeeting(ReferralWorkflow workflow, Actor actor, VisitationRound round,
        IReadOnlyCollection<Referral> referrals, IReadOnlyDictionary<Guid, Track> tracks, DateTimeOffset now)
    {
        if (round.Status != RoundStatus.Open)
            throw new WrongStateException($"Runden '{round.Name}' er lukket.");
        var waiting = referrals.Where(r => r.RoundId == round.Id && r.State == ReferralState.AssignedToRound).ToList();
        var toPublish = referrals.Where(r => r.RoundId == round.Id && r.State == ReferralState.Triaged).ToList();
        foreach (var (referral, trigger) in waiting.Select(r => (r, ReferralTrigger.Triage)).Concat(toPublish.Select(r => (r, ReferralTrigger.PutOnAgenda))))
            if (!workflow.PermittedActions(referral, actor).Contains(trigger))
                throw new NotPermittedException($"Som {actor.Role.Danish()} kan du ikke fordele rundens henvisninger på spor.");
        var withoutTrack = waiting.Count(r => !tracks.TryGetValue(r.Id, out var t) || !Enum.IsDefined(t));
        if (withoutTrack > 0)
            throw new InvalidInputException("tracks",
                $"Fordel alle rundens henvisninger på spor 1, 2 eller 3. {withoutTrack} henvisning(er) mangler et spor.");

        foreach (var referral in waiting)
        {
            workflow.Triage(referral, actor, tracks[referral.Id], now);
            toPublish.Add(referral);
        }
        foreach (var referral in toPublish)
            workflow.PutOnAgenda(referral, actor, now);
        return For(round, referrals);
    }

    private static DateTimeOffset SubmittedAt(Referral r) => r.CompletedAt ?? r.SubmittedAt ?? r.CreatedAt;
}
