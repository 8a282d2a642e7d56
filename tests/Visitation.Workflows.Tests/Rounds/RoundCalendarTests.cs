using Visitation.Workflows.Common;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Schools;
using Visitation.Workflows.Tests.Support;
using static Visitation.Workflows.Tests.Support.ReferralScenario;

namespace Visitation.Workflows.Tests.Rounds;

public class RoundCalendarTests
{
    private static readonly DateTimeOffset PlannedAt = Times.At(2026, 6, 1);

    private static IReadOnlyList<VisitationRound> SchoolYear2026()
    {
        var n = 900;
        return RoundCalendar.Generate(CurrentRules, 2026, PlannedAt, () => Ids.Of(n++));
    }

    private static DateOnly Day(DateTimeOffset at) => DanishTime.Date(at);

    // ---- Cadence generation ----

    [Test]
    public void A_school_year_has_the_rule_sets_rounds_per_kind_plus_one_continuous_round()
    {
        var rounds = SchoolYear2026();

        // Specialtilbud 1 and 2 share the three regular rounds; vidtgående once; kursustilbud six times.
        rounds.Count(r => r.Kind == RoundKind.Regular).ShouldBe(3);
        rounds.Count(r => r.Kind == RoundKind.Annual).ShouldBe(1);
        rounds.Count(r => r.Kind == RoundKind.Frequent).ShouldBe(6);
        rounds.Count(r => r.Kind == RoundKind.Continuous).ShouldBe(1);
        rounds.Count.ShouldBe(11);
    }

    [Test]
    public void Every_round_lies_inside_the_school_year_and_none_touches_July()
    {
        var year = new SchoolYear(2026);

        foreach (var round in SchoolYear2026())
        {
            foreach (var at in new[] { round.ReferralDeadline, round.TriageMeetingAt, round.CommitteeMeetingAt })
            {
                year.Contains(at).ShouldBeTrue(round.Name);
                Day(at).Month.ShouldNotBe(7, round.Name);
            }
        }
    }

    [Test]
    public void Triage_follows_the_deadline_and_the_committee_follows_triage_by_the_rule_sets_days()
    {
        foreach (var round in SchoolYear2026())
        {
            round.ReferralDeadline.ShouldBeLessThan(round.TriageMeetingAt);
            round.TriageMeetingAt.ShouldBeLessThan(round.CommitteeMeetingAt);
            (Day(round.TriageMeetingAt).DayNumber - Day(round.ReferralDeadline).DayNumber).ShouldBe(CurrentRules.Rounds.TriageDaysAfterReferralDeadline);
            (Day(round.CommitteeMeetingAt).DayNumber - Day(round.TriageMeetingAt).DayNumber).ShouldBe(CurrentRules.Rounds.CommitteeDaysAfterTriage);
        }
    }

    [Test]
    public void Deadlines_fall_at_noon_and_all_dates_on_working_days_outside_the_Christmas_break()
    {
        foreach (var round in SchoolYear2026())
        {
            DanishTime.Local(round.ReferralDeadline).TimeOfDay.ShouldBe(TimeSpan.FromHours(12));
            DanishTime.Local(round.TriageMeetingAt).TimeOfDay.ShouldBe(TimeSpan.FromHours(9));
            DanishTime.Local(round.CommitteeMeetingAt).TimeOfDay.ShouldBe(TimeSpan.FromHours(13));
            foreach (var day in new[] { Day(round.ReferralDeadline), Day(round.TriageMeetingAt), Day(round.CommitteeMeetingAt) })
            {
                DanishHolidays.IsWorkingDay(day).ShouldBeTrue($"{round.Name}: {day}");
                (day is { Month: 12, Day: >= 22 } or { Month: 1, Day: <= 2 }).ShouldBeFalse($"{round.Name}: {day}");
            }
        }
    }

    [Test]
    public void The_rounds_of_a_kind_are_spread_evenly_over_the_school_year()
    {
        var rounds = SchoolYear2026();

        foreach (var kind in new[] { RoundKind.Regular, RoundKind.Frequent })
        {
            var deadlines = rounds.Where(r => r.Kind == kind).Select(r => Day(r.ReferralDeadline)).ToList();
            var gaps = deadlines.Zip(deadlines.Skip(1), (a, b) => b.DayNumber - a.DayNumber).ToList();
            // August to June is about 320 days; n rounds sit about 320/n days apart. The spread is over working
            // days, so Christmas and Easter stretch the gaps around them.
            var expected = 320.0 / deadlines.Count;
            foreach (var gap in gaps) ((double)gap).ShouldBe(expected, tolerance: expected * 0.4, kind.ToString());
        }
        var regular = rounds.Where(r => r.Kind == RoundKind.Regular).Select(r => Day(r.ReferralDeadline).Month).ToList();
        regular.ShouldBe([9, 1, 4]); // autumn, winter, spring
    }

