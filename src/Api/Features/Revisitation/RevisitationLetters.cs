using Microsoft.EntityFrameworkCore;
using Visitation.Api.Features.Decisions;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Decisions;
using Visitation.Workflows.Notifications;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Revisitation;
using Visitation.Workflows.Rules;

namespace Visitation.Api.Features.Revisitation;

// Inside the namespace, so 'Placement' is the aggregate, not a sibling namespace.
using Visitation.Workflows.Placements;

/// <summary>
/// The written decision to the parents after a revisitation, and the notice to the district school when
/// the decision asks for a referral. Issuing is linted like every decision (<see cref="DecisionLint"/>); the
/// <see cref="DeliverDecisionLetters"/> consumer then renders and delivers one letter per guardian.
/// </summary>
public static class RevisitationLetters
{
    /// <summary>
    /// What the offer leader writes. Left out, the decision text, main considerations, facts (the meetings
    /// held), recommendations (the status meeting's) and next steps are taken from the case; the rules
    /// applied are always the writer's. The PPV the decision rests on defaults to the one in the placement's
    /// referral; a placement registered from before the system must name it.
    /// </summary>
    public sealed record LetterRequest(
        string? DecisionText,
        string? RulesApplied,
        string? MainConsiderations,
        IReadOnlyList<string>? FactsReliedOn,
        IReadOnlyList<string>? Recommendations,
        IReadOnlyList<string>? AdditionalLegalBasis,
        IReadOnlyList<string>? NextSteps,
        string? PpvDescription,
        Guid? ReplacesWrittenDecisionId);

    public static WrittenDecisionKind KindOf(RevisitationOutcome outcome) => outcome switch
    {
        RevisitationOutcome.Continue => WrittenDecisionKind.RevisitationContinue,
        RevisitationOutcome.End => WrittenDecisionKind.RevisitationEnd,
        _ => WrittenDecisionKind.RevisitationChange,
    };

    /// <summary>Issues the written decision for the case's decision; the caller saves, so it is one transaction with what led to it.</summary>
    public static async Task<WrittenDecision> IssueAsync(VisitationDbContext db, RevisitationCase revisitation, Placement placement, LetterRequest body,
        Actor actor, RuleSet rules, DateTimeOffset now, CancellationToken ct)
    {
        if (actor.Role != Role.OfferLeader || actor.OfferId != revisitation.OfferId)
            throw new NotPermittedException("Kun lederen af barnets specialtilbud kan udstede afgørelsen efter revisitationen.");
        var decision = revisitation.Decision
            ?? throw new WrongStateException("Der er ikke truffet afgørelse i revisitationen endnu.");
        if (decision.WrittenDecisionId is not null && body.ReplacesWrittenDecisionId is null)
            throw new WrongStateException("Afgørelsen er allerede udstedt. En rettelse udstedes som en ny afgørelse, der erstatter den første (replacesWrittenDecisionId).");
        if (body.ReplacesWrittenDecisionId is { } replaces && !await db.WrittenDecisions.AnyAsync(w => w.Id == replaces && w.CaseId == revisitation.Id, ct))
            throw new InvalidInputException("replacesWrittenDecisionId", "Den afgørelse, der skal erstattes, findes ikke i denne sag.");

        var child = await db.Children.AsNoTracking().FirstAsync(c => c.Id == revisitation.ChildId, ct);
        var offer = await db.Offers.AsNoTracking().FirstAsync(o => o.Id == revisitation.OfferId, ct);
        var newOffer = decision.RequestedOfferId is { } requested ? await db.Offers.AsNoTracking().FirstOrDefaultAsync(o => o.Id == requested, ct) : null;
        var ppv = body.PpvDescription;
        if (string.IsNullOrWhiteSpace(ppv) && placement.ReferralId is { } referralId)
        {
            var referral = await db.Referrals.AsNoTracking().AsSplitQuery().FirstOrDefaultAsync(r => r.Id == referralId, ct);
            if (referral?.CurrentDocuments.FirstOrDefault(d => d.Type == ReferralPartType.PPV) is { } document)
                ppv = $"Pædagogisk-psykologisk vurdering (PPV), {document.FileName}, modtaget {DanishTime.LongDate(document.UploadedAt)}";
        }
        var basis = new DecisionBasis(ppv,
            // The parent conversation (and a revisitation meeting with them) is where the parents are heard.
            revisitation.HasDone(RevisitationStep.ParentConversation) || revisitation.Meetings.Any(m => m.HadPresent(ParticipantRole.Guardian)),
            false,
            child.GuardianIds.Count);
        var content = new DecisionContent(
            string.IsNullOrWhiteSpace(body.DecisionText) ? DefaultText(decision, child.Name, offer.Name, newOffer?.Name) : body.DecisionText,
            body.RulesApplied,
            body.MainConsiderations ?? decision.Reasons,
            body.FactsReliedOn ?? Facts(revisitation),
            body.Recommendations ?? revisitation.Recommendations.Select(n => n.Text).ToList(),
            body.AdditionalLegalBasis ?? [],
            body.NextSteps ?? NextSteps(decision),
            NextConsideration: decision.NextRevisitationDue);
        var written = WrittenDecision.Issue(Guid.NewGuid(), KindOf(decision.Outcome), WrittenDecisionCaseTypes.Revisitation, revisitation.Id, decision.Id,
            child.Id, $"Lederen af {offer.Name}", DanishTime.Date(decision.DecidedAt), content, basis, rules, actor, now, body.ReplacesWrittenDecisionId);
        db.WrittenDecisions.Add(written);
        decision.MarkLetterIssued(written.Id, now);
        return written;
    }

