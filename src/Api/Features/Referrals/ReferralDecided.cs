using Visitation.Workflows.Referrals;

namespace Visitation.Api.Features.Referrals;

/// <summary>The committee recorded a decision (placement, return to general school, or postponement).</summary>
public sealed record ReferralDecided(Guid ReferralId, Guid DecisionId, Guid ChildId, Guid DistrictSchoolId,
    DecisionOutcome Outcome, Guid? OfferId, DateTimeOffset At);
