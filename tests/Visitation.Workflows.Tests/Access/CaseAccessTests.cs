using Visitation.Workflows.Access;
using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Tests.Support;
using static Visitation.Workflows.Tests.Support.ReferralScenario;

namespace Visitation.Workflows.Tests.Access;

public class CaseAccessTests
{
    private ReferralScenario _s = null!;

    [SetUp]
    public void SetUp() => _s = new ReferralScenario();

    private Child ChildAtOtherSchool() =>
        new(Ids.Of(3), "Fjernt Barn", CprNumber.Synthetic(new DateOnly(2014, 1, 20), new Random(1)), _s.OtherSchoolId, [Ids.Of(303)]);

    // ---- Committee ----

    [Test]
    public void Committee_reads_every_child_and_referral()
    {
        CaseAccess.CanReadChild(_s.Committee, _s.Child).ShouldBeTrue();
        CaseAccess.CanReadChild(_s.Committee, ChildAtOtherSchool()).ShouldBeTrue();
        CaseAccess.CanReadReferral(_s.Committee, _s.Draft()).ShouldBeTrue();
    }

    // ---- District school leader and psychologist ----

    [Test]
    public void School_leader_reads_children_and_referrals_of_their_own_school_only()
    {
        var referral = _s.Draft();

        CaseAccess.CanReadChild(_s.SchoolLeader, _s.Child).ShouldBeTrue();
        CaseAccess.CanReadReferral(_s.SchoolLeader, referral).ShouldBeTrue();
        CaseAccess.CanReadChild(_s.OtherSchoolLeader, _s.Child).ShouldBeFalse();
        CaseAccess.CanReadReferral(_s.OtherSchoolLeader, referral).ShouldBeFalse();
        CaseAccess.CanReadChild(_s.SchoolLeader, ChildAtOtherSchool()).ShouldBeFalse();
    }

    [Test]
    public void Psychologist_reads_children_and_referrals_of_the_schools_they_serve()
    {
        var referral = _s.Draft();
        var servesBoth = Actor.PsychologistFor(Ids.Of(520), "Psykolog for to skoler", _s.OtherSchoolId, _s.SchoolId);

        CaseAccess.CanReadChild(_s.Psychologist, _s.Child).ShouldBeTrue();
        CaseAccess.CanReadReferral(_s.Psychologist, referral).ShouldBeTrue();
        CaseAccess.CanReadChild(_s.OtherPsychologist, _s.Child).ShouldBeFalse();
        CaseAccess.CanReadReferral(_s.OtherPsychologist, referral).ShouldBeFalse();
        CaseAccess.CanReadChild(servesBoth, _s.Child).ShouldBeTrue();
        CaseAccess.CanReadChild(servesBoth, ChildAtOtherSchool()).ShouldBeTrue();
    }

    // ---- Offer leader ----

    [Test]
    public void Offer_leader_reads_a_child_only_while_it_attends_their_offer()
    {
        CaseAccess.CanReadChild(_s.OfferLeader, _s.Child).ShouldBeFalse();

        _s.Child.PlaceIn(_s.OfferId);
        CaseAccess.CanReadChild(_s.OfferLeader, _s.Child).ShouldBeTrue();
        CaseAccess.CanReadChild(_s.ActorFor(Role.OfferLeader, inScope: false), _s.Child).ShouldBeFalse();

        _s.Child.LeaveOffer();
        CaseAccess.CanReadChild(_s.OfferLeader, _s.Child).ShouldBeFalse();
    }

    [Test]
    public void Offer_leader_reads_a_referral_decided_as_placement_in_their_offer()
    {
        var referral = _s.DecidedPlacement();

        CaseAccess.CanReadReferral(_s.OfferLeader, referral).ShouldBeTrue();
        CaseAccess.CanReadReferral(_s.ActorFor(Role.OfferLeader, inScope: false), referral).ShouldBeFalse();
    }

    [Test]
    public void Offer_leader_does_not_read_a_referral_before_a_placement_decision()
    {
        CaseAccess.CanReadReferral(_s.OfferLeader, _s.OnAgenda()).ShouldBeFalse();
        CaseAccess.CanReadReferral(_s.OfferLeader, new ReferralScenario().DecidedReturnToGeneral()).ShouldBeFalse();

        var postponed = new ReferralScenario();
        var referral = postponed.OnAgenda();
        postponed.Perform(ReferralTrigger.Postpone, referral, postponed.Committee);
        CaseAccess.CanReadReferral(postponed.OfferLeader, referral).ShouldBeFalse();
    }

