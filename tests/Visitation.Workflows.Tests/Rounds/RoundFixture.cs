using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Tests.Support;
using static Visitation.Workflows.Tests.Support.ReferralScenario;

namespace Visitation.Workflows.Tests.Rounds;

/// <summary>
/// Several children of the scenario's district school referred into the autumn round, each submitted
/// complete at a chosen time, so a round has a real agenda.
/// </summary>
public sealed class RoundFixture
{
    private int _next;

    public ReferralScenario S { get; } = new();
    public ReferralWorkflow Workflow => S.Workflow;
    public VisitationRound Round => S.AutumnRound;
    public List<Referral> Referrals { get; } = [];

    /// <summary>Referral number <paramref name="n"/> of the fixture has id <c>Ids.Of(700 + n)</c>.</summary>
    public static Guid ReferralId(int n) => Ids.Of(700 + n);

    public Referral Complete(DateTimeOffset submittedAt, Action<Referral>? beforeSubmit = null)
    {
        var n = ++_next;
        var child = new Child(Ids.Of(800 + n), $"Barn {n} Syntetisk", CprNumber.Synthetic(new DateOnly(2016, 1, n), new Random(n)), S.SchoolId,
            [Ids.Of(850 + n)]);
        var referral = Workflow.Start(ReferralId(n), child, S.SchoolLeader, CurrentRules, StartedAt);
        foreach (var part in AllParts)
            Workflow.AttachDocument(referral, S.SchoolLeader, part, File(part), StartedAt.AddDays(1), external: ExternalFor(part));
        beforeSubmit?.Invoke(referral);
        Workflow.Submit(referral, S.SchoolLeader, CurrentRules, submittedAt);
        Referrals.Add(referral);
        return referral;
    }

    public Referral Assigned(DateTimeOffset submittedAt, Action<Referral>? beforeSubmit = null)
    {
        var referral = Complete(submittedAt, beforeSubmit);
        Workflow.AssignToRound(referral, S.Committee, Round, AssignedAt);
        return referral;
    }

    public Referral Triaged(Track track, DateTimeOffset submittedAt, Action<Referral>? beforeSubmit = null)
    {
        var referral = Assigned(submittedAt, beforeSubmit);
        Workflow.Triage(referral, S.Committee, track, AutumnTriageMeeting);
        return referral;
    }

    public Referral OnAgenda(Track track, DateTimeOffset submittedAt)
    {
        var referral = Triaged(track, submittedAt);
        Workflow.PutOnAgenda(referral, S.Committee, OnAgendaAt);
        return referral;
    }

    public CommitteeAgenda Agenda() => CommitteeAgenda.For(Round, Referrals);

    public CommitteeMeeting OpenMeeting() => CommitteeMeeting.Open(Ids.Of(950), Round, Agenda(), S.Committee, AutumnCommitteeMeeting);
}
