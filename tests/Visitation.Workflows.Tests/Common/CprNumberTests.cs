using Visitation.Workflows.Common;

namespace Visitation.Workflows.Tests.Common;

public class CprNumberTests
{
    // All numbers here are synthetic: valid dates with sequence digits chosen for the century rule only.

    [TestCase("1403164123")]
    [TestCase("140316-4123")]
    [TestCase("  140316-4123  ")]
    public void Ten_digits_with_or_without_hyphen_parse_to_the_same_number(string input)
    {
        CprNumber.TryParse(input, out var cpr).ShouldBeTrue();
        cpr.Value.ShouldBe("1403164123");
        cpr.BirthDate.ShouldBe(new DateOnly(2016, 3, 14));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("140316412", TestName = "Nine_digits_are_refused")]
    [TestCase("14031641234", TestName = "Eleven_digits_are_refused")]
    [TestCase("140316-412", TestName = "Nine_digits_with_hyphen_are_refused")]
    [TestCase("14031641a3", TestName = "A_letter_in_the_sequence_is_refused")]
    [TestCase("140316 4123", TestName = "A_space_inside_the_number_is_refused")]
    [TestCase("１４０３１６４１２３", TestName = "Non_ASCII_digits_are_refused")]
    public void Malformed_shapes_are_refused(string? input)
    {
        CprNumber.TryParse(input, out _).ShouldBeFalse();
    }

    [TestCase("0003164123", TestName = "Day_zero_is_refused")]
    [TestCase("3203164123", TestName = "Day_32_is_refused")]
    [TestCase("3104164123", TestName = "The_31st_of_a_30_day_month_is_refused")]
    [TestCase("1400164123", TestName = "Month_zero_is_refused")]
    [TestCase("1413164123", TestName = "Month_13_is_refused")]
    [TestCase("0000000000", TestName = "All_zeros_are_refused")]
    public void Numbers_that_do_not_begin_with_a_real_date_are_refused(string input)
    {
        CprNumber.TryParse(input, out _).ShouldBeFalse();
    }

    [TestCase("2902164123", 2016, TestName = "The_29th_of_February_2016_is_a_leap_day")]
    [TestCase("2902004123", 2000, TestName = "The_29th_of_February_2000_with_century_digit_4_is_a_leap_day")]
    [TestCase("2902009123", 2000, TestName = "The_29th_of_February_2000_with_century_digit_9_is_a_leap_day")]
    [TestCase("2902005123", 2000, TestName = "The_29th_of_February_2000_with_century_digit_5_is_a_leap_day")]
    [TestCase("2902960123", 1996, TestName = "The_29th_of_February_1996_is_a_leap_day")]
    public void The_29th_of_February_parses_in_leap_years(string input, int year)
    {
        CprNumber.Parse(input).BirthDate.ShouldBe(new DateOnly(year, 2, 29));
    }

    [TestCase("2902174123", TestName = "The_29th_of_February_2017_is_refused")]
    [TestCase("2902000123", TestName = "The_29th_of_February_1900_is_refused_because_1900_was_no_leap_year")]
    [TestCase("2902003123", TestName = "The_29th_of_February_1900_with_century_digit_3_is_refused")]
    [TestCase("2902586123", TestName = "The_29th_of_February_1858_is_refused")]
    public void The_29th_of_February_is_refused_in_non_leap_years(string input)
    {
        CprNumber.TryParse(input, out _).ShouldBeFalse();
    }

    // The seventh digit and the two-digit year together give the century.
    [TestCase("0101000123", 1900)]
    [TestCase("0101991123", 1999)]
    [TestCase("0101362123", 1936)]
    [TestCase("0101373123", 1937)]
    [TestCase("0101004123", 2000)]
    [TestCase("0101364123", 2036)]
    [TestCase("0101374123", 1937)]
    [TestCase("0101369123", 2036)]
    [TestCase("0101379123", 1937)]
    [TestCase("0101995123", 1899)]
    [TestCase("0101005123", 2000)]
    [TestCase("0101576123", 2057)]
    [TestCase("0101587123", 1858)]
    [TestCase("0101998123", 1899)]
    public void The_century_follows_the_seventh_digit_and_the_year(string input, int expectedYear)
    {
        CprNumber.Parse(input).BirthDate.Year.ShouldBe(expectedYear);
    }

    [Test]
    public void Masked_shows_the_birth_date_and_hides_the_sequence()
    {
        var cpr = CprNumber.Parse("140316-4123");

        cpr.Masked.ShouldBe("140316-XXXX");
        cpr.Masked.ShouldNotContain("4123");
    }

    [Test]
    public void ToString_shows_the_number_with_a_hyphen()
    {
        CprNumber.Parse("1403164123").ToString().ShouldBe("140316-4123");
    }

    [Test]
    public void Numbers_with_the_same_digits_are_equal_whatever_the_input_format()
    {
        CprNumber.Parse("140316-4123").ShouldBe(CprNumber.Parse("1403164123"));
    }

    [Test]
    public void Parse_refuses_an_invalid_number_with_a_Danish_message_naming_the_cpr_field()
    {
        var ex = Should.Throw<InvalidInputException>(() => CprNumber.Parse("3202164123"));

        ex.Field.ShouldBe("cpr");
        ex.Message.ShouldContain("10 cifre");
        ex.Message.ShouldContain("gyldig dato");
    }

    [Test]
    public void Parse_names_the_field_it_is_given()
    {
        Should.Throw<InvalidInputException>(() => CprNumber.Parse("abc", "guardianCpr")).Field.ShouldBe("guardianCpr");
    }

    [Test]
    public void Synthetic_always_parses_and_keeps_the_birth_date_for_every_day_from_1900_to_2036()
    {
        var random = new Random(7);
        for (var day = new DateOnly(1900, 1, 1); day <= new DateOnly(2036, 12, 31); day = day.AddDays(1))
        {
            var cpr = CprNumber.Synthetic(day, random);
            CprNumber.TryParse(cpr.Value, out var reparsed).ShouldBeTrue(cpr.Value);
            reparsed.BirthDate.ShouldBe(day, cpr.Value);
        }
    }

    [TestCase(2037, 1, 1)]
    [TestCase(2040, 2, 29)]
    [TestCase(2057, 12, 31)]
    [TestCase(1858, 1, 1)]
    [TestCase(1896, 2, 29)]
    [TestCase(1899, 12, 31)]
    public void Synthetic_keeps_the_birth_date_at_the_edges_of_the_century_rules(int year, int month, int day)
    {
        var birthDate = new DateOnly(year, month, day);

        for (var seed = 0; seed < 20; seed++)
            CprNumber.Synthetic(birthDate, new Random(seed)).BirthDate.ShouldBe(birthDate);
    }

    [Test]
    public void Synthetic_is_reproducible_from_the_same_seed()
    {
        var birthDate = new DateOnly(2016, 3, 14);

        CprNumber.Synthetic(birthDate, new Random(42)).ShouldBe(CprNumber.Synthetic(birthDate, new Random(42)));
    }

    [Test]
    public void Synthetic_numbers_for_children_born_after_2000_use_a_century_digit_of_4_or_9()
    {
        var random = new Random(3);
        for (var i = 0; i < 50; i++)
            CprNumber.Synthetic(new DateOnly(2015, 5, 5), random).Value[6].ShouldBeOneOf('4', '9');
    }
}
