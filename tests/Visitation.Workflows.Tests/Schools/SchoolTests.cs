using Visitation.Workflows.Common;
using Visitation.Workflows.Schools;
using Visitation.Workflows.Tests.Support;

namespace Visitation.Workflows.Tests.Schools;

public class SchoolTests
{
    [Test]
    public void Distance_between_two_points_is_the_great_circle_distance_in_kilometres()
    {
        var copenhagen = new GeoPoint(55.6761, 12.5683);
        var aarhus = new GeoPoint(56.1629, 10.2039);

        copenhagen.KilometresTo(aarhus).ShouldBe(157, tolerance: 2);
        aarhus.KilometresTo(copenhagen).ShouldBe(copenhagen.KilometresTo(aarhus), tolerance: 1e-9);
        copenhagen.KilometresTo(copenhagen).ShouldBe(0, tolerance: 1e-9);
    }

    [Test]
    public void A_school_needs_a_name_and_an_address()
    {
        var location = new GeoPoint(55.0, 10.0);

        Should.Throw<InvalidInputException>(() => new School(Ids.Of(101), "", "Skolevej 1", location, true)).Field.ShouldBe("name");
        Should.Throw<InvalidInputException>(() => new School(Ids.Of(101), "Testskolen", " ", location, true)).Field.ShouldBe("address");
    }

    [Test]
    public void A_new_special_offer_is_active_with_its_seats()
    {
        var offer = new SpecialOffer(Ids.Of(201), "Testklassen", OfferCategory.Specialtilbud2, Ids.Of(101), 10);

        offer.IsActive.ShouldBeTrue();
        offer.Seats.ShouldBe(10);
        offer.Revision.ShouldBe(0);
    }

    [TestCase(0)]
    [TestCase(-3)]
    public void A_special_offer_needs_at_least_one_seat(int seats)
    {
        Should.Throw<InvalidInputException>(() => new SpecialOffer(Ids.Of(201), "Testklassen", OfferCategory.Specialtilbud1, Ids.Of(101), seats))
            .Field.ShouldBe("seats");
    }

    [Test]
    public void Changing_an_offer_bumps_its_revision()
    {
        var offer = new SpecialOffer(Ids.Of(201), "Testklassen", OfferCategory.Kursustilbud, Ids.Of(101), 10);

        offer.Change("Sprogkurset", 6, isActive: false);

        offer.Name.ShouldBe("Sprogkurset");
        offer.Seats.ShouldBe(6);
        offer.IsActive.ShouldBeFalse();
        offer.Revision.ShouldBe(1);
    }

    [Test]
    public void An_invalid_change_leaves_the_offer_as_it_was()
    {
        var offer = new SpecialOffer(Ids.Of(201), "Testklassen", OfferCategory.Kursustilbud, Ids.Of(101), 10);

        Should.Throw<InvalidInputException>(() => offer.Change("Sprogkurset", 0, isActive: true));

        offer.Seats.ShouldBe(10);
        offer.Revision.ShouldBe(0);
    }

    [TestCase(OfferCategory.Specialtilbud1, "Specialtilbud 1")]
    [TestCase(OfferCategory.Specialtilbud2, "Specialtilbud 2")]
    [TestCase(OfferCategory.Vidtgaaende, "Vidtgående specialtilbud")]
    [TestCase(OfferCategory.Kursustilbud, "Kursustilbud")]
    public void Every_offer_category_has_a_Danish_name(OfferCategory category, string danish)
    {
        category.Danish().ShouldBe(danish);
    }
}
