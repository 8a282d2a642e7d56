using Visitation.Workflows.Allocation;
using Visitation.Workflows.Common;
using Visitation.Workflows.Schools;
using Visitation.Workflows.Tests.Support;

namespace Visitation.Workflows.Tests.Allocation;

public class CapacityLedgerTests
{
    private static readonly SpecialOffer Offer = new(Ids.Of(201), "Stjerneklassen", OfferCategory.Specialtilbud1, Ids.Of(101), 3);
    private static readonly SchoolYear Year = new(2026);
    private static readonly DateOnly AsOf = new(2026, 10, 1);

    // Placed since last year, no end planned.
    private static readonly SeatClaim Placed = new(Offer.Id, new DateOnly(2025, 8, 12), null, Ids.Of(1));
    // Started this August; full phase-out planned: last day before Christmas.
    private static readonly SeatClaim PhasingOut = new(Offer.Id, new DateOnly(2026, 8, 10), new DateOnly(2026, 12, 18), Ids.Of(2));
    // Decided, starts after New Year: pending.
    private static readonly SeatClaim Pending = new(Offer.Id, new DateOnly(2027, 1, 4), null, Ids.Of(3));

    private static CapacityLedger Ledger(params SeatClaim[] claims) => new([new OfferSeats(Offer.Id, Offer.Seats)], claims);

    [Test]
    public void Seats_are_held_by_placements_and_by_pending_decisions_and_freed_after_a_phase_out()
    {
        var ledger = Ledger(Placed, PhasingOut, Pending);

        ledger.TakenOn(Offer.Id, AsOf).ShouldBe(2);
        ledger.TakenOn(Offer.Id, new DateOnly(2026, 12, 18)).ShouldBe(2); // the last day still counts
        ledger.TakenOn(Offer.Id, new DateOnly(2026, 12, 19)).ShouldBe(1);
        ledger.TakenOn(Offer.Id, new DateOnly(2027, 1, 4)).ShouldBe(2);
        ledger.PeakTaken(Offer.Id, Year.FirstDay, Year.LastDay).ShouldBe(2);
    }

    [Test]
    public void A_school_years_summary_counts_start_peak_pending_phase_outs_and_seats_left()
    {
        var summary = Ledger(Placed, PhasingOut, Pending).ForSchoolYear(Offer.Id, Year, AsOf);

        summary.ShouldBe(new OfferYearCapacity(Offer.Id, Year, Seats: 3, TakenAtStart: 1, PeakTaken: 2, Pending: 1, PhasingOut: 1, SeatsLeft: 1));
    }

    [Test]
    public void A_seat_freed_at_Christmas_does_not_make_room_for_a_start_in_November()
    {
        var ledger = Ledger(Placed, PhasingOut, Pending, new SeatClaim(Offer.Id, new DateOnly(2026, 11, 2), null));

        // 2 November: Placed, PhasingOut and the new one hold all three seats.
        ledger.SeatsLeftFrom(Offer.Id, new DateOnly(2026, 11, 2)).ShouldBe(0);
        // After Christmas the phase-out's seat is free, but the pending start on 4 January takes it.
        ledger.SeatsLeftFrom(Offer.Id, new DateOnly(2026, 12, 21)).ShouldBe(0);
        // Without the pending decision the freed seat would be there.
        Ledger(Placed, PhasingOut, new SeatClaim(Offer.Id, new DateOnly(2026, 11, 2), null)).SeatsLeftFrom(Offer.Id, new DateOnly(2026, 12, 21)).ShouldBe(1);
    }

    [Test]
    public void Claims_of_the_next_school_year_do_not_fill_this_one()
    {
        var ledger = Ledger(Placed, PhasingOut, Pending, new SeatClaim(Offer.Id, new DateOnly(2027, 8, 9), null), new SeatClaim(Offer.Id, new DateOnly(2027, 8, 9), null));

        ledger.SeatsLeftFrom(Offer.Id, new DateOnly(2026, 11, 2)).ShouldBe(1);
        ledger.SeatsLeftFrom(Offer.Id, new DateOnly(2027, 8, 9)).ShouldBe(-1);
    }

