using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Tests.Support;

namespace Visitation.Workflows.Tests.Children;

public class ChildTests
{
    private static readonly CprNumber SyntheticCpr = CprNumber.Synthetic(new DateOnly(2016, 3, 14), new Random(1));

    [Test]
    public void A_child_has_one_or_two_guardians()
    {
        new Child(Ids.Of(1), "Barn", SyntheticCpr, Ids.Of(101), [Ids.Of(301)]).GuardianIds.Count.ShouldBe(1);
        new Child(Ids.Of(1), "Barn", SyntheticCpr, Ids.Of(101), [Ids.Of(301), Ids.Of(302)]).GuardianIds.Count.ShouldBe(2);
    }

    [Test]
    public void The_same_guardian_given_twice_counts_once()
    {
        new Child(Ids.Of(1), "Barn", SyntheticCpr, Ids.Of(101), [Ids.Of(301), Ids.Of(301)]).GuardianIds.ShouldBe([Ids.Of(301)]);
    }

    [Test]
    public void A_child_without_a_guardian_is_refused()
    {
        var ex = Should.Throw<InvalidInputException>(() => new Child(Ids.Of(1), "Barn", SyntheticCpr, Ids.Of(101), []));

        ex.Field.ShouldBe("guardianIds");
        ex.Message.ShouldBe("Et barn skal have én eller to forældremyndighedsindehavere.");
    }

    [Test]
    public void A_child_with_three_guardians_is_refused()
    {
        Should.Throw<InvalidInputException>(() => new Child(Ids.Of(1), "Barn", SyntheticCpr, Ids.Of(101), [Ids.Of(301), Ids.Of(302), Ids.Of(303)]))
            .Field.ShouldBe("guardianIds");
    }

    [Test]
    public void A_child_without_a_name_is_refused()
    {
        Should.Throw<InvalidInputException>(() => new Child(Ids.Of(1), "", SyntheticCpr, Ids.Of(101), [Ids.Of(301)])).Field.ShouldBe("name");
    }

    [Test]
    public void Placing_and_leaving_an_offer_sets_and_clears_the_current_offer()
    {
        var child = new Child(Ids.Of(1), "Barn", SyntheticCpr, Ids.Of(101), [Ids.Of(301)]);
        child.CurrentOfferId.ShouldBeNull();

        child.PlaceIn(Ids.Of(201));
        child.CurrentOfferId.ShouldBe(Ids.Of(201));

        child.LeaveOffer();
        child.CurrentOfferId.ShouldBeNull();
    }

    [Test]
    public void A_guardian_needs_a_name_and_an_address()
    {
        var cpr = CprNumber.Synthetic(new DateOnly(1985, 6, 1), new Random(2));

        Should.Throw<InvalidInputException>(() => new Guardian(Ids.Of(301), " ", cpr, "Testvej 1, 9999 Testby", null)).Field.ShouldBe("name");
        Should.Throw<InvalidInputException>(() => new Guardian(Ids.Of(301), "Forælder", cpr, "", null)).Field.ShouldBe("address");
        new Guardian(Ids.Of(301), " Forælder Syntetisk ", cpr, "Testvej 1, 9999 Testby", null).Name.ShouldBe("Forælder Syntetisk");
    }
}