    [Test]
    public void An_offer_leader_without_an_offer_reads_no_child_outside_an_offer()
    {
        var noOffer = new Actor(Ids.Of(521), "Tilbudsleder uden tilbud", Role.OfferLeader, new HashSet<Guid>(), null, new HashSet<Guid>());

        CaseAccess.CanReadChild(noOffer, _s.Child).ShouldBeFalse();
    }

    // ---- Guardian ----

    [Test]
    public void Guardian_reads_their_own_childs_case()
    {
        CaseAccess.CanReadChild(_s.Guardian, _s.Child).ShouldBeTrue();
        CaseAccess.CanReadReferral(_s.Guardian, _s.Draft()).ShouldBeTrue();
    }

    [Test]
    public void Guardian_never_reads_another_familys_child_even_at_the_same_school()
    {
        _s.NeighboursChild.DistrictSchoolId.ShouldBe(_s.Child.DistrictSchoolId);

        CaseAccess.CanReadChild(_s.OtherGuardian, _s.Child).ShouldBeFalse();
        CaseAccess.CanReadReferral(_s.OtherGuardian, _s.Draft()).ShouldBeFalse();
        CaseAccess.CanReadChild(_s.Guardian, _s.NeighboursChild).ShouldBeFalse();
    }

    [Test]
    public void A_guardian_of_two_children_reads_both()
    {
        var parentOfTwo = Actor.GuardianOf(Ids.Of(522), "Forælder til to", _s.Child.Id, _s.NeighboursChild.Id);

        CaseAccess.CanReadChild(parentOfTwo, _s.Child).ShouldBeTrue();
        CaseAccess.CanReadChild(parentOfTwo, _s.NeighboursChild).ShouldBeTrue();
    }

    // ---- Administrator ----

    [Test]
    public void Administrator_keeps_the_system_but_reads_no_case()
    {
        _s.Child.PlaceIn(_s.OfferId);

        CaseAccess.CanReadChild(_s.Admin, _s.Child).ShouldBeFalse();
        CaseAccess.CanReadReferral(_s.Admin, _s.DecidedPlacement()).ShouldBeFalse();
    }

    // ---- Access log (GDPR art. 15) ----

    [Test]
    public void Administrator_reads_the_access_log_of_any_child_to_export_it()
    {
        CaseAccess.CanReadAccessLog(_s.Admin, _s.Child.Id).ShouldBeTrue();
        CaseAccess.CanReadAccessLog(_s.Admin, _s.NeighboursChild.Id).ShouldBeTrue();
    }

    [Test]
    public void Guardian_reads_the_access_log_of_their_own_child_only()
    {
        CaseAccess.CanReadAccessLog(_s.Guardian, _s.Child.Id).ShouldBeTrue();
        CaseAccess.CanReadAccessLog(_s.Guardian, _s.NeighboursChild.Id).ShouldBeFalse();
        CaseAccess.CanReadAccessLog(_s.OtherGuardian, _s.Child.Id).ShouldBeFalse();
    }

    [TestCase(Role.CommitteeMember)]
    [TestCase(Role.DistrictSchoolLeader)]
    [TestCase(Role.Psychologist)]
    [TestCase(Role.OfferLeader)]
    public void Case_workers_do_not_read_the_access_log(Role role)
    {
        _s.Child.PlaceIn(_s.OfferId);

        CaseAccess.CanReadAccessLog(_s.ActorFor(role, inScope: true), _s.Child.Id).ShouldBeFalse();
    }

    [Test]
    public void Reading_a_referral_follows_its_district_school_and_child_not_the_actors_other_scopes()
    {
        var referral = _s.Draft();
        var leaderOfOtherSchoolWithChildIds = _s.OtherSchoolLeader with { ChildIds = new HashSet<Guid> { _s.Child.Id } };

        CaseAccess.CanReadReferral(leaderOfOtherSchoolWithChildIds, referral).ShouldBeFalse();
    }
}