    [Test]
    public void Rounds_are_named_in_Danish_with_number_school_year_and_categories()
    {
        var names = SchoolYear2026().Select(r => r.Name).ToList();

        names.ShouldContain("Runde 1, skoleåret 2026/27 – Specialtilbud 1 og 2");
        names.ShouldContain("Runde 3, skoleåret 2026/27 – Specialtilbud 1 og 2");
        names.ShouldContain("Årlig runde, skoleåret 2026/27 – Vidtgående specialtilbud");
        names.ShouldContain("Runde 6, skoleåret 2026/27 – Kursustilbud");
        names.ShouldContain("Løbende visitation af tilflyttere, skoleåret 2026/27");
        names.Distinct().Count().ShouldBe(names.Count);
    }

    [Test]
    public void Each_round_knows_the_offer_categories_it_serves()
    {
        var rounds = SchoolYear2026();

        rounds.Where(r => r.Kind == RoundKind.Regular).ShouldAllBe(r => r.Categories.SequenceEqual(new[] { OfferCategory.Specialtilbud1, OfferCategory.Specialtilbud2 }));
        rounds.Single(r => r.Kind == RoundKind.Annual).Categories.ShouldBe([OfferCategory.Vidtgaaende]);
        rounds.Where(r => r.Kind == RoundKind.Frequent).ShouldAllBe(r => r.Categories.SequenceEqual(new[] { OfferCategory.Kursustilbud }));
        rounds.Single(r => r.Kind == RoundKind.Continuous).Categories.ShouldBe(Enum.GetValues<OfferCategory>());
        rounds.Single(r => r.Kind == RoundKind.Annual).Serves(OfferCategory.Specialtilbud1).ShouldBeFalse();
    }

    [Test]
    public void Generated_rounds_are_open_ordered_by_deadline_and_carry_their_reminders()
    {
        var rounds = SchoolYear2026();

        rounds.ShouldAllBe(r => r.Status == RoundStatus.Open);
        rounds.Select(r => r.ReferralDeadline).ShouldBeInOrder();
        rounds.Select(r => r.Id).ShouldBe(Enumerable.Range(900, 11).Select(Ids.Of), ignoreOrder: true);
        foreach (var round in rounds.Where(r => r.Kind != RoundKind.Continuous))
            round.DeadlineChanges.ShouldBe([new ScheduleDeadline(DeadlineKind.RoundDeadlineReminder, round.Id, round.ReferralDeadline.AddDays(-7))]);
        rounds.Single(r => r.Kind == RoundKind.Continuous).DeadlineChanges.ShouldBeEmpty();
    }

    [Test]
    public void Without_continuous_intake_there_is_no_round_for_children_moving_in()
    {
        var rules = CurrentRules with { Rounds = CurrentRules.Rounds with { ContinuousIntakeForNewResidents = false } };

        RoundCalendar.Generate(rules, 2026, PlannedAt).ShouldNotContain(r => r.Kind == RoundKind.Continuous);
    }

    [Test]
    public void A_school_year_that_starts_in_January_still_keeps_clear_of_July()
    {
        var rules = CurrentRules with { Rounds = CurrentRules.Rounds with { SchoolYearStartMonth = 1 } };

        var rounds = RoundCalendar.Generate(rules, 2027, PlannedAt);

        rounds.Count.ShouldBe(11);
        rounds.ShouldAllBe(r => Day(r.ReferralDeadline).Year == 2027 && Day(r.CommitteeMeetingAt).Year == 2027);
        rounds.ShouldAllBe(r => Day(r.ReferralDeadline).Month != 7 && Day(r.TriageMeetingAt).Month != 7 && Day(r.CommitteeMeetingAt).Month != 7);
        rounds.First().Name.ShouldEndWith("skoleåret 2027 – Kursustilbud");
    }

