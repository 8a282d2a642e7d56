using System.Globalization;
using System.Security.Cryptography;
using Visitation.Api.Features.Figures;
using Visitation.Api.Features.Rounds;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Infrastructure.Files;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Access;
using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Placements;
using Visitation.Workflows.Ppv;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Rules;
using Visitation.Workflows.Schools;

namespace Visitation.Api.Seeding;

/// <summary>
/// Builds the demo municipality. Referrals are driven only through the published referral workflow,
/// acting as the demo users, at back-dated moments that fit the rounds: so their history, audit trail,
/// outbox messages and deadlines are what the real endpoints would have produced.
/// </summary>
internal sealed class DemoSeeder
{
    private const int PlacedChildren = 600;
    private static readonly CultureInfo Danish = DanishTime.Culture;
    private static readonly ReferralPartType[] AllParts = Enum.GetValues<ReferralPartType>();

    private readonly VisitationDbContext _db;
    private readonly ReferralWorkflow _workflow;
    private readonly WorkflowCatalog _workflows;
    private readonly RuleSet _rules;
    private readonly DateTimeOffset _now;
    private readonly DateOnly _today;
    private readonly Random _random = new(DemoMunicipality.RandomSeed);
    private readonly HashSet<string> _usedCprs = [];

    private readonly List<School> _schools = [];
    private readonly List<School> _districtSchools = [];
    private readonly Dictionary<Guid, string> _townOf = [];
    private readonly List<SpecialOffer> _offers = [];
    private readonly Dictionary<Guid, int> _occupied = [];
    private readonly List<Guardian> _guardians = [];
    private readonly Dictionary<Guid, Guardian> _guardianById = [];
    private readonly List<Child> _placed = [];
    private readonly List<Placement> _placements = [];
    private readonly List<Child> _referred = [];
    private readonly List<AppUser> _users = [];
    private readonly List<AppUser> _committee = [];
    private readonly Dictionary<Guid, AppUser> _leaderOf = [];
    private readonly Dictionary<Guid, AppUser> _userOfGuardian = [];
    private readonly List<Referral> _referrals = [];
    private int _storedFiles;
    private int _committeeTurn;

    private VisitationRound _pastRound = null!;
    private VisitationRound _frequentRound = null!;
    private VisitationRound _openRound = null!;
    private VisitationRound _continuousRound = null!;
    private readonly List<VisitationRound> _rounds = [];
    private RoundCalendarYear? _calendarYear;
    private readonly List<SchoolEnrolment> _enrolments = [];

    public DemoSeeder(VisitationDbContext db, WorkflowCatalog workflows, RuleSetCatalog rules, TimeProvider clock)
    {
        _db = db;
        _workflow = workflows.Latest<ReferralWorkflow>(ReferralWorkflow.DefinitionKey);
        _workflows = workflows;
        _rules = rules.InForceAt(clock);
        _now = clock.GetUtcNow();
        _today = DanishTime.Date(_now);
    }

    public string Summary { get; private set; } = "";

