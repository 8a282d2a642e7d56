using Visitation.Workflows.Access;
using Visitation.Workflows.Placements;

namespace Visitation.Workflows.Revisitation;

/// <summary>A step the case has done (or, after a migration, had waived), whichever version it ran on then.</summary>
public sealed class StepRecord
{
    public RevisitationStep Step { get; private set; }
    public StepStatus Status { get; private set; }
    public DateTimeOffset At { get; private set; }
    /// <summary>The meeting that did the step, when it was one.</summary>
    public Guid? MeetingId { get; private set; }
    public int WorkflowVersion { get; private set; }

    private StepRecord() { }

    internal StepRecord(RevisitationStep step, StepStatus status, DateTimeOffset at, Guid? meetingId, int workflowVersion)
    {
        Step = step;
        Status = status;
        At = at.ToUniversalTime();
        MeetingId = meetingId;
        WorkflowVersion = workflowVersion;
    }
}

/// <summary>A focus point or recommendation from the status meeting, written into the child's handleplan.</summary>
public sealed class HandleplanNote
{
    public Guid Id { get; private set; }
    public HandleplanNoteKind Kind { get; private set; }
    public int Position { get; private set; }
    public string Text { get; private set; } = "";

    private HandleplanNote() { }

    internal HandleplanNote(HandleplanNoteKind kind, int position, string text)
    {
        Id = Guid.NewGuid();
        Kind = kind;
        Position = position;
        Text = text;
    }
}

/// <summary>
/// The offer leader's decision: continue, change or end. The written decision to the parents is made
/// from it (the letters); <see cref="LetterIssuedAt"/> says it has been.
/// </summary>
public sealed class RevisitationDecision
{
    public Guid Id { get; private set; }
    public RevisitationOutcome Outcome { get; private set; }
    public string Reasons { get; private set; } = "";
    public DateTimeOffset DecidedAt { get; private set; }
    public Guid DecidedByUserId { get; private set; }
    public string DecidedByName { get; private set; } = "";
    public string RuleSetVersion { get; private set; } = "";
    /// <summary>The new extent of the support (<see cref="RevisitationOutcome.ChangeScope"/>, or described with a change of offer).</summary>
    public string? NewScope { get; private set; }
    /// <summary>The offer the committee is asked to move the child to (<see cref="RevisitationOutcome.ChangeOffer"/>).</summary>
    public Guid? RequestedOfferId { get; private set; }
    public PhaseOutKind? PhaseOutKind { get; private set; }
    public DateOnly? PhaseOutEndDate { get; private set; }
    public string? PhaseOutPlan { get; private set; }
    /// <summary>When the next decision is due; null after a decided full return.</summary>
    public DateOnly? NextRevisitationDue { get; private set; }
    public Guid? WrittenDecisionId { get; private set; }
    public DateTimeOffset? LetterIssuedAt { get; private set; }

    private RevisitationDecision() { }

    internal RevisitationDecision(RevisitationOutcome outcome, string reasons, DateTimeOffset decidedAt, Actor actor, string ruleSetVersion,
        string? newScope, Guid? requestedOfferId, PhaseOutKind? phaseOutKind, DateOnly? phaseOutEndDate, string? phaseOutPlan, DateOnly? nextDue)
    {
        Id = Guid.NewGuid();
        Outcome = outcome;
        Reasons = reasons;
        DecidedAt = decidedAt;
        DecidedByUserId = actor.UserId;
        DecidedByName = actor.DisplayName;
        RuleSetVersion = ruleSetVersion;
        NewScope = newScope;
        RequestedOfferId = requestedOfferId;
        PhaseOutKind = phaseOutKind;
        PhaseOutEndDate = phaseOutEndDate;
        PhaseOutPlan = phaseOutPlan;
        NextRevisitationDue = nextDue;
    }

    /// <summary>A change to another offer is the committee's to decide: the edge turns this into a referral.</summary>
    public bool RequiresReferral => Outcome == RevisitationOutcome.ChangeOffer;

    /// <summary>The written decision has been issued to the parents; a second call changes nothing.</summary>
    public void MarkLetterIssued(Guid writtenDecisionId, DateTimeOffset at)
    {
        if (WrittenDecisionId is not null) return;
        WrittenDecisionId = writtenDecisionId;
        LetterIssuedAt = at;
    }
}

/// <summary>
/// What a decision to change offer asks of the edge: a referral of the child to the committee, which
/// the district school leader signs (<see cref="Referrals.ReferralWorkflow.Start"/> is theirs).
/// </summary>
public sealed record ReferralRequest(Guid RevisitationCaseId, Guid DecisionId, Guid ChildId, Guid DistrictSchoolId,
    Guid CurrentOfferId, Guid RequestedOfferId, string Reasons);

/// <summary>One step in the case's history: who did what, from which state to which, on which version.</summary>
public sealed class RevisitationEvent
{
    public Guid Id { get; private set; }
    public DateTimeOffset At { get; private set; }
    public int WorkflowVersion { get; private set; }
    public RevisitationTrigger Trigger { get; private set; }
    public RevisitationState From { get; private set; }
    public RevisitationState To { get; private set; }
    public Guid ActorUserId { get; private set; }
    public string ActorName { get; private set; } = "";
    public string ActorRole { get; private set; } = "";
    public string Detail { get; private set; } = "";

    private RevisitationEvent() { }

    internal RevisitationEvent(DateTimeOffset at, int workflowVersion, RevisitationTrigger trigger, RevisitationState from, RevisitationState to,
        Actor actor, string detail)
    {
        Id = Guid.NewGuid();
        At = at;
        WorkflowVersion = workflowVersion;
        Trigger = trigger;
        From = from;
        To = to;
        ActorUserId = actor.UserId;
        ActorName = actor.DisplayName;
        ActorRole = actor.Role.ToString();
        Detail = detail;
    }
}