    /// <summary>
    /// A change to another offer is the committee's to decide on a referral, which the district school
    /// leader signs: they are told, rather than a referral being made on their behalf. Idempotent: the
    /// notice's id is the decision's.
    /// </summary>
    public static async Task NotifyReferralRequestAsync(VisitationDbContext db, RevisitationCase revisitation, DateTimeOffset now, CancellationToken ct)
    {
        if (revisitation.ReferralRequest is not { } request) return;
        if (await db.Notifications.AnyAsync(n => n.Id == request.DecisionId, ct)) return;
        var current = await db.Offers.AsNoTracking().FirstAsync(o => o.Id == request.CurrentOfferId, ct);
        var wanted = await db.Offers.AsNoTracking().FirstAsync(o => o.Id == request.RequestedOfferId, ct);
        db.Notifications.Add(new Notification(request.DecisionId, now, Role.DistrictSchoolLeader, request.DistrictSchoolId, null,
            "Revisitation: barnet skal henvises til visitationsudvalget",
            $"Lederen af {current.Name} har ved revisitationen af et barn fra jeres skole vurderet, at barnets behov bedre imødekommes i {wanted.Name}. "
            + "Et skift af tilbud afgøres af visitationsudvalget: opret en henvisning for barnet. Barnet bliver i sit nuværende tilbud, til udvalget har truffet afgørelse. "
            + $"Begrundelse: {request.Reasons}",
            request.RevisitationCaseId, null));
    }

    private static string DefaultText(RevisitationDecision d, string child, string offer, string? newOffer) => d.Outcome switch
    {
        RevisitationOutcome.Continue =>
            $"{child} fortsætter i {offer}." + (d.NextRevisitationDue is { } next ? $" Tilbuddet vurderes igen senest den {DanishTime.LongDate(next)}." : ""),
        RevisitationOutcome.ChangeScope =>
            $"Støtten til {child} i {offer} ændres: {d.NewScope}." + (d.NextRevisitationDue is { } next ? $" Tilbuddet vurderes igen senest den {DanishTime.LongDate(next)}." : ""),
        RevisitationOutcome.ChangeOffer =>
            $"{child} henvises til visitationsudvalget med henblik på {newOffer}. {child} bliver i {offer}, til udvalget har truffet afgørelse.",
        _ => d.PhaseOutKind == PhaseOutKind.Full
            ? $"{child}s specialtilbud i {offer} ophører. {child} vender fuldt tilbage til distriktsskolen senest den {DanishTime.LongDate(d.PhaseOutEndDate!.Value)}."
            : $"{child} vender delvist tilbage til distriktsskolen fra den {DanishTime.LongDate(d.PhaseOutEndDate!.Value)} og fortsætter i {offer} i et mindre omfang.",
    };

    private static List<string> Facts(RevisitationCase c)
    {
        var facts = c.Meetings.OrderBy(m => m.HeldAt)
            .Select(m => $"{Capital(m.Kind.Danish())} den {DanishTime.LongDate(m.HeldAt)} med {string.Join(", ", m.Participants.Select(p => p.Role).Distinct().Select(r => r.Danish()))}")
            .ToList();
        if (c.FocusPoints.Any())
            facts.Add($"Handleplanen med statusmødets fokuspunkter: {string.Join("; ", c.FocusPoints.Select(n => n.Text))}");
        if (c.HandleplanAnswer is { } answer && c.HandleplanAnsweredAt is { } at)
            facts.Add($"Distriktsskolelederens svar på handleplanen den {DanishTime.LongDate(at)}: {answer.Danish()}");
        if (c.ChildStatement is { } statement)
            facts.Add($"Barnets egen udtalelse: {statement}");
        return facts;
    }

    private static List<string> NextSteps(RevisitationDecision d) => d.Outcome switch
    {
        RevisitationOutcome.ChangeOffer => ["Distriktsskolens leder henviser barnet til visitationsudvalget, som træffer afgørelse om skift af tilbud."],
        RevisitationOutcome.End when d.PhaseOutPlan is { } plan => [$"Udslusningsplan: {plan}"],
        _ => [],
    };

    private static string Capital(string text) => char.ToUpper(text[0], DanishTime.Culture) + text[1..];
}
