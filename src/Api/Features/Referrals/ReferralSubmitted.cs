namespace Visitation.Api.Features.Referrals;

/// <summary>A district school submitted a referral; <see cref="IsComplete"/> tells whether it went back for missing parts.</summary>
public sealed record ReferralSubmitted(Guid ReferralId, Guid ChildId, Guid DistrictSchoolId, bool IsComplete, DateTimeOffset At);
