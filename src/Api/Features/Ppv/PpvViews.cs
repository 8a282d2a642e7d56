using Visitation.Api.Features.Referrals;
using Visitation.Workflows.Access;
using Visitation.Workflows.Ppv;

namespace Visitation.Api.Features.Ppv;

public sealed record PpvRequestView(Guid Id, int ForVersion, bool IsUpdate, string Reason, DateTimeOffset RequestedAt, string RequestedBy,
    string RequestedByRole, DateTimeOffset TargetAt, CodeAndText? Priority, DateOnly? CoordinationMeetingOn, DateTimeOffset? WithdrawnAt,
    string? WithdrawalReason);

public sealed record PpvConsentView(Guid GuardianId, IReadOnlyList<string> Scopes, string ScopesText, DateTimeOffset GivenAt,
    DateTimeOffset RecordedAt, string RecordedBy, string RecordedByRole);

/// <summary>Whether every guardian has consented to each scope.</summary>
public sealed record PpvConsentStatus(bool Assessment, bool SharingWithSchool, bool SharingWithCommittee, DateTimeOffset? AssessmentGivenAt);

public sealed record PpvAssignmentView(Guid PsychologistUserId, string PsychologistName, DateTimeOffset AssignedAt, string AssignedBy,
    int ActiveAssessmentsBefore, int Capacity, string? OverCapacityReason);

public sealed record PpvNoteView(Guid Id, int ForVersion, CodeAndText Kind, string Text, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, string Author);

public sealed record PpvDraftView(Guid Id, int ForVersion, int Number, string Text, string Recommendations, DateTimeOffset WrittenAt, string Author);

public sealed record PpvCommentView(Guid Id, Guid GuardianId, string Text, DateTimeOffset At, string RecordedBy, bool RecordedOnBehalf);

/// <param name="Comments">Null when the caller may not read the parents' comments.</param>
public sealed record PpvHearingView(Guid Id, Guid DraftId, DateTimeOffset SentAt, DateTimeOffset ReplyDeadline, bool IsOpen,
    CodeAndText? Closure, DateTimeOffset? ClosedAt, IReadOnlyList<PpvCommentView>? Comments);

/// <summary>A final version. <see cref="IsIntact"/> says the stored content still matches its hash.</summary>
public sealed record PpvVersionView(Guid Id, Guid PpvCaseId, int Number, int? PreviousNumber, string? PreviousContentHash, string Text,
    string Recommendations, string? ResponseToComments, DateTimeOffset FinalisedAt, string FinalisedBy, string RuleSetVersion,
    string ContentHash, bool IsIntact, bool IsLatest)
{
    public static PpvVersionView From(PpvCase ppv, PpvVersion v) => new(v.Id, v.PpvCaseId, v.Number, v.PreviousNumber, v.PreviousContentHash,
        v.Text, v.Recommendations, v.ResponseToComments, v.FinalisedAt, v.FinalisedByName, v.RuleSetVersion, v.ContentHash, v.IsIntact,
        ppv.LatestFinal?.Number == v.Number);
}