    [Test]
    public void With_gives_a_new_ledger_and_leaves_the_old_one_alone()
    {
        var ledger = Ledger(Placed);

        var after = ledger.With(new SeatClaim(Offer.Id, new DateOnly(2026, 11, 2), null));

        after.SeatsLeftFrom(Offer.Id, new DateOnly(2026, 11, 2)).ShouldBe(1);
        ledger.SeatsLeftFrom(Offer.Id, new DateOnly(2026, 11, 2)).ShouldBe(2);
    }

    [Test]
    public void With_counts_the_claim_for_its_own_offer_only_even_one_without_claims_yet()
    {
        var other = Ids.Of(202);
        var ledger = new CapacityLedger([new OfferSeats(Offer.Id, 3), new OfferSeats(other, 2)], [Placed]);
        var start = new DateOnly(2026, 11, 2);

        var after = ledger.With(new SeatClaim(other, start, null)).With(new SeatClaim(other, start, null));

        after.SeatsLeftFrom(other, start).ShouldBe(0);
        after.SeatsLeftFrom(Offer.Id, start).ShouldBe(2);
        after.Claims(Offer.Id).ShouldBe([Placed]);
        ledger.SeatsLeftFrom(other, start).ShouldBe(2);
    }

    [Test]
    public void A_placement_with_room_passes_the_check()
    {
        var check = Ledger(Placed, PhasingOut, Pending).Check(Offer, new DateOnly(2026, 11, 2), null);

        check.ShouldBe(new CapacityCheck(Offer.Id, 3, 2, HasRoom: true, Overridden: false, Refusal: null));
        check.Allowed.ShouldBeTrue();
        check.SeatsLeft.ShouldBe(1);
    }

    [Test]
    public void A_placement_that_overfills_the_offer_is_refused_in_Danish_without_an_override()
    {
        var ledger = Ledger(Placed, PhasingOut, Pending, new SeatClaim(Offer.Id, new DateOnly(2026, 11, 2), null));

        var ex = Should.Throw<InvalidInputException>(() => ledger.EnsureRoomFor(Offer, new DateOnly(2026, 11, 16), null));

        ex.Field.ShouldBe("capacityOverride");
        ex.Message.ShouldBe("Stjerneklassen har 3 pladser, og 3 er optaget eller lovet væk i perioden 16. november 2026 til 31. juli 2027. " +
                            "En visitation dertil overfylder tilbuddet og kræver, at udvalget udtrykkeligt tilsidesætter kapaciteten med en begrundelse.");
    }

    [Test]
    public void An_override_with_a_reason_lets_the_overfilling_placement_through()
    {
        var ledger = Ledger(Placed, PhasingOut, Pending, new SeatClaim(Offer.Id, new DateOnly(2026, 11, 2), null));

        var check = ledger.EnsureRoomFor(Offer, new DateOnly(2026, 11, 16), new CapacityOverride("Akut behov; en plads frigøres i januar."));

        check.HasRoom.ShouldBeFalse();
        check.Overridden.ShouldBeTrue();
        check.Allowed.ShouldBeTrue();
    }

    [TestCase("")]
    [TestCase("   ")]
    public void An_override_without_a_reason_is_refused(string reason)
    {
        var ledger = Ledger(Placed, PhasingOut, Pending, new SeatClaim(Offer.Id, new DateOnly(2026, 11, 2), null));

        Should.Throw<InvalidInputException>(() => ledger.EnsureRoomFor(Offer, new DateOnly(2026, 11, 16), new CapacityOverride(reason)))
            .Message.ShouldEndWith("Skriv begrundelsen for at tilsidesætte kapaciteten.");
    }

    [Test]
    public void The_ledger_is_built_from_the_offers_seats_and_the_rule_sets_school_year()
    {
        var ledger = CapacityLedger.For([Offer], [Placed], ReferralScenario.CurrentRules);

        ledger.Seats(Offer.Id).ShouldBe(3);
        ledger.SchoolYearStartMonth.ShouldBe(8);
        ledger.ForSchoolYear(Year, AsOf).Single().SeatsLeft.ShouldBe(2);
    }
}
