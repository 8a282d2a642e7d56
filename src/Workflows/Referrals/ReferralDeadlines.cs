using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Notifications;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Rules;

namespace Visitation.Workflows.Referrals;

/// <summary>
/// What happens when a deadline on the referral path is reached. Each reaction looks at the case as it
/// is now, so a deadline that is no longer relevant (the referral was completed, the letter was sent)
/// produces nothing.
/// </summary>
public static class ReferralDeadlines
{
    public static IEnumerable<Notification> IncompleteReminder(Deadline deadline, Referral referral, RuleSet rules, DateTimeOffset now)
    {
        if (referral.State != ReferralState.Incomplete) yield break;
        var missing = referral.MissingParts(rules.Referral.RequiredParts).Select(p => p.Danish());
        yield return new Notification(Guid.NewGuid(), now, Role.DistrictSchoolLeader, referral.DistrictSchoolId, null,
            "Henvisning mangler stadig dele",
            $"En henvisning fra jeres skole er stadig mangelfuld og kan ikke komme på visitationsudvalgets dagsorden. Mangler: {string.Join(", ", missing)}.",
            referral.Id, deadline.Id);
    }

    public static IEnumerable<Notification> DecisionDispatch(Deadline deadline, Referral referral, DateTimeOffset now)
    {
        if (referral.State != ReferralState.Decided || referral.LatestDecision is not { DispatchedAt: null }) yield break;
        yield return new Notification(Guid.NewGuid(), now, Role.CommitteeMember, null, null,
            "Afgørelse er ikke sendt",
            "Fristen for at sende en afgørelse til forældrene er overskredet. Send den skriftlige afgørelse hurtigst muligt.",
            referral.Id, deadline.Id);
    }

    /// <summary>One reminder per school that still has referrals in draft or returned as incomplete.</summary>
    public static IEnumerable<Notification> RoundDeadlineReminder(Deadline deadline, VisitationRound round, IEnumerable<Referral> referrals, DateTimeOffset now)
    {
        if (round.Status != RoundStatus.Open) yield break;
        var schools = referrals
            .Where(r => r.State is ReferralState.Draft or ReferralState.Incomplete)
            .GroupBy(r => r.DistrictSchoolId);
        foreach (var school in schools)
        {
            yield return new Notification(Guid.NewGuid(), now, Role.DistrictSchoolLeader, school.Key, null,
                $"Henvisningsfristen for {round.Name} nærmer sig",
                $"Jeres skole har {school.Count()} henvisning(er), der ikke er indsendt komplet. Fristen er {DanishTime.LongDate(round.ReferralDeadline)}.",
                round.Id, deadline.Id);
        }
    }
}
