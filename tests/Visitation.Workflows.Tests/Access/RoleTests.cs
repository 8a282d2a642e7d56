using Visitation.Workflows.Access;

namespace Visitation.Workflows.Tests.Access;

public class RoleTests
{
    [TestCase(Role.CommitteeMember, "medlem af visitationsudvalget")]
    [TestCase(Role.DistrictSchoolLeader, "distriktsskoleleder")]
    [TestCase(Role.OfferLeader, "leder af specialtilbud")]
    [TestCase(Role.Psychologist, "psykolog")]
    [TestCase(Role.Guardian, "forælder")]
    [TestCase(Role.Administrator, "administrator")]
    public void Every_role_has_a_Danish_name(Role role, string danish)
    {
        role.Danish().ShouldBe(danish);
    }

    [Test]
    public void No_role_falls_back_to_its_code_name()
    {
        foreach (var role in Enum.GetValues<Role>())
            role.Danish().ShouldNotBe(role.ToString());
    }

    [Test]
    public void Actor_factories_scope_each_role()
    {
        var school = Guid.NewGuid();
        var offer = Guid.NewGuid();
        var child = Guid.NewGuid();

        Actor.SchoolLeader(Guid.NewGuid(), "S", school).SchoolIds.ShouldBe([school]);
        Actor.OfferLeaderOf(Guid.NewGuid(), "O", offer).OfferId.ShouldBe(offer);
        Actor.GuardianOf(Guid.NewGuid(), "G", child).ChildIds.ShouldBe([child]);
        Actor.PsychologistFor(Guid.NewGuid(), "P", school).SchoolIds.ShouldBe([school]);
        var committee = Actor.Committee(Guid.NewGuid(), "C");
        committee.SchoolIds.ShouldBeEmpty();
        committee.ChildIds.ShouldBeEmpty();
        committee.OfferId.ShouldBeNull();
        Actor.Admin(Guid.NewGuid(), "A").Role.ShouldBe(Role.Administrator);
    }
}
