using Visitation.Workflows.Referrals;

namespace Visitation.Workflows.Rules;

/// <summary>
/// The legal and municipal parameters in force from <see cref="ValidFrom"/>. Held as data (JSON under
/// Rules/RuleSets) because municipalities differ and the law changes; every case records the version
/// it was decided under.
/// </summary>
public sealed record RuleSet(
    string Version,
    DateOnly ValidFrom,
    string Description,
    ReferralRules Referral,
    HearingRules Hearing,
    ComplaintRules Complaints,
    RevisitationRules Revisitation,
    UploadRules Uploads);

public sealed record ReferralRules(
    IReadOnlyList<ReferralPartType> RequiredParts,
    int IncompleteReminderAfterDays,
    int RoundDeadlineReminderDaysBefore,
    int DecisionDispatchWithinDays)
{
    public TimeSpan IncompleteReminderAfter => TimeSpan.FromDays(IncompleteReminderAfterDays);
    public TimeSpan RoundDeadlineReminderBefore => TimeSpan.FromDays(RoundDeadlineReminderDaysBefore);
    public TimeSpan DecisionDispatchWithin => TimeSpan.FromDays(DecisionDispatchWithinDays);
}

public sealed record HearingRules(int MinimumReplyDays);

public sealed record ComplaintRules(int DeadlineWeeksAfterDelivery, int MunicipalReassessmentWeeks, string Board);

public sealed record RevisitationRules(int MaxMonthsBetweenDecisions);

public sealed record UploadRules(long MaxBytes, IReadOnlyList<string> AllowedContentTypes);
