namespace Visitation.Api.Features.Decisions;

/// <summary>A written decision was issued; its letters are to be rendered and delivered to every guardian.</summary>
public sealed record DecisionIssued(Guid WrittenDecisionId, Guid ChildId, DateTimeOffset At);