    public async Task RunAsync(CancellationToken ct)
    {
        CreateSchoolsAndOffers();
        _db.Schools.AddRange(_schools);
        _db.Offers.AddRange(_offers);
        await _db.SaveChangesAsync(ct);

        CreatePlacedChildren();
        CreateReferredChildren();
        CreateUsers();
        _db.Guardians.AddRange(_guardians);
        _db.Children.AddRange(_placed);
        _db.Children.AddRange(_referred);
        _db.Users.AddRange(_users);
        await _db.SaveChangesAsync(ct);

        // Every placed child is a placement with the date of its last decision, so each carries a revisitation due date.
        RegisterPlacements();
        _db.AddRange(_placements);
        _db.AddRange(DemoPlacements.People(_placements, _offers));
        await _db.SaveChangesAsync(ct);

        PlanRounds();
        _db.Rounds.AddRange(_rounds);
        if (_calendarYear is not null) _db.Set<RoundCalendarYear>().Add(_calendarYear);
        _db.Set<SchoolEnrolment>().AddRange(_enrolments);
        await _db.SaveChangesAsync(ct);
        // The saved schools, children and users need no tracking: the interceptor's change detection
        // then only walks the referrals.
        _db.ChangeTracker.Clear();
        _db.Rounds.Attach(_pastRound);

        var registered = _placements.Count;
        CreateReferrals();
        _db.Referrals.AddRange(_referrals);
        _db.AddRange(_placements.Skip(registered));
        // The committee has decided the past round's cases: the round is closed.
        _pastRound.Close();
        await _db.SaveChangesAsync(ct);

        // PPV cases for some of the children whose referral the school is preparing.
        var ppvCases = await DemoPpv.SeedAsync(_db, _workflows, _rules, _now, ct);

        var states = _referrals.GroupBy(r => r.State).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}");
        var roles = _users.GroupBy(u => u.Role).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}");
        Summary = $"{_schools.Count} schools ({_districtSchools.Count} district, {_offers.Select(o => o.HostSchoolId).Distinct().Count()} host), "
                  + $"{_offers.Count} offers ({_offers.Sum(o => o.Seats)} seats), {_placed.Count} placed children, {_placements.Count} placements "
                  + $"(revisitation due {_placements.Min(p => p.NextRevisitationDue)} to {_placements.Max(p => p.NextRevisitationDue)}, "
                  + $"{_placements.Count(p => p.NextRevisitationDue < _today)} overdue), "
                  + $"{_referred.Count} referred children, {_guardians.Count} guardians, {_rounds.Count} rounds, "
                  + $"{_referrals.Count} referrals ({string.Join(", ", states)}), {ppvCases} PPV cases, {_storedFiles} documents, "
                  + $"{_users.Count} users ({string.Join(", ", roles)})";
    }

    // ---- Schools, offers, children, users -------------------------------------------------------------

    private void CreateSchoolsAndOffers()
    {
        foreach (var name in DemoNames.DistrictSchools.Concat(DemoNames.SpecialSchools))
        {
            var isDistrict = !DemoNames.SpecialSchools.Contains(name);
            var location = new GeoPoint(
                Math.Round(55.70 + (_random.NextDouble() * 2 - 1) * 0.15, 5),
                Math.Round(9.53 + (_random.NextDouble() * 2 - 1) * 0.25, 5));
            var town = NearestTown(location);
            var school = new School(NewId(), name, $"{Pick(DemoNames.Streets)} {_random.Next(1, 90)}, {town}", location, isDistrict);
            _schools.Add(school);
            _townOf[school.Id] = town;
            if (isDistrict) _districtSchools.Add(school);
        }
        foreach (var (name, category, host, seats) in DemoNames.Offers)
        {
            var offer = new SpecialOffer(NewId(), name, category, SchoolNamed(host).Id, seats);
            _offers.Add(offer);
            _occupied[offer.Id] = 0;
        }
    }

    private void CreatePlacedChildren()
    {
        for (var i = 0; i < PlacedChildren; i++)
        {
            var child = NewChild(Pick(_districtSchools));
            var offer = OfferWithFreeSeat();
            child.PlaceIn(offer.Id);
            _occupied[offer.Id]++;
            _placed.Add(child);
        }
    }

    private void CreateReferredChildren()
    {
        for (var i = 0; i < 40; i++) _referred.Add(NewChild(Pick(_districtSchools)));
    }

    /// <summary>A free seat, drawn in proportion to the free seats of each offer, so no offer is overfilled.</summary>
    private SpecialOffer OfferWithFreeSeat()
    {
        var free = _offers.Select(o => (Offer: o, Free: o.Seats - _occupied[o.Id])).Where(x => x.Free > 0).ToList();
        var draw = _random.Next(free.Sum(x => x.Free));
        foreach (var (offer, seats) in free)
        {
            if (draw < seats) return offer;
            draw -= seats;
        }
        throw new InvalidOperationException("Demo offers have too few seats for the placed children.");
    }

    private Child NewChild(School districtSchool)
    {
        var surname = Pick(DemoNames.Surnames);
        var address = $"{Pick(DemoNames.Streets)} {_random.Next(1, 140)}, {_townOf[districtSchool.Id]}";
        var motherFirst = _random.Next(2) == 0;
        var guardianIds = new List<Guid> { NewGuardian(motherFirst, surname, address).Id };
        if (_random.NextDouble() < 0.7)
        {
            var secondSurname = _random.NextDouble() < 0.75 ? surname : Pick(DemoNames.Surnames);
            guardianIds.Add(NewGuardian(!motherFirst, secondSurname, address).Id);
        }
        var first = _random.Next(2) == 0 ? Pick(DemoNames.Girls) : Pick(DemoNames.Boys);
        // School age: 6 to 16 years old today.
        var birth = _today.AddYears(-16).AddDays(_random.Next(365 * 10));
        return new Child(NewId(), $"{first} {surname}", UniqueCpr(birth), districtSchool.Id, guardianIds);
    }

    private Guardian NewGuardian(bool woman, string surname, string address)
    {
        var first = woman ? Pick(DemoNames.Women) : Pick(DemoNames.Men);
        var name = $"{first} {surname}";
        var birth = new DateOnly(1972, 1, 1).AddDays(_random.Next(365 * 20));
        var email = _random.NextDouble() < 0.85 ? $"{DemoNames.Slug(name).Replace('-', '.')}{_random.Next(10, 99)}@example.com" : null;
        var guardian = new Guardian(NewId(), name, UniqueCpr(birth), address, email);
        _guardians.Add(guardian);
        _guardianById[guardian.Id] = guardian;
        return guardian;
    }

    /// <summary>Child.Cpr is unique in the database; guardians are kept unique too.</summary>
    private CprNumber UniqueCpr(DateOnly birth)
    {
        for (var attempt = 0; ; attempt++)
        {
            var cpr = CprNumber.Synthetic(birth.AddDays(attempt / 20), _random);
            if (_usedCprs.Add(cpr.Value)) return cpr;
        }
    }

    private void CreateUsers()
    {
        _committee.Add(AddUser("Mette Sørensen (visitationsudvalget)", Role.CommitteeMember));
        _committee.Add(AddUser("Jesper Lund (visitationsudvalget)", Role.CommitteeMember));
        AddUser("Administrator, Skoleafdelingen", Role.Administrator);
        foreach (var school in _districtSchools)
            _leaderOf[school.Id] = AddUser($"Skoleleder, {school.Name}", Role.DistrictSchoolLeader, schoolId: school.Id);
        foreach (var offer in _offers)
            AddUser($"Leder af {offer.Name} ({SchoolById(offer.HostSchoolId).Name})", Role.OfferLeader, offerId: offer.Id);

        // Three psychologist teams, each serving the ten schools of one part of the municipality (west to east).
        var byLongitude = _schools.OrderBy(s => s.Location.Longitude).ToList();
        var perTeam = (int)Math.Ceiling(byLongitude.Count / (double)DemoNames.PsychologistTeams.Length);
        for (var team = 0; team < DemoNames.PsychologistTeams.Length; team++)
        {
            var served = byLongitude.Skip(team * perTeam).Take(perTeam).Select(s => s.Id).ToList();
            AddUser($"Psykolog, {DemoNames.PsychologistTeams[team]} ({served.Count} skoler)", Role.Psychologist, served: served);
        }

        // Every guardian of a referred child can sign in, and one guardian each of ten placed children.
        foreach (var child in _referred)
            foreach (var guardianId in child.GuardianIds)
                AddGuardianUser(guardianId, $"{_guardianById[guardianId].Name} (forælder til {child.Name})");
        foreach (var child in _placed.Where((_, i) => i % 60 == 7).Take(10))
        {
            var offer = _offers.Single(o => o.Id == child.CurrentOfferId);
            AddGuardianUser(child.GuardianIds[0], $"{_guardianById[child.GuardianIds[0]].Name} (forælder til {child.Name}, {offer.Name})");
        }
    }

    private void AddGuardianUser(Guid guardianId, string displayName) =>
        _userOfGuardian[guardianId] = AddUser(displayName, Role.Guardian, guardianId: guardianId);

    private AppUser AddUser(string displayName, Role role, Guid? schoolId = null, Guid? offerId = null, Guid? guardianId = null,
        IEnumerable<Guid>? served = null)
    {
        var id = NewId();
        var user = new AppUser(id, id.ToString(), displayName, role, schoolId, offerId, guardianId, served);
        _users.Add(user);
        return user;
    }

    // ---- Rounds ---------------------------------------------------------------------------------------

    private void PlanRounds()
    {
        // A regular round whose committee met three days ago: its cases are decided and it is closed.
        var pastCommittee = PreviousWeekday(_today.AddDays(-3));
        var pastTriage = PreviousWeekday(pastCommittee.AddDays(-10));
        _pastRound = Plan($"Visitationsrunde {DanishTime.LongDate(pastCommittee)}", RoundKind.Regular,
            PreviousWeekday(pastTriage.AddDays(-5)), pastTriage, pastCommittee);

        // A frequent round (courses and well-being offers) past its triage meeting, with the committee ahead.
        var frequentTriage = PreviousWeekday(_today.AddDays(-2));
        var frequentCommittee = NextWeekday(_today.AddDays(4));
        _frequentRound = Plan($"Hyppig runde {DanishTime.LongDate(frequentCommittee)} (kursus- og trivselstilbud)", RoundKind.Frequent,
            PreviousWeekday(frequentTriage.AddDays(-4)), frequentTriage, frequentCommittee);

        // The open round: referral deadline in two weeks. The school year's other rounds come from the calendar.
        var openDeadline = NextWeekday(_today.AddDays(14));
        _openRound = PlanRegular(openDeadline);
        PlanSchoolYear();
    }

    /// <summary>
    /// The school year's rounds as the administrator generates them from the rule set's cadences
    /// (<c>POST /api/rounds/calendar</c>), beside the hand-planned rounds above that carry the demo cases. Rounds
    /// whose committee has met are closed; the continuous round takes the newcomers. Near the summer holiday the
    /// coming school year is planned. Ids come from a random sequence of their own, so the other demo ids do not move.
    /// </summary>
    private void PlanSchoolYear()
    {
        var year = SchoolYear.Containing(_today.AddDays(45), _rules.Rounds.SchoolYearStartMonth);
        var ids = new Random(DemoMunicipality.RandomSeed + 1);
        var calendar = RoundCalendar.Generate(_rules, year.StartYear, _now, () => NewId(ids));
        foreach (var round in calendar.Where(r => r.CommitteeMeetingAt < _now)) round.Close();
        _rounds.AddRange(calendar);
        var admin = _users.First(u => u.Role == Role.Administrator);
        _calendarYear = new RoundCalendarYear(NewId(ids), year, _rules.Version, calendar.Count, _now, admin.Id, admin.DisplayName);
        _continuousRound = calendar.FirstOrDefault(r => r.Kind == RoundKind.Continuous && r.Status == RoundStatus.Open)
            ?? Plan($"Løbende visitation af tilflyttere {year.Name}", RoundKind.Continuous, _today.AddDays(60), _today.AddDays(63), _today.AddDays(68));

        // Pupils per district school, the denominator of the steering figures' segregation share.
        var pupils = new Random(DemoMunicipality.RandomSeed + 2);
        _enrolments.AddRange(_districtSchools.Select(s => new SchoolEnrolment(NewId(ids), s.Id, year.StartYear, 180 + pupils.Next(540), _now)));
    }

    private VisitationRound PlanRegular(DateOnly deadline)
    {
        var triage = NextWeekday(deadline.AddDays(3));
        var committee = NextWeekday(triage.AddDays(7));
        return Plan($"Visitationsrunde {DanishTime.LongDate(committee)}", RoundKind.Regular, deadline, triage, committee);
    }

    private VisitationRound Plan(string name, RoundKind kind, DateOnly deadline, DateOnly triage, DateOnly committee)
    {
        var round = VisitationRound.Plan(NewId(), name, kind, Local(deadline, 12), Local(triage, 9), Local(committee, 13), _rules, _now);
        _rounds.Add(round);
        return round;
    }

    // ---- Referrals ------------------------------------------------------------------------------------

    private void CreateReferrals()
    {
        var children = new Queue<Child>(_referred);

        // 6 drafts: started in the last two weeks, some documents attached.
        for (var i = 0; i < 6; i++)
        {
            var child = children.Dequeue();
            var start = Local(_today.AddDays(-(1 + 2 * i)), 9 + i % 4, 10 * i);
            var parts = Shuffled(AllParts).Take(i % 5).ToList();
            Prepare(child, start, Local(_today.AddDays(-1), 16), parts, submit: false, parentWrites: i == 3);
        }

        // 5 incomplete: submitted with parts missing in the last week; the reminder deadline is ahead.
        for (var i = 0; i < 5; i++)
        {
            var child = children.Dequeue();
            var submitted = Local(_today.AddDays(-(1 + i)), 11 + i % 3, 5 * i);
            var start = submitted.AddDays(-(8 + 3 * i)).AddHours(-2);
            // Between two and five parts; the second referral always has a handleplan, the first four parts.
            var parts = Shuffled(AllParts.Where(p => i != 1 || p != ReferralPartType.ActionPlan)).Take(i switch { 0 => 4, 1 => 2, _ => 2 + i % 4 }).ToList();
            if (i == 1) parts.Insert(1, ReferralPartType.ActionPlan);
            if (i == 0)
            {
                // Submitted twice: three parts first, then a fourth; still incomplete.
                var referral = Prepare(child, start, submitted.AddDays(-6), parts.Take(3).ToList(), submit: true, parentWrites: false);
                Attach(referral, child, parts[3], LeaderOf(child), submitted.AddDays(-1));
                _workflow.Submit(referral, LeaderOf(child), _rules, submitted);
            }
            else
            {
                var referral = Prepare(child, start, submitted, parts, submit: true, parentWrites: i == 2);
                // A newer handleplan replaces the first one, which is kept but no longer current.
                if (i == 1)
                    Attach(referral, child, ReferralPartType.ActionPlan, LeaderOf(child), submitted.AddHours(2));
            }
        }

        // 6 complete: all six parts, submitted in the last few days, not yet assigned to a round.
        for (var i = 0; i < 6; i++)
        {
            var child = children.Dequeue();
            var submitted = Local(_today.AddDays(-(1 + i % 5)), 10 + i, 0);
            Prepare(child, submitted.AddDays(-(12 + 2 * i)), submitted, AllParts, submit: true, parentWrites: i % 3 == 0);
        }

        // 8 assigned to a round: 5 to the open round, 2 tilflyttere to the continuous round,
        // and one postponed at the past round's committee meeting to the open round.
        for (var i = 0; i < 7; i++)
        {
            var child = children.Dequeue();
            var submitted = Local(_today.AddDays(-(3 + i)), 10, 15 * i);
            var referral = Prepare(child, submitted.AddDays(-(14 + 2 * i)), submitted, AllParts, submit: true, parentWrites: i % 2 == 0);
            var round = i < 5 ? _openRound : _continuousRound;
            _workflow.AssignToRound(referral, NextCommitteeMember(), round, Local(_today.AddDays(-(1 + i % 2)), 14, 5 * i));
        }
        {
            var child = children.Dequeue();
            var referral = ThroughAgenda(child, _pastRound, 0, Track.SocioEmotional);
            var at = _pastRound.CommitteeMeetingAt.AddMinutes(90);
            _workflow.Postpone(referral, NextCommitteeMember(), _openRound,
                "En opdateret PPV, der beskriver barnets udvikling efter skolens nye indsats i efterårets forløb.",
                "Visitationsudvalget kan ikke vurdere, hvor barnets behov bedst imødekommes, før den opdaterede PPV foreligger. "
                + "Sagen behandles i næste runde. (Syntetiske demodata.)", _rules, at);
        }

        // 6 triaged and 5 on the agenda in the frequent round, whose committee meets in a few days.
        Track[] tracks = [Track.SpecialOffers, Track.SocioEmotional, Track.FarReaching, Track.SpecialOffers, Track.SocioEmotional, Track.SpecialOffers];
        for (var i = 0; i < 6; i++)
        {
            var child = children.Dequeue();
            var referral = ThroughAssignment(child, _frequentRound, i);
            _workflow.Triage(referral, NextCommitteeMember(), tracks[i], _frequentRound.TriageMeetingAt.AddMinutes(10 + 10 * i));
        }
        for (var i = 0; i < 5; i++)
        {
            var child = children.Dequeue();
            var referral = ThroughAgenda(child, _frequentRound, 6 + i, tracks[i]);
            if (i == 1) RecordHearing(referral, _frequentRound, withReply: true);
        }

        // 4 decided at the past round's committee meeting: two placements, two returns to the general school.
        for (var i = 0; i < 4; i++)
        {
            var child = children.Dequeue();
            var placement = i % 2 == 0;
            var track = placement ? (i == 0 ? Track.SpecialOffers : Track.FarReaching) : (i == 1 ? Track.SpecialOffers : Track.SocioEmotional);
            var referral = ThroughAgenda(child, _pastRound, 1 + i, track);
            if (i is 1 or 3) RecordHearing(referral, _pastRound, withReply: i == 1);
            var at = _pastRound.CommitteeMeetingAt.AddMinutes(15 + 20 * i);
            if (placement) PlaceFromDecision(referral, child, DecidePlacement(referral, child, track, at), at);
            else DecideReturn(referral, child, at);
        }
    }

    /// <summary>Starts a referral as the district school leader, attaches parts over the days until submission, and submits.</summary>
    private Referral Prepare(Child child, DateTimeOffset start, DateTimeOffset submitAt, IReadOnlyList<ReferralPartType> parts, bool submit, bool parentWrites)
    {
        var leader = LeaderOf(child);
        var referral = _workflow.Start(NewId(), child, leader, _rules, start);
        _referrals.Add(referral);
        var times = WorkingTimesBetween(start, submitAt, parts.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            var actor = parentWrites && parts[i] == ReferralPartType.ParentStatement ? GuardianOf(child) : leader;
            Attach(referral, child, parts[i], actor, times[i]);
        }
        if (submit) _workflow.Submit(referral, leader, _rules, submitAt);
        return referral;
    }

    /// <summary>A complete referral assigned to <paramref name="round"/> shortly before its referral deadline.</summary>
    private Referral ThroughAssignment(Child child, VisitationRound round, int n)
    {
        var deadline = round.ReferralDeadline;
        var submitted = deadline.AddDays(-(3 + n % 6)).AddHours(-2 - n % 3);
        var referral = Prepare(child, submitted.AddDays(-(15 + 2 * n)), submitted, AllParts, submit: true, parentWrites: n % 3 == 1);
        _workflow.AssignToRound(referral, NextCommitteeMember(), round, deadline.AddDays(-(1 + n % 2)).AddMinutes(7 * n));
        return referral;
    }

    /// <summary>Assigned, triaged at the round's triage meeting and put on the committee's agenda the same day.</summary>
    private Referral ThroughAgenda(Child child, VisitationRound round, int n, Track track)
    {
        var referral = ThroughAssignment(child, round, n);
        _workflow.Triage(referral, NextCommitteeMember(), track, round.TriageMeetingAt.AddMinutes(10 + 10 * n));
        _workflow.PutOnAgenda(referral, NextCommitteeMember(), round.TriageMeetingAt.AddHours(3).AddMinutes(5 * n));
        return referral;
    }

    /// <summary>
    /// Partshøring: after the triage meeting the parents were sent the PPV and handleplan with the minimum
    /// reply time. Only a concluded hearing is recorded: when the parents replied, or (without a reply)
    /// the day after the reply deadline, which only a round whose committee has met leaves room for.
    /// </summary>
    private void RecordHearing(Referral referral, VisitationRound round, bool withReply)
    {
        var sent = round.TriageMeetingAt.AddHours(4);
        var replyBy = sent.AddDays(_rules.Hearing.MinimumReplyDays);
        var recorded = withReply ? Min(sent.AddDays(5), _now.AddHours(-3)) : replyBy.AddDays(1);
        if (recorded >= Min(round.CommitteeMeetingAt, _now))
            throw new InvalidOperationException($"A demo hearing in '{round.Name}' cannot be concluded before the committee meets.");
        _workflow.RecordHearing(referral, NextCommitteeMember(), sent, replyBy,
            "Forældrene er partshørt over PPV'en, skolens handleplan og elevplanen forud for visitationsudvalgets møde.",
            withReply ? "Vi har læst materialet og er enige i beskrivelsen af vores barns behov. Vi ønsker et tilbud tæt på hjemmet. (Syntetiske demodata.)" : null,
            _rules, recorded);
    }

    private Actor DecidePlacement(Referral referral, Child child, Track track, DateTimeOffset at)
    {
        var category = track switch
        {
            Track.FarReaching => OfferCategory.Vidtgaaende,
            Track.SocioEmotional => OfferCategory.Specialtilbud2,
            _ => OfferCategory.Specialtilbud1,
        };
        var home = SchoolById(child.DistrictSchoolId);
        // Nærhedsprincippet: the nearest offer of the right kind that has a free seat.
        var offer = _offers
            .Where(o => o.Category == category && _occupied[o.Id] < o.Seats)
            .OrderBy(o => SchoolById(o.HostSchoolId).Location.KilometresTo(home.Location))
            .First();
        _occupied[offer.Id]++;
        var host = SchoolById(offer.HostSchoolId);
        var start = _today.AddDays(10);
        while (start.DayOfWeek != DayOfWeek.Monday) start = start.AddDays(1);
        var firstName = child.Name.Split(' ')[0];
        var reasons =
            $"Visitationsudvalget har behandlet henvisningen fra {home.Name} på mødet {Date(at)}. Udvalget har lagt vægt på PPV'en og handleplanen, "
            + $"som viser, at {firstName}s behov ikke kan imødekommes i almentilbuddet, heller ikke med de mellemformer, skolen har afprøvet. "
            + $"{offer.Name} på {host.Name} har det børnefællesskab og de faglige kompetencer, der matcher {firstName}s behov, og har ledig kapacitet. "
            + $"Efter nærhedsprincippet er der lagt vægt på, at tilbuddet ligger {host.Location.KilometresTo(home.Location).ToString("0.0", Danish)} km fra distriktsskolen. "
            + "Forældrene og barnet er hørt. Afgørelsen er truffet efter folkeskolelovens regler om specialundervisning og bekendtgørelse om folkeskolens specialundervisning. "
            + "(Syntetiske demodata.)";
        var member = NextCommitteeMember();
        _workflow.DecidePlacement(referral, member, offer, start, reasons, _rules, at);
        return member;
    }

    // ---- Placements ------------------------------------------------------------------------------------

    /// <summary>Every placed child's placement, registered by the committee with its last decision date (see <see cref="DemoPlacements"/>).</summary>
    private void RegisterPlacements() =>
        _placements.AddRange(DemoPlacements.Register(_placed, _offers, Actor.Committee(_committee[0].Id, _committee[0].DisplayName), _rules, _now));

    /// <summary>A placement decided at the past round: made from the committee's decision, as the decide endpoint does.</summary>
    private void PlaceFromDecision(Referral referral, Child child, Actor member, DateTimeOffset at)
    {
        // The child was saved and is no longer tracked; placing it must reach the database.
        _db.Children.Attach(child);
        _placements.Add(Placement.FromDecision(DemoPlacements.RandomId(new Random(DemoMunicipality.RandomSeed + 5 + _placements.Count)), referral, child,
            ["Målene i handleplanen fra distriktsskolen, som overdrages ved opstartsmødet."], member, _rules, at));
    }

    private void DecideReturn(Referral referral, Child child, DateTimeOffset at)
    {
        var home = SchoolById(child.DistrictSchoolId);
        var firstName = child.Name.Split(' ')[0];
        var recommendations =
            $"{home.Name} fortsætter forløbet med TCBU's psykolog og inddrager kompetencecentret for trivsel og adfærd. "
            + $"I otte uger gives tolærerordning i dansk og matematik, og {firstName}s handleplan evalueres med forældrene efter forløbet.";
        var reasons =
            $"Visitationsudvalget har behandlet henvisningen på mødet {Date(at)}. På baggrund af PPV'en, handleplanen og forældrenes udtalelse vurderer udvalget, "
            + $"at {firstName}s behov kan imødekommes i almentilbuddet med specialpædagogisk støtte, fordi skolens indsats endnu ikke har været afprøvet i tilstrækkelig tid. "
            + "Afgørelsen er truffet efter folkeskolelovens regler om specialundervisning. (Syntetiske demodata.)";
        _workflow.DecideReturnToGeneral(referral, NextCommitteeMember(), recommendations, reasons, _rules, at);
    }

    /// <summary>Stores a small PDF for the part and attaches it through the workflow.</summary>
    private void Attach(Referral referral, Child child, ReferralPartType part, Actor actor, DateTimeOffset at)
    {
        var school = SchoolById(child.DistrictSchoolId);
        // An uploaded PPV is one made outside the PPV workflow; the school states who made it and when, and marks it final.
        var external = part == ReferralPartType.PPV
            ? new ExternalPpv("TCBU, pædagogisk-psykologisk rådgivning (demo)", DanishTime.Date(at).AddDays(-14))
            : null;
        var bytes = DemoPdf.Create(
        [
            $"Demo: {part.Danish()} for {child.Name}",
            $"Distriktsskole: {school.Name}",
            external is null ? $"Udarbejdet {Date(at)} af {actor.DisplayName}" : $"Udarbejdet {DanishTime.LongDate(external.IssuedOn)} af {external.Issuer}",
            "Syntetiske demodata. Dokumentet handler ikke om en rigtig person.",
        ]);
        var file = new StoredFile(NewId(), $"{FileStem(part)}-{DemoNames.Slug(child.Name)}.pdf", "application/pdf", bytes,
            Convert.ToHexStringLower(SHA256.HashData(bytes)), at);
        _db.StoredFiles.Add(file);
        _storedFiles++;
        _workflow.AttachDocument(referral, actor, part, new StoredFileInfo(file.Id, file.FileName, file.ContentType, file.Length, file.Sha256), at,
            external: external);
    }

    private static string FileStem(ReferralPartType part) => part switch
    {
        ReferralPartType.SignedReferralForm => "henvisningsskema-underskrevet",
        ReferralPartType.PPV => "ppv",
        ReferralPartType.ActionPlan => "handleplan",
        ReferralPartType.PupilPlan => "elevplan",
        ReferralPartType.ParentStatement => "foraeldreudtalelse",
        ReferralPartType.ChildPerspective => "barnets-perspektiv",
        _ => part.ToString().ToLowerInvariant(),
    };

    // ---- Actors: built as Caller.ResolveAsync builds them from the user table ------------------------

    private Actor LeaderOf(Child child)
    {
        var user = _leaderOf[child.DistrictSchoolId];
        return Actor.SchoolLeader(user.Id, user.DisplayName, child.DistrictSchoolId);
    }

    private Actor GuardianOf(Child child)
    {
        var user = _userOfGuardian[child.GuardianIds[0]];
        var children = _referred.Concat(_placed).Where(c => c.GuardianIds.Contains(child.GuardianIds[0])).Select(c => c.Id).ToArray();
        return Actor.GuardianOf(user.Id, user.DisplayName, children);
    }

    private Actor NextCommitteeMember()
    {
        var user = _committee[_committeeTurn++ / 3 % _committee.Count];
        return Actor.Committee(user.Id, user.DisplayName);
    }

    // ---- Small helpers --------------------------------------------------------------------------------

    /// <summary>Ids from the seeded random, so a re-seeded database has the same ids (e.g. for scripts).</summary>
    private Guid NewId() => NewId(_random);

    private static Guid NewId(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private List<T> Shuffled<T>(IEnumerable<T> items)
    {
        var list = items.ToList();
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }

    private School SchoolNamed(string name) => _schools.Single(s => s.Name == name);

    private School SchoolById(Guid id) => _schools.Single(s => s.Id == id);

    private static string NearestTown(GeoPoint point) =>
        DemoNames.Towns
            .OrderBy(t => point.KilometresTo(new GeoPoint(t.Latitude, t.Longitude)))
            .Select(t => $"{t.PostCode} {t.Name}")
            .First();

    private DateTimeOffset Local(DateOnly date, int hour, int minute = 0)
    {
        var local = date.ToDateTime(new TimeOnly(hour, 0)).AddMinutes(minute);
        return new DateTimeOffset(local, DanishTime.Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static string Date(DateTimeOffset at) => DanishTime.LongDate(at);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>
    /// <paramref name="count"/> increasing moments strictly between <paramref name="from"/> and <paramref name="to"/>,
    /// spread evenly and moved into office hours (8-16 Danish time) where that keeps them in order.
    /// </summary>
    private List<DateTimeOffset> WorkingTimesBetween(DateTimeOffset from, DateTimeOffset to, int count)
    {
        var times = new List<DateTimeOffset>(count);
        var step = (to - from) / (count + 1);
        var previous = from;
        for (var i = 1; i <= count; i++)
        {
            var even = from + step * i;
            var local = DanishTime.Local(even);
            var date = DateOnly.FromDateTime(local.DateTime);
            var snapped = local.Hour switch
            {
                < 8 => Local(date, 8, 5 + 7 * i),
                >= 16 => Local(date, 15, 5 + 7 * i),
                _ => Local(date, local.Hour, local.Minute),
            };
            var latest = to - TimeSpan.FromMinutes(5 * (count - i + 1));
            var at = snapped > previous && snapped < latest ? snapped : Min(previous.AddMinutes(5), latest);
            times.Add(at);
            previous = at;
        }
        return times;
    }

    private static DateOnly NextWeekday(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Saturday => date.AddDays(2),
        DayOfWeek.Sunday => date.AddDays(1),
        _ => date,
    };

    private static DateOnly PreviousWeekday(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Saturday => date.AddDays(-1),
        DayOfWeek.Sunday => date.AddDays(-2),
        _ => date,
    };
}