/// <summary>
/// A PPV case as the caller may see it (<see cref="PpvAccess"/>). Parts the caller may not read are null
/// (or empty lists of drafts and versions); <see cref="Shown"/> names what was shown, as the access log does.
/// </summary>
public sealed record PpvDetails(
    Guid Id,
    Guid ChildId,
    string ChildName,
    Guid DistrictSchoolId,
    CodeAndText State,
    string WorkflowKey,
    int WorkflowVersion,
    string RuleSetVersion,
    IReadOnlyList<Guid>? GuardianIds,
    IReadOnlyList<PpvRequestView>? Requests,
    PpvConsentStatus? Consent,
    IReadOnlyList<PpvConsentView>? Consents,
    Guid? AssignedPsychologistId,
    string? AssignedPsychologistName,
    IReadOnlyList<PpvAssignmentView>? Assignments,
    IReadOnlyList<PpvNoteView>? Notes,
    IReadOnlyList<PpvDraftView> Drafts,
    IReadOnlyList<PpvHearingView>? Hearings,
    IReadOnlyList<PpvVersionView> Versions,
    IReadOnlyList<HistoryView>? History,
    IReadOnlyList<CodeAndText> PermittedActions,
    IReadOnlyList<string> Shown,
    int Revision)
{
    public static PpvDetails From(PpvCase ppv, string childName, PpvWorkflow workflow, Actor actor, DateTimeOffset now,
        IReadOnlySet<PpvReference>? onAgenda)
    {
        var shown = PpvViews.Shown(actor, ppv, onAgenda);
        var request = PpvAccess.CanReadRequest(actor, ppv);
        var comments = PpvAccess.CanReadHearingComments(actor, ppv);
        var forVersion = ppv.Requests.ToDictionary(r => r.Id, r => r.ForVersion);
        return new PpvDetails(
            ppv.Id, ppv.ChildId, childName, ppv.DistrictSchoolId, PpvViews.State(ppv.State),
            ppv.WorkflowKey, ppv.WorkflowVersion, ppv.RuleSetVersion,
            request ? ppv.GuardianIds : null,
            request ? ppv.Requests.Select(PpvViews.Request).ToList() : null,
            request ? PpvViews.Consent(ppv) : null,
            request ? ppv.Consents.OrderBy(c => c.RecordedAt).Select(c => new PpvConsentView(c.GuardianId,
                Enum.GetValues<ConsentScopes>().Where(s => s is not (ConsentScopes.None or ConsentScopes.All) && c.Scopes.HasFlag(s)).Select(s => s.ToString()).ToList(),
                c.Scopes.Danish(), c.GivenAt, c.RecordedAt, c.RecordedByName, c.RecordedByRole.ToString())).ToList() : null,
            request ? ppv.AssignedPsychologistId : null,
            request ? ppv.AssignedPsychologistName : null,
            request ? ppv.Assignments.OrderBy(a => a.AssignedAt).Select(a => new PpvAssignmentView(a.PsychologistUserId, a.PsychologistName,
                a.AssignedAt, a.AssignedByName, a.ActiveAssessmentsBefore, a.Capacity, a.OverCapacityReason)).ToList() : null,
            PpvAccess.CanReadNotes(actor, ppv)
                ? ppv.Notes.OrderBy(n => n.OccurredAt).Select(n => new PpvNoteView(n.Id, forVersion.GetValueOrDefault(n.RequestId),
                    new(n.Kind.ToString(), n.Kind.Danish()), n.Text, n.OccurredAt, n.RecordedAt, n.AuthorName)).ToList()
                : null,
            PpvAccess.ReadableDrafts(actor, ppv).OrderBy(d => d.WrittenAt).Select(d => new PpvDraftView(d.Id, d.ForVersion, d.Number,
                d.Text, d.Recommendations, d.WrittenAt, d.AuthorName)).ToList(),
            request ? ppv.Hearings.OrderBy(h => h.SentAt).Select(h => new PpvHearingView(h.Id, h.DraftId, h.SentAt, h.ReplyDeadline,
                ReferenceEquals(h, ppv.CurrentHearing) && ppv.IsHearingOpen(now),
                h.Closure is { } closure ? new(closure.ToString(), PpvViews.Danish(closure)) : null, h.ClosedAt,
                comments ? ppv.CommentsOn(h).OrderBy(c => c.At).Select(c => new PpvCommentView(c.Id, c.GuardianId, c.Text, c.At,
                    c.RecordedByName, c.RecordedOnBehalf)).ToList() : null)).ToList() : null,
            PpvAccess.ReadableFinals(actor, ppv, onAgenda).Select(v => PpvVersionView.From(ppv, v)).ToList(),
            request ? ppv.History.OrderBy(h => h.At).Select(h => new HistoryView(h.At, h.Trigger.ToString(), h.From.ToString(), h.To.ToString(),
                h.ActorName, h.ActorRole, h.Detail)).ToList() : null,
            workflow.PermittedActions(ppv, actor, now).Select(t => new CodeAndText(t.ToString(), t.Danish())).ToList(),
            shown,
            ppv.Revision);
    }
}

