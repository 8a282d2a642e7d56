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
    RoundRules Rounds,
    RevisitationRules Revisitation,
    PpvRules Ppv,
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

/// <summary>How often the committee runs rounds for each offer category, and the rhythm inside a round.</summary>
public sealed record RoundRules(
    int SchoolYearStartMonth,
    IReadOnlyList<RoundCadence> Cadences,
    bool ContinuousIntakeForNewResidents,
    int TriageDaysAfterReferralDeadline,
    int CommitteeDaysAfterTriage);

public sealed record RoundCadence(Schools.OfferCategory Category, Rounds.RoundKind Kind, int RoundsPerYear);

/// <summary>At least one decision a year (bekendtgørelse om specialundervisning § 7, stk. 1) and the reminders around it.</summary>
public sealed record RevisitationRules(
    int MaxMonthsBetweenDecisions,
    IReadOnlyList<int> ReminderDaysBeforeDue,
    int HandleplanAnswerDays,
    int EscalateDaysAfterDue);

/// <summary>The psychologist service's targets for a PPV (pædagogisk-psykologisk vurdering).</summary>
public sealed record PpvRules(
    int TargetDaysFromRequestToFinal,
    IReadOnlyList<int> ReminderDaysBeforeTarget,
    int EscalateDaysAfterTarget,
    int HearingReplyDays,
    int ConcurrentAssessmentsPerPsychologist);

public sealed record UploadRules(long MaxBytes, IReadOnlyList<string> AllowedContentTypes);
