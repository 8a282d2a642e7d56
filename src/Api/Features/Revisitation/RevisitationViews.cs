using Visitation.Api.Features.Placements;
using Visitation.Api.Features.Referrals;
using Visitation.Workflows.Access;
using Visitation.Workflows.Children;
using Visitation.Workflows.Placements;
using Visitation.Workflows.Revisitation;

namespace Visitation.Api.Features.Revisitation;

public sealed record StepView(CodeAndText Step, CodeAndText Status, DateTimeOffset At, Guid? MeetingId, int WorkflowVersion);

public sealed record NoteView(int Position, string Text);

public sealed record RevisitationDecisionView(Guid Id, CodeAndText Outcome, string Reasons, DateTimeOffset DecidedAt, string DecidedBy, string? NewScope,
    Guid? RequestedOfferId, CodeAndText? PhaseOutKind, DateOnly? PhaseOutEndDate, string? PhaseOutPlan, DateOnly? NextRevisitationDue,
    Guid? WrittenDecisionId, DateTimeOffset? LetterIssuedAt);

public sealed record RevisitationHistoryView(DateTimeOffset At, int WorkflowVersion, string Trigger, string From, string To, string Actor,
    string ActorRole, string Detail);

public sealed record RevisitationSummary(Guid Id, Guid PlacementId, Guid ChildId, string ChildName, Guid OfferId, Guid DistrictSchoolId,
    int WorkflowVersion, CodeAndText State, DateOnly DueDate, DateTimeOffset CreatedAt, int Revision);

public sealed record RevisitationDetails(
    Guid Id,
    Guid PlacementId,
    Guid ChildId,
    string ChildName,
    Guid OfferId,
    Guid DistrictSchoolId,
    string WorkflowKey,
    int WorkflowVersion,
    string RuleSetVersion,
    CodeAndText State,
    DateOnly DueDate,
    DateTimeOffset CreatedAt,
    bool NeedsChanged,
    bool ParentsWantDiscussion,
    bool DistrictSchoolWantsDiscussion,
    bool RevisitationMeetingRequired,
    DateTimeOffset? HandleplanSentAt,
    DateTimeOffset? HandleplanAnswerDueAt,
    CodeAndText? HandleplanAnswer,
    string? HandleplanAnswerComment,
    string? ChildStatement,
    IReadOnlyList<NoteView> FocusPoints,
    IReadOnlyList<NoteView> Recommendations,
    IReadOnlyList<MeetingView> Meetings,
    IReadOnlyList<StepView> Steps,
    IReadOnlyList<CodeAndText> RemainingSteps,
    RevisitationDecisionView? Decision,
    bool DecisionLetterDue,
    string? CancellationReason,
    IReadOnlyList<RevisitationHistoryView> History,
    IReadOnlyList<CodeAndText> PermittedActions,
    int Revision)
{
    public static RevisitationDetails From(RevisitationCase c, Child child, RevisitationWorkflow workflow, Actor actor) => new(
        c.Id, c.PlacementId, child.Id, child.Name, c.OfferId, c.DistrictSchoolId, c.WorkflowKey, c.WorkflowVersion, c.RuleSetVersion,
        new(c.State.ToString(), c.State.Danish()), c.DueDate, c.CreatedAt,
        c.NeedsChanged, c.ParentsWantDiscussion, c.DistrictSchoolWantsDiscussion, c.RevisitationMeetingRequired,
        c.HandleplanSentAt, c.HandleplanAnswerDueAt,
        c.HandleplanAnswer is { } answer ? new(answer.ToString(), answer.Danish()) : null, c.HandleplanAnswerComment, c.ChildStatement,
        c.FocusPoints.Select(n => new NoteView(n.Position, n.Text)).ToList(),
        c.Recommendations.Select(n => new NoteView(n.Position, n.Text)).ToList(),
        c.Meetings.OrderBy(m => m.HeldAt).Select(MeetingView.From).ToList(),
        c.Steps.OrderBy(s => s.At).Select(s => new StepView(new(s.Step.ToString(), s.Step.Danish()),
            new(s.Status.ToString(), s.Status == StepStatus.Done ? "gennemført" : "bortfaldet ved flytning til ny version"), s.At, s.MeetingId, s.WorkflowVersion)).ToList(),
        workflow.RemainingSteps(c).Select(s => new CodeAndText(s.ToString(), s.Danish())).ToList(),
        c.Decision is { } d ? new RevisitationDecisionView(d.Id, new(d.Outcome.ToString(), d.Outcome.Danish()), d.Reasons, d.DecidedAt, d.DecidedByName,
            d.NewScope, d.RequestedOfferId, d.PhaseOutKind is { } k ? new(k.ToString(), k.Danish()) : null, d.PhaseOutEndDate, d.PhaseOutPlan,
            d.NextRevisitationDue, d.WrittenDecisionId, d.LetterIssuedAt) : null,
        c.DecisionLetterDue, c.CancellationReason,
        c.History.OrderBy(h => h.At).Select(h => new RevisitationHistoryView(h.At, h.WorkflowVersion, h.Trigger.ToString(), h.From.ToString(), h.To.ToString(),
            h.ActorName, h.ActorRole, h.Detail)).ToList(),
        workflow.PermittedActions(c, actor).Select(t => new CodeAndText(t.ToString(), t.DanishInfinitive())).ToList(),
        c.Revision);
}

/// <summary>A running case as the administrator sees it for migration: version and state, no content.</summary>
public sealed record RunningCaseView(Guid Id, int WorkflowVersion, CodeAndText State, DateTimeOffset CreatedAt);

/// <summary>What a migration did or would do; the administrator sees versions, states and steps, not the case's content.</summary>
public sealed record MigrationView(Guid CaseId, int FromVersion, int ToVersion, CodeAndText FromState, CodeAndText? ToState,
    IReadOnlyList<CodeAndText> CarriedOver, IReadOnlyList<CodeAndText> Waived, IReadOnlyList<string> Problems, bool IsValid)
{
    public static MigrationView From(MigrationCheck check) => new(check.CaseId, check.FromVersion, check.ToVersion,
        new(check.FromState.ToString(), check.FromState.Danish()),
        check.ToState is { } to ? new(to.ToString(), to.Danish()) : null,
        check.CarriedOver.Select(s => new CodeAndText(s.ToString(), s.Danish())).ToList(),
        check.Waived.Select(s => new CodeAndText(s.ToString(), s.Danish())).ToList(),
        check.Problems, check.IsValid);
}