/// <summary>One case in a queue or list: the request level only, never notes, drafts or content.</summary>
public sealed record PpvQueueItem(Guid PpvCaseId, Guid ChildId, string ChildName, Guid SchoolId, CodeAndText State, int ForVersion,
    CodeAndText? Priority, Guid? PsychologistUserId, string? PsychologistName, DateTimeOffset RequestedAt, DateTimeOffset TargetAt,
    int WaitingDays, bool IsPastTarget, int? LatestFinalVersion, int Revision)
{
    public static PpvQueueItem From(PpvCase ppv, string childName, DateTimeOffset now)
    {
        var e = PsychologistCapacity.Entry(ppv, now);
        return new PpvQueueItem(e.PpvCaseId, e.ChildId, childName, e.SchoolId, PpvViews.State(e.State), e.ForVersion,
            e.Priority is { } p ? new(p.ToString(), p.Danish()) : null, e.PsychologistUserId, e.PsychologistName, e.RequestedAt, e.TargetAt,
            ppv.IsInProgress ? e.WaitingDays : 0, ppv.IsInProgress && e.IsPastTarget, ppv.LatestFinal?.Number, ppv.Revision);
    }
}

/// <summary>
/// A psychologist's load against the rule set's capacity. The counts cover every active assessment;
/// <see cref="Cases"/> lists only those whose request the caller may see.
/// </summary>
public sealed record PsychologistQueueView(Guid PsychologistUserId, string Name, IReadOnlyList<Guid> ServedSchoolIds, int Capacity, int Active,
    int FreePlaces, bool IsFull, bool IsOverCapacity, IReadOnlyList<PpvQueueItem> Cases);

internal static class PpvViews
{
    public static CodeAndText State(PpvState state) => new(state.ToString(), state.Danish());

    public static PpvRequestView Request(PpvRequest r) => new(r.Id, r.ForVersion, r.IsUpdate, r.Reason, r.RequestedAt, r.RequestedByName,
        r.RequestedByRole.ToString(), r.TargetAt, r.Priority is { } p ? new(p.ToString(), p.Danish()) : null, r.CoordinationMeetingOn,
        r.WithdrawnAt, r.WithdrawalReason);

    public static PpvConsentStatus Consent(PpvCase ppv) => new(
        ppv.HasConsent(ConsentScopes.Assessment), ppv.HasConsent(ConsentScopes.SharingWithSchool),
        ppv.HasConsent(ConsentScopes.SharingWithCommittee), ppv.ConsentGivenAt(ConsentScopes.Assessment));

    public static string Danish(HearingClosure closure) => closure switch
    {
        HearingClosure.Finalised => "udkastet blev gjort endeligt",
        HearingClosure.DraftReopened => "udkastet blev taget tilbage",
        HearingClosure.Withdrawn => "anmodningen blev trukket tilbage",
        _ => closure.ToString(),
    };

    /// <summary>The parts of the case <paramref name="actor"/> is shown, in the words the access log uses.</summary>
    public static IReadOnlyList<string> Shown(Actor actor, PpvCase ppv, IReadOnlySet<PpvReference>? onAgenda)
    {
        var parts = new List<string>();
        if (PpvAccess.CanReadRequest(actor, ppv)) parts.Add("anmodningen");
        if (PpvAccess.CanReadNotes(actor, ppv) && ppv.Notes.Count > 0) parts.Add("vurderingsnotater");
        parts.AddRange(PpvAccess.ReadableDrafts(actor, ppv).Select(d => $"udkast {d.Number} til version {d.ForVersion}"));
        if (PpvAccess.CanReadHearingComments(actor, ppv) && ppv.HearingComments.Count > 0) parts.Add("forældrenes høringskommentarer");
        parts.AddRange(PpvAccess.ReadableFinals(actor, ppv, onAgenda).Select(v => $"endelig version {v.Number}"));
        return parts;
    }
}
