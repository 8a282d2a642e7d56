using Visitation.Api.Features.Referrals;
using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Placements;
using Visitation.Workflows.Schools;

namespace Visitation.Api.Features.Placements;

public sealed record PlacementSummary(Guid Id, Guid ChildId, string ChildName, Guid OfferId, Guid DistrictSchoolId, CodeAndText Status,
    DateOnly StartDate, DateOnly LastDecisionDate, DateOnly? NextRevisitationDue, Guid? OpenRevisitationCaseId, int Revision);

public sealed record ParticipantView(CodeAndText Role, string Name, Guid? PersonId);

public sealed record MeetingView(Guid Id, CodeAndText Kind, DateTimeOffset HeldAt, IReadOnlyList<ParticipantView> Participants, string Minutes,
    DateTimeOffset RecordedAt, string RecordedBy)
{
    public static MeetingView From(MeetingRecord m) => new(m.Id, new(m.Kind.ToString(), m.Kind.Danish()), m.HeldAt,
        m.Participants.Select(p => new ParticipantView(new(p.Role.ToString(), p.Role.Danish()), p.Name, p.PersonId)).ToList(),
        m.Minutes, m.RecordedAt, m.RecordedByName);
}

public sealed record PlacementHistoryView(DateTimeOffset At, string Kind, string Actor, string ActorRole, string Detail);

public sealed record PhaseOutView(CodeAndText Kind, DateOnly EndDate, string Plan, Guid RevisitationCaseId, DateTimeOffset DecidedAt);

public sealed record PersonView(CodeAndText Role, Guid PersonId, string Name);

public sealed record PlacementDetails(
    Guid Id,
    Guid ChildId,
    string ChildName,
    string ChildCpr,
    Guid OfferId,
    string OfferName,
    Guid DistrictSchoolId,
    Guid? ReferralId,
    Guid? DecisionId,
    CodeAndText Status,
    string RuleSetVersion,
    DateOnly StartDate,
    string? Scope,
    DateOnly LastDecisionDate,
    DateOnly? NextRevisitationDue,
    int? DaysUntilDue,
    bool IsOverdue,
    Guid? OpenRevisitationCaseId,
    Guid? RequestedOfferId,
    IReadOnlyList<string> Goals,
    DateTimeOffset? StartMeetingPlannedAt,
    MeetingView? StartMeeting,
    string? DistrictSchoolExpectations,
    DateTimeOffset? HandleplanHandedOverAt,
    PhaseOutView? PhaseOut,
    DateTimeOffset? EndedAt,
    string? EndReason,
    IReadOnlyList<PersonView> People,
    IReadOnlyList<PlacementHistoryView> History,
    int Revision)
{
    public static PlacementDetails From(Placement p, Child child, SpecialOffer offer, IEnumerable<PlacementPerson> people, DateOnly today) => new(
        p.Id, child.Id, child.Name, child.Cpr.Masked, p.OfferId, offer.Name, p.DistrictSchoolId, p.ReferralId, p.DecisionId,
        new(p.Status.ToString(), p.Status.Danish()), p.RuleSetVersion, p.StartDate, p.Scope, p.LastDecisionDate, p.NextRevisitationDue,
        p.NextRevisitationDue is { } due ? due.DayNumber - today.DayNumber : null,
        RevisitationDue.IsOverdue(p.NextRevisitationDue, today),
        p.OpenRevisitationCaseId, p.RequestedOfferId,
        p.Goals.OrderBy(g => g.Position).Select(g => g.Text).ToList(),
        p.StartMeetingPlannedAt, p.StartMeeting is null ? null : MeetingView.From(p.StartMeeting), p.DistrictSchoolExpectations,
        p.HandleplanHandedOverAt,
        p.PhaseOut is { } plan ? new PhaseOutView(new(plan.Kind.ToString(), plan.Kind.Danish()), plan.EndDate, plan.Plan, plan.RevisitationCaseId, plan.DecidedAt) : null,
        p.EndedAt, p.EndReason,
        people.OrderBy(x => x.Role).ThenBy(x => x.Name).Select(x => new PersonView(new(x.Role.ToString(), x.Role.Danish()), x.PersonId, x.Name)).ToList(),
        p.History.OrderBy(h => h.At).Select(h => new PlacementHistoryView(h.At, h.Kind.ToString(), h.ActorName, h.ActorRole, h.Detail)).ToList(),
        p.Revision);
}

/// <summary>One row of the due list: a placed child whose revisitation decision is due within the horizon (or overdue).</summary>
public sealed record DueItem(Guid PlacementId, Guid ChildId, string ChildName, Guid OfferId, Guid DistrictSchoolId, DateOnly DueDate,
    int DaysLeft, bool IsOverdue, Guid? OpenRevisitationCaseId);

public sealed record DueList(DateOnly Today, int Days, DateOnly Horizon, Guid? OfferId, int Offset, int Limit, bool HasMore, IReadOnlyList<DueItem> Items);

public sealed record OverdueItem(Guid PlacementId, Guid ChildId, string ChildName, Guid OfferId, Guid DistrictSchoolId, DateOnly DueDate,
    int DaysOverdue, Guid? CaseId, CodeAndText? CaseState);

public sealed record OfferOverdueView(Guid OfferId, string OfferName, int Count, int MostDaysOverdue);

public sealed record OverdueView(DateOnly Today, int Count, IReadOnlyList<OverdueItem> Items, IReadOnlyList<OfferOverdueView> PerOffer);
