using Visitation.Documents.Letters;
using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Decisions;
using Visitation.Workflows.Rules;

namespace Visitation.Api.Features.Decisions;

/// <summary>Turns an issued decision into the letter content model, one letter per guardian.</summary>
public static class LetterComposition
{
    /// <summary>Derived from the case alone, so every letter in a case carries the same number.</summary>
    public static string CaseNumber(WrittenDecision decision) =>
        $"VIS-{decision.CaseId.ToString("N")[..10].ToUpperInvariant()}";

    public static IReadOnlyList<DecisionLetter> Compose(WrittenDecision decision, Child child, IReadOnlyList<Guardian> guardians,
        MunicipalitySettings town, RuleSet rules, DateOnly deliveredOn, string? replacesLetterId = null, DateOnly? replacesDate = null)
    {
        var letter = new DecisionLetter
        {
            Kind = Enum.Parse<LetterKind>(decision.Kind.ToString()),
            Letterhead = new Letterhead(town.Name, town.Department, new PostalAddress(town.Street, town.PostalCode, town.City), town.Phone, town.Email),
            Recipient = Recipient(guardians[0]),
            Date = deliveredOn,
            CaseNumber = CaseNumber(decision),
            ChildName = child.Name,
            DecidedBy = decision.DecidedBy,
            DecidedOn = decision.DecidedOn,
            Decision = decision.DecisionText,
            Reasons = decision.IsAppealable
                ? new Reasons(decision.RulesApplied ?? "", decision.MainConsiderations ?? "", FactsWithPpv(decision))
                : null,
            Recommendations = decision.Recommendations,
            Postponement = decision.Kind == WrittenDecisionKind.Postponement
                ? new PostponementNotice(decision.PostponementReason ?? "", decision.PostponementMissing, decision.NextConsideration ?? deliveredOn)
                : null,
            AdditionalLegalBasis = decision.AdditionalLegalBasis,
            NextSteps = decision.NextSteps,
            Complaint = decision.IsAppealable
                ? new ComplaintGuidance(rules.Complaints.Board, deliveredOn, rules.Complaints.DeadlineWeeksAfterDelivery, rules.Complaints.MunicipalReassessmentWeeks)
                : null,
            Contact = new ContactPerson(town.ContactName, town.ContactTitle, town.Phone, town.Email),
            // A revisitation decision is the offer leader's (DecidedBy names the offer), so they sign it.
            Signature = decision.CaseType == WrittenDecisionCaseTypes.Revisitation
                ? new Signature(decision.IssuedByName, decision.DecidedBy)
                : new Signature(town.SignatureName, town.SignatureTitle),
            RuleSetVersion = decision.RuleSetVersion,
            Replaces = replacesLetterId is null ? null : new LetterReference(replacesDate ?? deliveredOn, replacesLetterId),
        };
        return DecisionLetters.OnePerGuardian(letter, guardians.Select(Recipient).ToList());
    }

    /// <summary>The PPV the decision relies on is always among the facts, so the letter cites its version.</summary>
    private static IReadOnlyList<string> FactsWithPpv(WrittenDecision decision) =>
        decision.PpvDescription is { } ppv && !decision.FactsReliedOn.Any(f => f.Contains("PPV", StringComparison.OrdinalIgnoreCase))
            ? [.. decision.FactsReliedOn, ppv]
            : decision.FactsReliedOn;

    /// <summary>Addresses are kept as one line ("Vej 1, 7100 By"); the letter wants street and postal line apart.</summary>
    public static Recipient Recipient(Guardian guardian)
    {
        var comma = guardian.Address.LastIndexOf(',');
        var street = comma > 0 ? guardian.Address[..comma].Trim() : guardian.Address;
        var postal = comma > 0 ? guardian.Address[(comma + 1)..].Trim() : "";
        var space = postal.IndexOf(' ');
        return new Recipient(guardian.Name, space > 0
            ? new PostalAddress(street, postal[..space], postal[(space + 1)..])
            : new PostalAddress(street, postal, ""));
    }

    public static DateOnly DanishDate(DateTimeOffset at) => DanishTime.Date(at);

    /// <summary>Whether the guardian's address can be printed as street plus postal code and town.</summary>
    public static bool HasPostalAddress(Guardian guardian)
    {
        var address = Recipient(guardian).Address;
        return address.Street.Length > 0 && address.PostalCode.Length > 0 && address.City.Length > 0;
    }
}
