using Visitation.Documents.Letters;
using Visitation.Documents.Rendering;
using Visitation.Documents.Templates;
using Visitation.Documents.Tests.Support;

namespace Visitation.Documents.Tests.Letters;

public class DecisionLetterTests
{
    private static IReadOnlyList<string> Problems(DecisionLetter letter) =>
        LetterValidator.Problems(letter, LetterTemplateCatalog.Default.Latest.For(letter.Kind));

    [Test]
    public void Sample_letters_of_every_kind_are_complete()
    {
        Problems(SampleLetters.Placement()).ShouldBeEmpty();
        Problems(SampleLetters.ReturnToGeneral()).ShouldBeEmpty();
        Problems(SampleLetters.Postponement()).ShouldBeEmpty();
        Problems(SampleLetters.Revisitation(LetterKind.RevisitationContinue)).ShouldBeEmpty();
        Problems(SampleLetters.Revisitation(LetterKind.RevisitationChange)).ShouldBeEmpty();
        Problems(SampleLetters.Revisitation(LetterKind.RevisitationEnd)).ShouldBeEmpty();
    }

    [Test]
    public void Complaint_deadline_is_four_weeks_after_delivery_by_default()
    {
        var guidance = new ComplaintGuidance("Klagenævnet for Specialundervisning", new DateOnly(2026, 11, 26), DeadlineWeeks: 4, ReassessmentWeeks: 4);

        guidance.Deadline.ShouldBe(new DateOnly(2026, 12, 24));
    }

    [Test]
    public void Complaint_deadline_may_be_later_but_never_earlier_than_the_rule()
    {
        var later = SampleLetters.Placement() with { Complaint = SampleLetters.Placement().Complaint! with { Deadline = new DateOnly(2026, 12, 28) } };
        var earlier = SampleLetters.Placement() with { Complaint = SampleLetters.Placement().Complaint! with { Deadline = new DateOnly(2026, 12, 23) } };

        Problems(later).ShouldBeEmpty();
        Problems(earlier).ShouldContain(problem => problem.Contains("Complaint.Deadline", StringComparison.Ordinal));
    }

    [Test]
    public void Each_of_the_three_parts_of_the_reasons_is_required()
    {
        var reasons = SampleLetters.Placement().Reasons!;

        Problems(SampleLetters.Placement() with { Reasons = reasons with { RulesApplied = " " } }).ShouldContain("Reasons.RulesApplied is empty");
        Problems(SampleLetters.Placement() with { Reasons = reasons with { MainConsiderations = "" } }).ShouldContain("Reasons.MainConsiderations is empty");
        Problems(SampleLetters.Placement() with { Reasons = reasons with { FactsReliedOn = [] } }).ShouldContain("Reasons.FactsReliedOn has no items");
        Problems(SampleLetters.Placement() with { Reasons = null }).ShouldContain(problem => problem.Contains("§ 24", StringComparison.Ordinal));
    }

    [Test]
    public void Appealable_decision_without_complaint_guidance_is_incomplete()
    {
        Problems(SampleLetters.Revisitation(LetterKind.RevisitationEnd) with { Complaint = null })
            .ShouldContain(problem => problem.Contains("§ 25", StringComparison.Ordinal));
    }

    [Test]
    public void Postponement_notice_must_not_carry_complaint_guidance()
    {
        Problems(SampleLetters.Postponement() with { Complaint = SampleLetters.Placement().Complaint })
            .ShouldContain(problem => problem.Contains("cannot be appealed", StringComparison.Ordinal));
    }

    [Test]
    public void Postponement_notice_must_say_why_and_when()
    {
        Problems(SampleLetters.Postponement() with { Postponement = null }).ShouldContain(problem => problem.Contains("why and when", StringComparison.Ordinal));
        Problems(SampleLetters.Postponement() with { Postponement = SampleLetters.Postponement().Postponement! with { Reason = "" } })
            .ShouldContain("Postponement.Reason is empty");
    }

    [Test]
    public void Return_to_general_school_needs_recommendations()
    {
        Problems(SampleLetters.ReturnToGeneral() with { Recommendations = [] }).ShouldContain("Recommendations has no items");
    }

    [Test]
    public void Missing_letterhead_recipient_or_signature_is_reported_by_name()
    {
        var letter = SampleLetters.Placement() with
        {
            Letterhead = SampleLetters.Placement().Letterhead with { Email = "" },
            Recipient = SampleLetters.Mother with { Name = "" },
            Signature = new Signature("Hanne Lærkesen", ""),
            CaseNumber = "",
        };

        Problems(letter).ShouldBe(["Letterhead.Email is empty", "Recipient.Name is empty", "CaseNumber is empty", "Signature.Title is empty"], ignoreOrder: true);
    }

    [Test]
    public void Renderer_refuses_an_incomplete_letter_and_lists_what_is_missing()
    {
        var error = Should.Throw<IncompleteLetterException>(() => LetterRenderer.Render(SampleLetters.Placement() with { Decision = "" }));

        error.Problems.ShouldBe(["Decision is empty"]);
        error.Message.ShouldContain("17.01.10-G01-42-26");
    }

    [Test]
    public void One_letter_per_guardian_each_naming_the_others()
    {
        var letters = DecisionLetters.OnePerGuardian(SampleLetters.Placement(), [SampleLetters.Mother, SampleLetters.Father]);

        letters.Select(letter => letter.Recipient).ShouldBe([SampleLetters.Mother, SampleLetters.Father]);
        letters[0].AlsoSentTo.ShouldBe(["Søren Nørgaard"]);
        letters[1].AlsoSentTo.ShouldBe(["Mette Østergård"]);
    }

    [Test]
    public void A_decision_goes_to_at_least_one_guardian()
    {
        Should.Throw<ArgumentException>(() => DecisionLetters.OnePerGuardian(SampleLetters.Placement(), []));
    }
}
