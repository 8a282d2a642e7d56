using System.Text.Json.Nodes;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rules;
using Visitation.Workflows.Tests.Support;

namespace Visitation.Workflows.Tests.Rules;

public class RuleSetCatalogTests
{
    private static string EmbeddedJson()
    {
        var assembly = typeof(RuleSetCatalog).Assembly;
        using var stream = assembly.GetManifestResourceStream("RuleSets.2026.1.json")
                           ?? throw new InvalidOperationException("The 2026.1 rule set is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The shipped 2026.1 rule set with one change applied, as JSON text.</summary>
    private static string Variant(Action<JsonObject> change)
    {
        var node = JsonNode.Parse(EmbeddedJson())!.AsObject();
        change(node);
        return node.ToJsonString();
    }

    private static InvalidOperationException Refused(Action<JsonObject> change) =>
        Should.Throw<InvalidOperationException>(() => new RuleSetCatalog([RuleSetCatalog.Parse(Variant(change))]));

    private static RuleSet WithVersion(string version, DateOnly validFrom) =>
        RuleSetCatalog.Parse(Variant(n =>
        {
            n["version"] = version;
            n["validFrom"] = validFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }));

    [Test]
    public void The_embedded_catalog_loads_rule_set_2026_1_and_it_validates()
    {
        var catalog = RuleSetCatalog.LoadEmbedded();

        catalog.All.Select(r => r.Version).ShouldContain("2026.1");
        var rules = catalog.Get("2026.1");
        rules.ValidFrom.ShouldBe(new DateOnly(2026, 8, 1));
        rules.Description.ShouldNotBeNullOrWhiteSpace();
    }

    [Test]
    public void Rule_set_2026_1_holds_the_legal_parameters_as_data()
    {
        var rules = RuleSetCatalog.LoadEmbedded().Get("2026.1");

        rules.Referral.RequiredParts.ShouldBe(Enum.GetValues<ReferralPartType>(), ignoreOrder: true);
        rules.Referral.IncompleteReminderAfter.ShouldBe(TimeSpan.FromDays(7));
        rules.Referral.RoundDeadlineReminderBefore.ShouldBe(TimeSpan.FromDays(7));
        rules.Referral.DecisionDispatchWithin.ShouldBe(TimeSpan.FromDays(5));
        rules.Hearing.MinimumReplyDays.ShouldBe(7);
        rules.Complaints.DeadlineWeeksAfterDelivery.ShouldBe(4);
        rules.Complaints.MunicipalReassessmentWeeks.ShouldBe(4);
        rules.Complaints.Board.ShouldBe("Klagenævnet for Specialundervisning");
        rules.Revisitation.MaxMonthsBetweenDecisions.ShouldBe(12);
        rules.Uploads.MaxBytes.ShouldBe(10 * 1024 * 1024);
        rules.Uploads.AllowedContentTypes.ShouldContain("application/pdf");
    }

    [Test]
    public void Invalid_json_is_refused_naming_the_source()
    {
        var ex = Should.Throw<InvalidOperationException>(() => RuleSetCatalog.Parse("{ \"version\": ", "RuleSets.broken.json"));

        ex.Message.ShouldStartWith("RuleSets.broken.json kan ikke læses");
    }

    [Test]
    public void A_json_null_is_refused_as_empty()
    {
        Should.Throw<InvalidOperationException>(() => RuleSetCatalog.Parse("null", "RuleSets.empty.json"))
            .Message.ShouldBe("RuleSets.empty.json er tomt.");
    }

    [Test]
    public void An_unknown_member_is_refused_naming_the_member()
    {
        var ex = Should.Throw<InvalidOperationException>(() =>
            RuleSetCatalog.Parse(Variant(n => n["complaintDeadlineWeeks"] = 4), "RuleSets.typo.json"));

        ex.Message.ShouldStartWith("RuleSets.typo.json kan ikke læses");
        ex.Message.ShouldContain("complaintDeadlineWeeks");
    }

    [Test]
    public void An_unknown_member_inside_a_section_is_refused()
    {
        var ex = Should.Throw<InvalidOperationException>(() =>
            RuleSetCatalog.Parse(Variant(n => n["referral"]!["decisionDispatchWithinWeeks"] = 1)));

        ex.Message.ShouldContain("decisionDispatchWithinWeeks");
    }

    [Test]
    public void An_unknown_referral_part_is_refused()
    {
        var ex = Should.Throw<InvalidOperationException>(() =>
            RuleSetCatalog.Parse(Variant(n => n["referral"]!["requiredParts"]!.AsArray().Add("Horoscope"))));

        ex.Message.ShouldContain("kan ikke læses");
    }

    [Test]
    public void A_rule_set_missing_a_required_part_is_refused_naming_the_part()
    {
        var ex = Refused(n =>
        {
            var parts = n["referral"]!["requiredParts"]!.AsArray();
            parts.Remove(parts.First(p => p!.GetValue<string>() == "PPV"));
        });

        ex.Message.ShouldBe("Regelsæt 2026.1 er ugyldigt: referral.requiredParts mangler PPV.");
    }

    [Test]
    public void A_rule_set_without_required_parts_lists_all_six_as_missing()
    {
        var ex = Refused(n => n["referral"]!.AsObject().Remove("requiredParts"));

        ex.Message.ShouldContain("referral.requiredParts mangler SignedReferralForm, PPV, ActionPlan, PupilPlan, ParentStatement, ChildPerspective");
    }

    [Test]
    public void A_rule_set_without_the_referral_section_is_refused()
    {
        Refused(n => n.Remove("referral")).Message.ShouldContain("referral mangler");
    }

    [TestCase("incompleteReminderAfterDays", 0)]
    [TestCase("roundDeadlineReminderDaysBefore", 0)]
    [TestCase("decisionDispatchWithinDays", 0)]
    [TestCase("decisionDispatchWithinDays", -5)]
    public void Zero_or_negative_referral_days_are_refused_naming_the_setting(string setting, int days)
    {
        var ex = Refused(n => n["referral"]![setting] = days);

        ex.Message.ShouldContain($"referral.{setting} skal være positiv");
    }

    [Test]
    public void Zero_hearing_reply_days_are_refused()
    {
        Refused(n => n["hearing"]!["minimumReplyDays"] = 0).Message.ShouldContain("hearing.minimumReplyDays skal være positiv");
    }

    [Test]
    public void A_missing_hearing_section_is_refused()
    {
        Refused(n => n.Remove("hearing")).Message.ShouldContain("hearing.minimumReplyDays skal være positiv");
    }

    [Test]
    public void A_zero_complaint_deadline_is_refused()
    {
        Refused(n => n["complaints"]!["deadlineWeeksAfterDelivery"] = 0).Message.ShouldContain("complaints skal have en positiv frist og en klageinstans");
    }

    [Test]
    public void A_missing_complaints_board_is_refused()
    {
        Refused(n => n["complaints"]!["board"] = " ").Message.ShouldContain("complaints skal have en positiv frist og en klageinstans");
    }

    [TestCase(0)]
    [TestCase(13)]
    public void Revisitation_less_often_than_yearly_or_zero_months_is_refused(int months)
    {
        Refused(n => n["revisitation"]!["maxMonthsBetweenDecisions"] = months)
            .Message.ShouldContain("revisitation.maxMonthsBetweenDecisions skal være 1-12");
    }

    [Test]
    public void Uploads_without_allowed_content_types_are_refused()
    {
        Refused(n => n["uploads"]!["allowedContentTypes"] = new JsonArray())
            .Message.ShouldContain("uploads skal have en størrelsesgrænse og tilladte filtyper");
    }

    [Test]
    public void Uploads_with_zero_max_bytes_are_refused()
    {
        Refused(n => n["uploads"]!["maxBytes"] = 0)
            .Message.ShouldContain("uploads skal have en størrelsesgrænse og tilladte filtyper");
    }

    [Test]
    public void A_rule_set_without_a_version_is_refused()
    {
        Refused(n => n.Remove("version")).Message.ShouldContain("version mangler");
    }

    [Test]
    public void A_rule_set_without_a_valid_from_date_is_refused()
    {
        Refused(n => n.Remove("validFrom")).Message.ShouldContain("validFrom mangler");
    }

    [Test]
    public void Every_error_of_a_rule_set_is_listed_in_one_message()
    {
        var ex = Refused(n =>
        {
            n["referral"]!["incompleteReminderAfterDays"] = 0;
            n["hearing"]!["minimumReplyDays"] = 0;
        });

        ex.Message.ShouldBe("Regelsæt 2026.1 er ugyldigt: referral.incompleteReminderAfterDays skal være positiv; hearing.minimumReplyDays skal være positiv.");
    }

    [Test]
    public void An_empty_catalog_is_refused()
    {
        Should.Throw<InvalidOperationException>(() => new RuleSetCatalog([])).Message.ShouldBe("Der er ingen regelsæt.");
    }

    [Test]
    public void The_same_version_twice_is_refused()
    {
        var ex = Should.Throw<InvalidOperationException>(() => new RuleSetCatalog([
            WithVersion("2026.1", new DateOnly(2026, 8, 1)),
            WithVersion("2026.1", new DateOnly(2027, 8, 1)),
        ]));

        ex.Message.ShouldBe("Regelsæt 2026.1 findes flere gange.");
    }

    [TestCase(2026, 8, 1, "2026.1", TestName = "The_first_day_of_a_rule_set_is_in_its_force")]
    [TestCase(2027, 7, 31, "2026.1", TestName = "The_day_before_the_next_rule_set_is_still_under_the_previous")]
    [TestCase(2027, 8, 1, "2027.1", TestName = "The_next_rule_set_takes_over_on_its_valid_from_date")]
    [TestCase(2030, 1, 1, "2027.1", TestName = "The_latest_rule_set_stays_in_force_after_its_start")]
    [TestCase(2025, 1, 1, "2026.1", TestName = "Before_the_first_rule_set_the_first_one_applies")]
    public void InForceOn_picks_the_rule_set_valid_on_the_date(int year, int month, int day, string expected)
    {
        // Given out of order on purpose: the catalog sorts by validity.
        var catalog = new RuleSetCatalog([
            WithVersion("2027.1", new DateOnly(2027, 8, 1)),
            WithVersion("2026.1", new DateOnly(2026, 8, 1)),
        ]);

        catalog.InForceOn(new DateOnly(year, month, day)).Version.ShouldBe(expected);
    }

    [Test]
    public void InForceAt_reads_the_date_from_the_given_clock()
    {
        var catalog = new RuleSetCatalog([
            WithVersion("2026.1", new DateOnly(2026, 8, 1)),
            WithVersion("2027.1", new DateOnly(2027, 8, 1)),
        ]);

        catalog.InForceAt(new FixedClock(Times.At(2027, 7, 31, 12))).Version.ShouldBe("2026.1");
        catalog.InForceAt(new FixedClock(Times.At(2027, 8, 1, 12))).Version.ShouldBe("2027.1");
    }

    [Test]
    public void All_lists_the_rule_sets_oldest_first()
    {
        var catalog = new RuleSetCatalog([
            WithVersion("2027.1", new DateOnly(2027, 8, 1)),
            WithVersion("2026.1", new DateOnly(2026, 8, 1)),
        ]);

        catalog.All.Select(r => r.Version).ShouldBe(["2026.1", "2027.1"]);
    }

    [Test]
    public void Get_of_an_unknown_version_is_refused_in_Danish()
    {
        Should.Throw<KeyNotFoundException>(() => RuleSetCatalog.LoadEmbedded().Get("1999.1"))
            .Message.ShouldBe("Regelsæt 1999.1 findes ikke.");
    }
}
