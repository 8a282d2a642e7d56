using Visitation.Api.Features.Decisions;
using Visitation.Workflows.Common;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;

namespace Visitation.Api.Features.Committee;

/// <summary>
/// The written decisions closing a round issues. Each field comes from the case's own letter text when the
/// committee gave one, else from the text given for the whole round, else from what the meeting already holds:
/// the parts at hand on the agenda are the facts relied on, the recorded reasons the main considerations, the
/// help to be given on a return the next step. The rules applied default to the municipality's standard wording
/// for the outcome. The legal check (<see cref="Workflows.Decisions.DecisionLint"/>) still runs on the result.
/// </summary>
internal static class CommitteeLetters
{
    public const string PlacementRules =
        "Folkeskolelovens § 20, stk. 2, og § 3, stk. 2, samt bekendtgørelse om folkeskolens specialundervisning og anden " +
        "specialpædagogisk bistand: kommunen sørger for specialundervisning til børn, hvis udvikling kræver en særlig hensyntagen " +
        "eller støtte, som ikke kan gives inden for den almindelige undervisning.";

    public const string ReturnRules =
        "Folkeskolelovens § 3, stk. 2, og § 3 a samt bekendtgørelse om folkeskolens specialundervisning og anden specialpædagogisk " +
        "bistand: barnets behov kan imødekommes i den almindelige undervisning, om nødvendigt med supplerende undervisning eller anden faglig støtte.";

    public static DecisionsApi.IssueDecisionRequest For(DecisionToIssue d, Referral referral, DecisionsApi.IssueDecisionRequest? round,
        DecisionsApi.IssueDecisionRequest? own)
    {
        var facts = referral.CurrentDocuments
            .OrderBy(x => x.Type).ThenBy(x => x.UploadedAt)
            .Select(x => $"{Capitalised(x.Type.Danish())} ({x.FileName}), modtaget {DanishTime.LongDate(x.UploadedAt)}")
            .ToList();
        var nextSteps = d.Outcome switch
        {
            DecisionOutcome.Placement => new List<string>
            {
                "Distriktsskolens leder aftaler et opstartsmøde med tilbuddet og jer, og handleplanen overdrages til tilbuddet.",
            },
            DecisionOutcome.ReturnToGeneral when !string.IsNullOrWhiteSpace(d.HelpToBeGiven) => [$"Den hjælp, skolen og barnet får: {d.HelpToBeGiven}"],
            _ => null,
        };
        var rulesApplied = d.Outcome switch
        {
            DecisionOutcome.Placement => PlacementRules,
            DecisionOutcome.ReturnToGeneral => ReturnRules,
            _ => null,
        };
        return new DecisionsApi.IssueDecisionRequest(
            own?.DecisionText ?? round?.DecisionText,
            own?.RulesApplied ?? round?.RulesApplied ?? rulesApplied,
            own?.MainConsiderations ?? round?.MainConsiderations,
            own?.FactsReliedOn ?? round?.FactsReliedOn ?? facts,
            own?.Recommendations ?? round?.Recommendations,
            own?.AdditionalLegalBasis ?? round?.AdditionalLegalBasis,
            own?.NextSteps ?? round?.NextSteps ?? nextSteps,
            own?.PostponementReason ?? round?.PostponementReason,
            own?.NextConsideration ?? round?.NextConsideration,
            null);
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