    [Test]
    public void Twelve_rounds_a_year_fit_between_August_and_June()
    {
        var rules = CurrentRules with
        {
            Rounds = CurrentRules.Rounds with { Cadences = [.. CurrentRules.Rounds.Cadences.Select(c => c with { RoundsPerYear = 12 })] },
        };

        var rounds = RoundCalendar.Generate(rules, 2026, PlannedAt).Where(r => r.Kind == RoundKind.Regular).ToList();

        rounds.Count.ShouldBe(12);
        rounds.Select(r => r.ReferralDeadline).Distinct().Count().ShouldBe(12);
    }

    [Test]
    public void Category_names_are_joined_the_Danish_way()
    {
        RoundCalendar.CategoryNames([OfferCategory.Specialtilbud2, OfferCategory.Specialtilbud1]).ShouldBe("Specialtilbud 1 og 2");
        RoundCalendar.CategoryNames([OfferCategory.Kursustilbud, OfferCategory.Specialtilbud1]).ShouldBe("Specialtilbud 1, Kursustilbud");
        RoundCalendar.CategoryNames([OfferCategory.Vidtgaaende]).ShouldBe("Vidtgående specialtilbud");
    }

    // ---- Choosing the round for a referral ----

    private static VisitationRound Regular(IReadOnlyList<VisitationRound> rounds, int number) =>
        rounds.Single(r => r.Name.StartsWith($"Runde {number}, ", StringComparison.Ordinal) && r.Kind == RoundKind.Regular);

    [Test]
    public void A_referral_completed_before_a_deadline_joins_that_round()
    {
        var rounds = SchoolYear2026();
        var first = Regular(rounds, 1);

        var choice = RoundCalendar.NextRoundFor(first.ReferralDeadline.AddDays(-3), OfferCategory.Specialtilbud2, rounds);

        choice.Round.ShouldBe(first);
        choice.IsLate.ShouldBeFalse();
        choice.MessageToSchool.ShouldBe(
            "Henvisningen er tilknyttet Runde 1, skoleåret 2026/27 – Specialtilbud 1 og 2 med henvisningsfrist 16. september 2026 kl. 12.00. " +
            "Fordelingsmødet er 23. september 2026, og visitationsudvalget behandler sagen på mødet 30. september 2026.");
    }

    [Test]
    public void A_referral_completed_exactly_at_the_deadline_is_in_time()
    {
        var rounds = SchoolYear2026();
        var first = Regular(rounds, 1);

        RoundCalendar.NextRoundFor(first.ReferralDeadline, OfferCategory.Specialtilbud1, rounds).Round.ShouldBe(first);
    }

    [Test]
    public void A_late_referral_joins_the_following_round_and_the_school_is_told_which_and_why()
    {
        var rounds = SchoolYear2026();
        var first = Regular(rounds, 1);
        var second = Regular(rounds, 2);

        var choice = RoundCalendar.NextRoundFor(first.ReferralDeadline.AddHours(2), OfferCategory.Specialtilbud1, rounds);

        choice.Round.ShouldBe(second);
        choice.Missed.ShouldBe(first);
        choice.IsLate.ShouldBeTrue();
        choice.MessageToSchool.ShouldBe(
            "Henvisningen blev indsendt komplet 16. september 2026 kl. 14.00, efter henvisningsfristen for " +
            "Runde 1, skoleåret 2026/27 – Specialtilbud 1 og 2 (16. september 2026 kl. 12.00). " +
            "Den er derfor tilknyttet den følgende runde, Runde 2, skoleåret 2026/27 – Specialtilbud 1 og 2. " +
            "Fordelingsmødet er 19. januar 2027, og visitationsudvalget behandler sagen på mødet 26. januar 2027.");
    }

    [Test]
    public void A_referral_between_one_rounds_committee_and_the_next_deadline_is_not_late()
    {
        var rounds = SchoolYear2026();

        var choice = RoundCalendar.NextRoundFor(Regular(rounds, 1).CommitteeMeetingAt.AddDays(1), OfferCategory.Specialtilbud1, rounds);

        choice.Round.ShouldBe(Regular(rounds, 2));
        choice.IsLate.ShouldBeFalse();
    }

