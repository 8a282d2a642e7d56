using Visitation.Workflows.Common;

namespace Visitation.Workflows.Tests.Common;

public class GuardTests
{
    [Test]
    public void Text_is_trimmed()
    {
        Guard.Text("  Efterår 2026 ", "name", "Rundens navn").ShouldBe("Efterår 2026");
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void Blank_text_is_refused_with_a_Danish_message_naming_the_field(string? value)
    {
        var ex = Should.Throw<InvalidInputException>(() => Guard.Text(value, "name", "Rundens navn"));

        ex.Field.ShouldBe("name");
        ex.Message.ShouldBe("Rundens navn skal udfyldes.");
    }

    [Test]
    public void Text_longer_than_the_limit_after_trimming_is_refused()
    {
        var ex = Should.Throw<InvalidInputException>(() => Guard.Text(new string('x', 11), "name", "Navnet", maxLength: 10));

        ex.Field.ShouldBe("name");
        ex.Message.ShouldBe("Navnet må højst være 10 tegn.");
    }

    [Test]
    public void Text_exactly_at_the_limit_is_accepted_and_surrounding_spaces_do_not_count()
    {
        Guard.Text("  " + new string('x', 10) + "  ", "name", "Navnet", maxLength: 10).Length.ShouldBe(10);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("  ")]
    public void Blank_optional_text_becomes_null(string? value)
    {
        Guard.OptionalText(value, "reply", "Svaret").ShouldBeNull();
    }

    [Test]
    public void Optional_text_is_still_limited_in_length()
    {
        Should.Throw<InvalidInputException>(() => Guard.OptionalText(new string('x', 5), "reply", "Svaret", maxLength: 4))
            .Field.ShouldBe("reply");
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void Zero_or_negative_is_not_positive(int value)
    {
        var ex = Should.Throw<InvalidInputException>(() => Guard.Positive(value, "seats", "Antal pladser"));

        ex.Field.ShouldBe("seats");
        ex.Message.ShouldBe("Antal pladser skal være større end 0.");
    }

    [Test]
    public void A_positive_number_is_returned_unchanged()
    {
        Guard.Positive(12, "seats", "Antal pladser").ShouldBe(12);
    }
}
