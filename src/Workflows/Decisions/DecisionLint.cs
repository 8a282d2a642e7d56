using Visitation.Workflows.Rules;

namespace Visitation.Workflows.Decisions;

/// <summary>
/// The legal checklist a written decision must pass before it is issued. A missing element can make a
/// decision invalid, so issuing is refused with everything that is missing, not just the first.
/// </summary>
public static class DecisionLint
{
    public static IReadOnlyList<string> Check(WrittenDecisionKind kind, DecisionContent content, DecisionBasis basis, ComplaintRules complaints,
        DateOnly? decidedOn = null)
    {
        var missing = new List<string>();
        var appealable = WrittenDecision.IsAppealableKind(kind);

        if (basis.GuardianCount < 1)
            missing.Add("en forælder med forældremyndighed at sende afgørelsen til");
        foreach (var name in basis.GuardiansWithoutPostalAddress ?? [])
            missing.Add($"en fuld postadresse (vej, postnummer og by) for {name}");

        if (kind == WrittenDecisionKind.Postponement)
        {
            if (string.IsNullOrWhiteSpace(content.PostponementReason))
                missing.Add("begrundelse for, hvorfor sagen udsættes");
            if (content.NextConsideration is null)
                missing.Add("dato for, hvornår sagen behandles igen");
            else if (decidedOn is { } decided && content.NextConsideration <= decided)
                missing.Add("en dato for den nye behandling, der ligger efter udsættelsen");
            return missing;
        }

        if (string.IsNullOrWhiteSpace(content.DecisionText))
            missing.Add("selve afgørelsen");
        // Forvaltningsloven § 24: each of the three parts of the reasons is required on its own.
        if (string.IsNullOrWhiteSpace(content.RulesApplied))
            missing.Add("begrundelse: de regler, afgørelsen er truffet efter (forvaltningsloven § 24, stk. 1)");
        if (string.IsNullOrWhiteSpace(content.MainConsiderations))
            missing.Add("begrundelse: de hovedhensyn, der har været bestemmende for skønnet (forvaltningsloven § 24, stk. 1)");
        if (!content.FactsReliedOn.Any(f => !string.IsNullOrWhiteSpace(f)))
            missing.Add("begrundelse: de faktiske oplysninger, afgørelsen bygger på (forvaltningsloven § 24, stk. 2)");
        if (kind == WrittenDecisionKind.ReturnToGeneral && !content.Recommendations.Any(r => !string.IsNullOrWhiteSpace(r)))
            missing.Add("udvalgets anbefalinger til støtten i almentilbuddet");
        // Folkeskoleloven § 12, stk. 2: no decision on special education without a PPV and consulting the parents.
        if (string.IsNullOrWhiteSpace(basis.PpvDescription))
            missing.Add("en pædagogisk-psykologisk vurdering (PPV), som afgørelsen bygger på");
        if (!basis.HasParentStatement && !basis.HasConcludedHearing)
            missing.Add("forældreudtalelse eller gennemført partshøring (forvaltningsloven § 19)");
        if (appealable && (string.IsNullOrWhiteSpace(complaints.Board) || complaints.DeadlineWeeksAfterDelivery <= 0))
            missing.Add("klagevejledning med klageinstans og klagefrist (forvaltningsloven § 25)");
        return missing;
    }
}
