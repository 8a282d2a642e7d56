using Visitation.Workflows.Access;
using Visitation.Workflows.Children;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rules;

namespace Visitation.Api.Features.Referrals;

public sealed record CodeAndText(string Code, string Text);

public sealed record ReferralSummary(Guid Id, Guid ChildId, string ChildName, Guid DistrictSchoolId, CodeAndText State,
    Guid? RoundId, int? Track, DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt, int Revision);

/// <param name="PpvVersion">For a PPV part from the PPV workflow: the final version it is.</param>
/// <param name="ExternalPpv">For an uploaded PPV: what the uploader stated when marking it final.</param>
public sealed record DocumentView(Guid Id, CodeAndText Part, string FileName, string ContentType, long Length, string Sha256,
    string UploadedBy, DateTimeOffset UploadedAt, bool IsCurrent, int? PpvVersion = null, ExternalPpvView? ExternalPpv = null);

/// <summary>An uploaded PPV as the uploader marked it: final, made by <paramref name="Issuer"/>, dated <paramref name="IssuedOn"/>.</summary>
public sealed record ExternalPpvView(string Issuer, DateOnly IssuedOn, bool MarkedFinal);

public sealed record HearingView(Guid Id, DateTimeOffset SentAt, DateTimeOffset ReplyDeadline, string Subject, string? ParentsReply, DateTimeOffset RecordedAt);

public sealed record DecisionView(Guid Id, string Outcome, Guid RoundId, Guid? OfferId, DateOnly? StartDate, string? Recommendations,
    Guid? PostponedToRoundId, string? MissingForPostponement, string Reasons, DateTimeOffset DecidedAt, string RuleSetVersion, DateTimeOffset? DispatchedAt);

public sealed record HistoryView(DateTimeOffset At, string Trigger, string From, string To, string Actor, string ActorRole, string Detail);

public sealed record ReferralDetails(
    Guid Id,
    Guid ChildId,
    string ChildName,
    string ChildCpr,
    Guid DistrictSchoolId,
    CodeAndText State,
    string WorkflowKey,
    int WorkflowVersion,
    string RuleSetVersion,
    Guid? RoundId,
    int? Track,
    IReadOnlyList<CodeAndText> MissingParts,
    IReadOnlyList<DocumentView> Documents,
    IReadOnlyList<HearingView> Hearings,
    IReadOnlyList<DecisionView> Decisions,
    IReadOnlyList<HistoryView> History,
    IReadOnlyList<CodeAndText> PermittedActions,
    int Revision)
{
    public static ReferralDetails From(Referral r, Child child, ReferralWorkflow workflow, RuleSet rules, Actor actor) => new(
        r.Id, child.Id, child.Name, child.Cpr.Masked, r.DistrictSchoolId,
        new(r.State.ToString(), r.State.Danish()),
        r.WorkflowKey, r.WorkflowVersion, r.RuleSetVersion, r.RoundId, (int?)r.Track,
        r.MissingParts(rules.Referral.RequiredParts).Select(p => new CodeAndText(p.ToString(), p.Danish())).ToList(),
        r.Documents.OrderBy(d => d.UploadedAt).Select(d => new DocumentView(d.Id, new(d.Type.ToString(), d.Type.Danish()), d.FileName,
            d.ContentType, d.Length, d.Sha256, d.UploadedByName, d.UploadedAt, d.IsCurrent, d.PpvVersion,
            d.External is { } external ? new ExternalPpvView(external.Issuer, external.IssuedOn, MarkedFinal: true) : null)).ToList(),
        r.Hearings.Select(h => new HearingView(h.Id, h.SentAt, h.ReplyDeadline, h.Subject, h.ParentsReply, h.RecordedAt)).ToList(),
        r.Decisions.OrderBy(d => d.DecidedAt).Select(d => new DecisionView(d.Id, d.Outcome.ToString(), d.RoundId, d.OfferId, d.StartDate,
            d.Recommendations, d.PostponedToRoundId, d.MissingForPostponement, d.Reasons, d.DecidedAt, d.RuleSetVersion, d.DispatchedAt)).ToList(),
        r.History.OrderBy(h => h.At).Select(h => new HistoryView(h.At, h.Trigger.ToString(), h.From.ToString(), h.To.ToString(),
            h.ActorName, h.ActorRole, h.Detail)).ToList(),
        workflow.PermittedActions(r, actor).Select(t => new CodeAndText(t.ToString(), t.Danish())).ToList(),
        r.Revision);
}
