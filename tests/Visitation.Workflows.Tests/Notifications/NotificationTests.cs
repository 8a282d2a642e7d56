using Visitation.Workflows.Access;
using Visitation.Workflows.Notifications;
using Visitation.Workflows.Tests.Support;

namespace Visitation.Workflows.Tests.Notifications;

public class NotificationTests
{
    private static readonly Guid School = Ids.Of(101);
    private static readonly Guid Offer = Ids.Of(201);

    private static Notification To(Role role, Guid? school = null, Guid? offer = null) =>
        new(Ids.Of(901), Times.At(2026, 9, 1), role, school, offer, "Titel", "Tekst", null, null);

    [Test]
    public void A_notification_to_a_schools_leader_reaches_that_schools_leader_only()
    {
        var notification = To(Role.DistrictSchoolLeader, school: School);

        notification.IsFor(Actor.SchoolLeader(Ids.Of(1), "Leder", School)).ShouldBeTrue();
        notification.IsFor(Actor.SchoolLeader(Ids.Of(2), "Anden leder", Ids.Of(102))).ShouldBeFalse();
        notification.IsFor(Actor.PsychologistFor(Ids.Of(3), "Psykolog", School)).ShouldBeFalse();
    }

    [Test]
    public void A_notification_to_a_role_without_scope_reaches_everyone_in_the_role()
    {
        var notification = To(Role.CommitteeMember);

        notification.IsFor(Actor.Committee(Ids.Of(1), "Et medlem")).ShouldBeTrue();
        notification.IsFor(Actor.Committee(Ids.Of(2), "Et andet medlem")).ShouldBeTrue();
        notification.IsFor(Actor.Admin(Ids.Of(3), "Admin")).ShouldBeFalse();
    }

    [Test]
    public void A_notification_to_an_offers_leader_reaches_that_offers_leader_only()
    {
        var notification = To(Role.OfferLeader, offer: Offer);

        notification.IsFor(Actor.OfferLeaderOf(Ids.Of(1), "Leder", Offer)).ShouldBeTrue();
        notification.IsFor(Actor.OfferLeaderOf(Ids.Of(2), "Anden leder", Ids.Of(202))).ShouldBeFalse();
    }

    [Test]
    public void A_new_leader_in_the_post_sees_what_was_sent_to_the_post()
    {
        var notification = To(Role.DistrictSchoolLeader, school: School);

        notification.IsFor(Actor.SchoolLeader(Ids.Of(99), "Ny leder", School)).ShouldBeTrue();
    }
}
