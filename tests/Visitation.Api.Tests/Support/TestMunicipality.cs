using Visitation.Api.Infrastructure.Auth;
using Visitation.Workflows.Access;
using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Rules;
using Visitation.Workflows.Schools;

namespace Visitation.Api.Tests.Support;

/// <summary>
/// A small synthetic municipality, fresh ids every time: two district schools (A and B), a host school
/// with two offers, a child at each district school, a placed child, rounds, and one user per role
/// and scope. Tests that share a database never see each other's cases.
/// </summary>
public sealed class TestMunicipality
{
    private static int _cprSequence;

    public required School SchoolA { get; init; }
    public required School SchoolB { get; init; }
    public required School HostSchool { get; init; }
    public required SpecialOffer Offer { get; init; }
    public required SpecialOffer OtherOffer { get; init; }
    public required Guardian GuardianA1 { get; init; }
    public required Guardian GuardianA2 { get; init; }
    public required Guardian GuardianB { get; init; }
    public required Child ChildA { get; init; }
    public required Child ChildB { get; init; }
    public required Child PlacedChild { get; init; }
    public required VisitationRound OpenRound { get; init; }
    public required VisitationRound LaterRound { get; init; }
    public required VisitationRound ClosedForReferralsRound { get; init; }
    public required AppUser Committee { get; init; }
    public required AppUser LeaderA { get; init; }
    public required AppUser LeaderB { get; init; }
    public required AppUser OfferLeader { get; init; }
    public required AppUser OtherOfferLeader { get; init; }
    public required AppUser PsychologistA { get; init; }
    public required AppUser PsychologistB { get; init; }
    public required AppUser ParentA { get; init; }
    public required AppUser ParentB { get; init; }
    public required AppUser Admin { get; init; }

    public IEnumerable<AppUser> Users => [Committee, LeaderA, LeaderB, OfferLeader, OtherOfferLeader, PsychologistA, PsychologistB, ParentA, ParentB, Admin];

    public static async Task<TestMunicipality> CreateAsync(VisitationApp app)
    {
        var now = DateTimeOffset.UtcNow;
        var rules = RuleSetCatalog.LoadEmbedded().InForceAt(TimeProvider.System);
        var schoolA = new School(Guid.NewGuid(), "Testskolen A", "Prøvevej 1, 7100 Testby", new GeoPoint(55.70, 9.50), true);
        var schoolB = new School(Guid.NewGuid(), "Testskolen B", "Prøvevej 2, 7100 Testby", new GeoPoint(55.75, 9.60), true);
        var host = new School(Guid.NewGuid(), "Værtsskolen", "Prøvevej 3, 7100 Testby", new GeoPoint(55.72, 9.55), false);
        var offer = new SpecialOffer(Guid.NewGuid(), "Testtilbud 1", OfferCategory.Specialtilbud1, host.Id, 40);
        var otherOffer = new SpecialOffer(Guid.NewGuid(), "Testtilbud 2", OfferCategory.Specialtilbud2, host.Id, 20);
        var gA1 = NewGuardian("Forælder A1");
        var gA2 = NewGuardian("Forælder A2");
        var gB = NewGuardian("Forælder B");
        var gP = NewGuardian("Forælder P");
        var childA = new Child(Guid.NewGuid(), "Barn A", NextCpr(), schoolA.Id, [gA1.Id, gA2.Id]);
        var childB = new Child(Guid.NewGuid(), "Barn B", NextCpr(), schoolB.Id, [gB.Id]);
        var placed = new Child(Guid.NewGuid(), "Barn P", NextCpr(), schoolB.Id, [gP.Id]);
        placed.PlaceIn(offer.Id);
        var open = VisitationRound.Plan(Guid.NewGuid(), "Testrunde", RoundKind.Regular, now.AddDays(14), now.AddDays(17), now.AddDays(24), rules, now);
        var later = VisitationRound.Plan(Guid.NewGuid(), "Senere testrunde", RoundKind.Regular, now.AddDays(60), now.AddDays(63), now.AddDays(70), rules, now);
        var closed = VisitationRound.Plan(Guid.NewGuid(), "Runde med overskredet frist", RoundKind.Regular, now.AddDays(-2), now.AddDays(3), now.AddDays(10), rules, now);

        var town = new TestMunicipality
        {
            SchoolA = schoolA, SchoolB = schoolB, HostSchool = host, Offer = offer, OtherOffer = otherOffer,
            GuardianA1 = gA1, GuardianA2 = gA2, GuardianB = gB, ChildA = childA, ChildB = childB, PlacedChild = placed,
            OpenRound = open, LaterRound = later, ClosedForReferralsRound = closed,
            Committee = User("Udvalgsmedlem", Role.CommitteeMember),
            LeaderA = User("Skoleleder A", Role.DistrictSchoolLeader, schoolId: schoolA.Id),
            LeaderB = User("Skoleleder B", Role.DistrictSchoolLeader, schoolId: schoolB.Id),
            OfferLeader = User("Tilbudsleder", Role.OfferLeader, offerId: offer.Id),
            OtherOfferLeader = User("Anden tilbudsleder", Role.OfferLeader, offerId: otherOffer.Id),
            PsychologistA = User("Psykolog A", Role.Psychologist, served: [schoolA.Id]),
            PsychologistB = User("Psykolog B", Role.Psychologist, served: [schoolB.Id]),
            ParentA = User("Forælder A1", Role.Guardian, guardianId: gA1.Id),
            ParentB = User("Forælder B", Role.Guardian, guardianId: gB.Id),
            Admin = User("Administrator", Role.Administrator),
        };
        await app.WithDbAsync(async db =>
        {
            db.Schools.AddRange(schoolA, schoolB, host);
            db.Offers.AddRange(offer, otherOffer);
            db.Guardians.AddRange(gA1, gA2, gB, gP);
            db.Children.AddRange(childA, childB, placed);
            db.Rounds.AddRange(open, later, closed);
            db.Users.AddRange(town.Users);
            await db.SaveChangesAsync();
        });
        return town;
    }

    private static Guardian NewGuardian(string name) => new(Guid.NewGuid(), name, NextCpr(adult: true), "Prøvevej 10, 7100 Testby", null);

    /// <summary>Synthetic numbers, unique within a test run.</summary>
    private static CprNumber NextCpr(bool adult = false)
    {
        var n = Interlocked.Increment(ref _cprSequence);
        var birth = adult ? new DateOnly(1985, 1, 1).AddDays(n % 3000) : new DateOnly(2014, 1, 1).AddDays(n % 3000);
        var random = new Random(n * 7919 + Environment.ProcessId);
        for (var attempt = 0; ; attempt++)
        {
            var cpr = CprNumber.Synthetic(birth, random);
            if (Used.Add(cpr.Value) || attempt > 50) return cpr;
        }
    }

    private static readonly HashSet<string> Used = [];

    private static AppUser User(string name, Role role, Guid? schoolId = null, Guid? offerId = null, Guid? guardianId = null, Guid[]? served = null)
    {
        var id = Guid.NewGuid();
        return new AppUser(id, id.ToString(), name, role, schoolId, offerId, guardianId, served);
    }
}
