using Visitation.Workflows.Access;
using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Revisitation;
using Visitation.Workflows.Tests.Support;
using static Visitation.Workflows.Tests.Revisitation.RevisitationScenario;

namespace Visitation.Workflows.Tests.Revisitation;

// Inside the namespace, so 'Placement' is the aggregate even if a sibling test namespace named Placement appears.
using Visitation.Workflows.Placements;

public class RevisitationOverdueTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);

    private RevisitationScenario _s = null!;
    private Guid _otherSchool;

    [SetUp]
    public void SetUp()
    {
        _s = new RevisitationScenario();
        _otherSchool = _s.OtherSchoolId;
    }

    private Placement PlacementDue(int n, DateOnly due, bool otherOffer = false, bool otherSchool = false)
    {
        var child = new Child(Ids.Of(10 + n), $"Barn {n}", CprNumber.Synthetic(new DateOnly(2015, 1, n), new Random(n)),
            otherSchool ? _otherSchool : _s.SchoolId, [Ids.Of(300 + n)]);
        return Placement.Register(Ids.Of(710 + n), child, otherOffer ? _s.OtherOffer : _s.Offer, PlacementStart, due.AddMonths(-12), ["Mål"],
            _s.Committee, CurrentRules, RegisteredAt);
    }

    [Test]
    public void The_overdue_list_gives_each_overdue_child_with_its_days_overdue_per_offer_and_for_the_municipality()
    {
        var a = PlacementDue(1, new DateOnly(2026, 11, 20));                     // 11 days
        var b = PlacementDue(2, new DateOnly(2026, 11, 30), otherOffer: true);   // 1 day
        var c = PlacementDue(3, new DateOnly(2026, 10, 2), otherOffer: true);    // 60 days
        var onTime = PlacementDue(4, Today);                                     // due today: not yet overdue
        var later = PlacementDue(5, new DateOnly(2027, 3, 1));

        var list = RevisitationOverdue.List([a, b, c, onTime, later], [], Today);

        list.Today.ShouldBe(Today);
        list.All.Select(i => (i.PlacementId, i.DaysOverdue)).ShouldBe([(c.Id, 60), (a.Id, 11), (b.Id, 1)]);
        list.PerOffer.Select(o => (o.OfferId, o.Count, o.MostDaysOverdue)).ShouldBe([(_s.OtherOfferId, 2, 60), (_s.OfferId, 1, 11)]);
        list.ForOffer(_s.OfferId).Items.ShouldHaveSingleItem().DueDate.ShouldBe(new DateOnly(2026, 11, 20));
        list.ForOffer(Ids.Of(299)).Count.ShouldBe(0);
    }

    [Test]
    public void The_overdue_list_shows_how_far_a_running_revisitation_has_come()
    {
        var c = _s.HandleplanSent();

        var item = RevisitationOverdue.List([_s.Placement], [c], Today).All.ShouldHaveSingleItem();

        item.CaseId.ShouldBe(c.Id);
        item.CaseState.ShouldBe(RevisitationState.HandleplanSent);
        item.ChildId.ShouldBe(_s.Child.Id);
        item.DistrictSchoolId.ShouldBe(_s.SchoolId);
        item.DaysOverdue.ShouldBe(11);
    }

    [Test]
    public void A_decided_revisitation_or_a_decided_full_return_is_not_overdue()
    {
        var decided = new RevisitationScenario();
        decided.Decided();
        var returning = new RevisitationScenario();
        var c = returning.RevisitationMeetingHeld();
        returning.Workflow.DecideEnd(c, returning.Placement, returning.OfferLeader, PhaseOutKind.Full, new DateOnly(2026, 12, 18), "Plan.", "Grund.",
            CurrentRules, DecidedAt);

        RevisitationOverdue.List([decided.Placement, returning.Placement], [], new DateOnly(2026, 12, 10)).All.ShouldBeEmpty();
    }

    [Test]
    public void The_day_is_the_Danish_day_from_the_clock()
    {
        // 30 minutes past midnight on 21 November in Denmark is still 20 November in UTC.
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 20, 23, 30, 0, TimeSpan.Zero));

        RevisitationOverdue.List([_s.Placement], [], clock).All.ShouldHaveSingleItem().DaysOverdue.ShouldBe(1);
    }

    [Test]
    public void Each_person_sees_the_overdue_children_they_may_see()
    {
        var own = PlacementDue(1, new DateOnly(2026, 11, 20));
        var ownOtherSchool = PlacementDue(2, new DateOnly(2026, 11, 20), otherSchool: true);
        var otherOffer = PlacementDue(3, new DateOnly(2026, 11, 20), otherOffer: true);
        var list = RevisitationOverdue.List([own, ownOtherSchool, otherOffer], [], Today);

        list.VisibleTo(_s.Committee).All.Count.ShouldBe(3);
        list.VisibleTo(_s.OfferLeader).All.Select(i => i.PlacementId).ShouldBe([own.Id, ownOtherSchool.Id], ignoreOrder: true);
        list.VisibleTo(_s.SchoolLeader).All.Select(i => i.PlacementId).ShouldBe([own.Id, otherOffer.Id], ignoreOrder: true);
        list.VisibleTo(_s.SchoolLeader).PerOffer.Count.ShouldBe(2);
        list.VisibleTo(_s.Guardian).All.ShouldBeEmpty();
        list.VisibleTo(_s.Admin).All.ShouldBeEmpty();
        list.VisibleTo(Actor.OfferLeaderOf(Ids.Of(599), "Tredje leder", Ids.Of(299))).All.ShouldBeEmpty();
    }
}