    [Test]
    public void The_round_is_chosen_among_those_serving_the_category()
    {
        var rounds = SchoolYear2026();
        var at = Times.At(2026, 9, 1);

        RoundCalendar.NextRoundFor(at, OfferCategory.Vidtgaaende, rounds).Round.Kind.ShouldBe(RoundKind.Annual);
        RoundCalendar.NextRoundFor(at, OfferCategory.Kursustilbud, rounds).Round.Name.ShouldBe("Runde 2, skoleåret 2026/27 – Kursustilbud");
        RoundCalendar.NextRoundFor(at, RoundKind.Frequent, rounds).Round.Name.ShouldBe("Runde 2, skoleåret 2026/27 – Kursustilbud");
    }

    [Test]
    public void A_closed_round_is_passed_over()
    {
        var rounds = SchoolYear2026();
        Regular(rounds, 1).Close();

        RoundCalendar.NextRoundFor(Times.At(2026, 9, 1), OfferCategory.Specialtilbud1, rounds).Round.ShouldBe(Regular(rounds, 2));
    }

    [Test]
    public void A_child_moving_into_the_municipality_joins_the_continuous_round()
    {
        var rounds = SchoolYear2026();

        var choice = RoundCalendar.NextRoundFor(Times.At(2026, 11, 3), OfferCategory.Vidtgaaende, rounds, newResident: true);

        choice.Round.Kind.ShouldBe(RoundKind.Continuous);
        choice.IsLate.ShouldBeFalse();
        choice.MessageToSchool.ShouldStartWith("Barnet er flyttet til kommunen, så henvisningen er tilknyttet Løbende visitation af tilflyttere");
    }

    [Test]
    public void Without_a_later_round_the_referral_is_refused_in_Danish()
    {
        var rounds = SchoolYear2026();

        Should.Throw<WrongStateException>(() => RoundCalendar.NextRoundFor(Times.At(2027, 6, 20), OfferCategory.Specialtilbud1, rounds))
            .Message.ShouldBe("Der er ingen åben visitationsrunde for Specialtilbud 1 med henvisningsfrist efter 20. juni 2027 kl. 09.00. " +
                              "Kommunen skal planlægge de næste runder, før henvisningen kan tilknyttes.");
    }

    [Test]
    public void A_round_planned_by_hand_without_categories_serves_every_category()
    {
        var s = new ReferralScenario();

        s.AutumnRound.Categories.ShouldBeEmpty();
        Enum.GetValues<OfferCategory>().ShouldAllBe(c => s.AutumnRound.Serves(c));
        RoundCalendar.NextRoundFor(SubmittedAt, OfferCategory.Vidtgaaende, [s.WinterRound, s.AutumnRound]).Round.ShouldBe(s.AutumnRound);
    }

    [Test]
    public void A_round_keeps_each_category_once_and_refuses_an_unknown_one()
    {
        var round = new VisitationRound(Ids.Of(401), "Runde", RoundKind.Regular, Times.At(2026, 10, 1), Times.At(2026, 10, 8), Times.At(2026, 10, 15),
            [OfferCategory.Specialtilbud2, OfferCategory.Specialtilbud1, OfferCategory.Specialtilbud2]);

        round.Categories.ShouldBe([OfferCategory.Specialtilbud1, OfferCategory.Specialtilbud2]);
        Should.Throw<InvalidInputException>(() => new VisitationRound(Ids.Of(401), "Runde", RoundKind.Regular, Times.At(2026, 10, 1),
            Times.At(2026, 10, 8), Times.At(2026, 10, 15), [(OfferCategory)42])).Field.ShouldBe("categories");
    }

    [Test]
    public void The_referrals_completion_time_decides_and_the_workflow_accepts_the_chosen_round()
    {
        var s = new ReferralScenario();
        var referral = s.Complete();

        var choice = RoundCalendar.NextRoundFor(referral, OfferCategory.Specialtilbud1, [s.WinterRound, s.AutumnRound]);
        s.Workflow.AssignToRound(referral, s.Committee, choice.Round, referral.CompletedAt!.Value);

        referral.RoundId.ShouldBe(s.AutumnRound.Id);
        referral.State.ShouldBe(ReferralState.AssignedToRound);
    }

    [Test]
    public void A_referral_not_yet_complete_has_no_round()
    {
        var s = new ReferralScenario();

        Should.Throw<WrongStateException>(() => RoundCalendar.NextRoundFor(s.Incomplete(ReferralPartType.PPV), OfferCategory.Specialtilbud1, [s.AutumnRound]))
            .Message.ShouldBe("Henvisningen er ikke indsendt komplet endnu og kan ikke tilknyttes en runde.");
    }
}
