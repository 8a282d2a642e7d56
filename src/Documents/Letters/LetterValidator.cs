using Visitation.Documents.Templates;

namespace Visitation.Documents.Letters;

/// <summary>
/// The last guard before rendering: a letter missing a legally required part is never produced.
/// Issuing rules with Danish messages for caseworkers live in the domain (src/Workflows); this check
/// protects the renderer from any caller that skipped them.
/// </summary>
public static class LetterValidator
{
    public static IReadOnlyList<string> Problems(DecisionLetter letter, KindTemplate wording)
    {
        ArgumentNullException.ThrowIfNull(letter);
        ArgumentNullException.ThrowIfNull(wording);
        var problems = new List<string>();

        void Require(string? value, string name)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add($"{name} is empty");
            }
        }

        void RequireItems(IReadOnlyList<string> items, string name, bool atLeastOne)
        {
            if (atLeastOne && items.Count == 0)
            {
                problems.Add($"{name} has no items");
            }

            if (items.Any(string.IsNullOrWhiteSpace))
            {
                problems.Add($"{name} has an empty item");
            }
        }

        Require(letter.Letterhead.MunicipalityName, "Letterhead.MunicipalityName");
        Require(letter.Letterhead.Department, "Letterhead.Department");
        Require(letter.Letterhead.Address.Street, "Letterhead.Address.Street");
        Require(letter.Letterhead.Address.PostalCode, "Letterhead.Address.PostalCode");
        Require(letter.Letterhead.Address.City, "Letterhead.Address.City");
        Require(letter.Letterhead.Phone, "Letterhead.Phone");
        Require(letter.Letterhead.Email, "Letterhead.Email");
        Require(letter.Recipient.Name, "Recipient.Name");
        Require(letter.Recipient.Address.Street, "Recipient.Address.Street");
        Require(letter.Recipient.Address.PostalCode, "Recipient.Address.PostalCode");
        Require(letter.Recipient.Address.City, "Recipient.Address.City");
        Require(letter.CaseNumber, nameof(letter.CaseNumber));
        Require(letter.ChildName, nameof(letter.ChildName));
        Require(letter.DecidedBy, nameof(letter.DecidedBy));
        Require(letter.RuleSetVersion, nameof(letter.RuleSetVersion));
        Require(letter.Contact.Name, "Contact.Name");
        Require(letter.Contact.Title, "Contact.Title");
        Require(letter.Contact.Phone, "Contact.Phone");
        Require(letter.Contact.Email, "Contact.Email");
        Require(letter.Signature.Name, "Signature.Name");
        Require(letter.Signature.Title, "Signature.Title");
        RequireItems(letter.AlsoSentTo, nameof(letter.AlsoSentTo), atLeastOne: false);
        RequireItems(letter.AdditionalLegalBasis, nameof(letter.AdditionalLegalBasis), atLeastOne: false);
        RequireItems(letter.NextSteps, nameof(letter.NextSteps), atLeastOne: false);
        RequireItems(letter.Recommendations, nameof(letter.Recommendations), atLeastOne: letter.Kind == LetterKind.ReturnToGeneral);

        if (letter.DecidedOn > letter.Date)
        {
            problems.Add($"DecidedOn ({letter.DecidedOn:yyyy-MM-dd}) is after the letter's Date ({letter.Date:yyyy-MM-dd})");
        }

        if (letter.Kind != LetterKind.Postponement)
        {
            Require(letter.Decision, nameof(letter.Decision));
        }

        if (letter.Kind == LetterKind.Postponement)
        {
            if (letter.Postponement is not { } postponement)
            {
                problems.Add("Postponement is missing: a postponement notice must say why and when");
            }
            else
            {
                Require(postponement.Reason, "Postponement.Reason");
                RequireItems(postponement.Missing, "Postponement.Missing", atLeastOne: false);
                if (postponement.NextConsideration <= letter.DecidedOn)
                {
                    problems.Add("Postponement.NextConsideration must be after DecidedOn");
                }
            }
        }
        else if (letter.Postponement is not null)
        {
            problems.Add($"Postponement is set on a {letter.Kind} letter");
        }

        if (wording.Appealable)
        {
            if (letter.Reasons is not { } reasons)
            {
                problems.Add("Reasons are missing (forvaltningsloven § 24)");
            }
            else
            {
                Require(reasons.RulesApplied, "Reasons.RulesApplied");
                Require(reasons.MainConsiderations, "Reasons.MainConsiderations");
                RequireItems(reasons.FactsReliedOn, "Reasons.FactsReliedOn", atLeastOne: true);
            }

            if (letter.Complaint is not { } complaint)
            {
                problems.Add("Complaint guidance is missing (forvaltningsloven § 25)");
            }
            else
            {
                Require(complaint.Board, "Complaint.Board");
                if (complaint.DeadlineWeeks <= 0 || complaint.ReassessmentWeeks <= 0)
                {
                    problems.Add("Complaint.DeadlineWeeks and Complaint.ReassessmentWeeks must be positive");
                }

                if (complaint.DeliveredOn < letter.Date)
                {
                    problems.Add("Complaint.DeliveredOn is before the letter's Date");
                }

                if (complaint.Deadline < complaint.DeliveredOn.AddDays(7 * complaint.DeadlineWeeks))
                {
                    problems.Add($"Complaint.Deadline is earlier than {complaint.DeadlineWeeks} weeks after delivery");
                }
            }
        }
        else
        {
            if (letter.Complaint is not null)
            {
                problems.Add($"Complaint guidance is set on a {letter.Kind} letter, which cannot be appealed");
            }

            if (letter.Reasons is not null)
            {
                problems.Add($"Reasons are set on a {letter.Kind} letter, which is not a decision; say why in its own section");
            }
        }

        return problems;
    }
}

public sealed class IncompleteLetterException(DecisionLetter letter, IReadOnlyList<string> problems)
    : Exception($"The {letter.Kind} letter for case {letter.CaseNumber} cannot be rendered: {string.Join("; ", problems)}.")
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
