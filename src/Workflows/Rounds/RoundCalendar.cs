using Visitation.Workflows.Common;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rules;
using Visitation.Workflows.Schools;

namespace Visitation.Workflows.Rounds;

/// <summary>Which round a referral joined, and what the school is told about it.</summary>
/// <param name="Round">The round the referral should be assigned to.</param>
/// <param name="Missed">The round whose deadline the referral just missed (its committee has not met yet), if any.</param>
/// <param name="MessageToSchool">Danish text for the district school: which round, when it is decided, and why.</param>
public sealed record RoundChoice(VisitationRound Round, VisitationRound? Missed, string MessageToSchool)
{
    public bool IsLate => Missed is not null;
}

/// <summary>
/// The committee's differentiated rounds for a school year, generated from the rule set's <c>rounds</c>
/// data, and the choice of round for a referral.
/// </summary>
public static class RoundCalendar
{
    /// <summary>Referrals are due at noon, so a school can still send one in on the morning of the deadline.</summary>
    public static readonly TimeOnly ReferralDeadlineTime = new(12, 0);
    public static readonly TimeOnly TriageMeetingTime = new(9, 0);
    public static readonly TimeOnly CommitteeMeetingTime = new(13, 0);

    /// <summary>
    /// The rounds of the school year starting in <paramref name="schoolYearStartYear"/>. Cadences with the
    /// same kind and number of rounds share one series of rounds (e.g. Specialtilbud 1 and 2, three a
    /// year). Each series is spread evenly over the year's working days outside July (summer holiday)
    /// and the Christmas break, so that referral deadline, triage meeting and committee meeting are all
    /// working days in the school year. With continuous intake, one continuous round for children moving into the
    /// municipality takes referrals for every category until the year's last possible deadline.
    /// </summary>
    /// <param name="now">When the rounds are planned; reminders already due are not scheduled.</param>
    /// <param name="newId">Makes the rounds' ids; defaults to <see cref="Guid.NewGuid"/>.</param>
    public static IReadOnlyList<VisitationRound> Generate(RuleSet rules, int schoolYearStartYear, DateTimeOffset now, Func<Guid>? newId = null)
    {
        newId ??= Guid.NewGuid;
        var r = rules.Rounds;
        var year = new SchoolYear(schoolYearStartYear, r.SchoolYearStartMonth);
        var deadlines = PossibleDeadlines(year, r);
        if (deadlines.Count == 0)
            throw new InvalidInputException("schoolYear", $"Skoleåret {year.Name} har ingen mulige datoer for visitationsrunder.");

        var rounds = new List<VisitationRound>();
        var series = r.Cadences
            .GroupBy(c => (c.Kind, c.RoundsPerYear))
            .Select(g => (g.Key.Kind, g.Key.RoundsPerYear, Categories: g.Select(c => c.Category).Distinct().Order().ToList()))
            .OrderBy(s => s.Categories[0]);
        foreach (var (kind, perYear, categories) in series)
        {
            var chosen = Spread(deadlines, perYear);
            for (var i = 0; i < chosen.Count; i++)
            {
                var label = perYear == 1 ? "Årlig runde" : $"Runde {i + 1}";
                var name = $"{label}, skoleåret {year.Name} – {CategoryNames(categories)}";
                rounds.Add(Plan(newId(), name, kind, chosen[i], rules, now, categories));
            }
        }
        if (r.ContinuousIntakeForNewResidents)
        {
            rounds.Add(Plan(newId(), $"Løbende visitation af tilflyttere, skoleåret {year.Name}", RoundKind.Continuous,
                deadlines[^1], rules, now, Enum.GetValues<OfferCategory>()));
        }
        return rounds.OrderBy(x => x.ReferralDeadline).ThenBy(x => x.Kind).ThenBy(x => x.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The round a referral completed at <paramref name="submittedAt"/> joins: the first open round for
    /// <paramref name="category"/> whose referral deadline it meets. A child moving into the municipality
    /// (<paramref name="newResident"/>) joins the continuous round when there is one. When the referral
    /// missed a round whose committee has yet to meet, the message tells the school so.
    /// </summary>
    public static RoundChoice NextRoundFor(DateTimeOffset submittedAt, OfferCategory category, IEnumerable<VisitationRound> rounds,
        bool newResident = false)
    {
        var all = rounds.ToList();
        if (newResident)
        {
            var continuous = all
                .Where(x => x.Kind == RoundKind.Continuous && x.Serves(category) && x.AcceptsReferralsAt(submittedAt))
                .OrderBy(x => x.CommitteeMeetingAt)
                .FirstOrDefault();
            if (continuous is not null)
            {
                return new RoundChoice(continuous, null,
                    $"Barnet er flyttet til kommunen, så henvisningen er tilknyttet {continuous.Name}. " +
                    "Visitationsudvalget behandler den uden at vente på en almindelig rundes henvisningsfrist.");
            }
        }
        return Choose(submittedAt, all.Where(x => x.Kind != RoundKind.Continuous && x.Serves(category)).ToList(),
            $"for {category.Danish()}");
    }

    /// <summary>As <see cref="NextRoundFor(DateTimeOffset, OfferCategory, IEnumerable{VisitationRound}, bool)"/>, among the rounds of one kind.</summary>
    public static RoundChoice NextRoundFor(DateTimeOffset submittedAt, RoundKind kind, IEnumerable<VisitationRound> rounds) =>
        Choose(submittedAt, rounds.Where(x => x.Kind == kind).ToList(), $"af typen {kind.Danish()}");

    /// <summary>The round for a referral, judged by when it was submitted complete.</summary>
    public static RoundChoice NextRoundFor(Referral referral, OfferCategory category, IEnumerable<VisitationRound> rounds, bool newResident = false)
    {
        var completedAt = referral.CompletedAt
            ?? throw new WrongStateException("Henvisningen er ikke indsendt komplet endnu og kan ikke tilknyttes en runde.");
        return NextRoundFor(completedAt, category, rounds, newResident);
    }

    public static string Danish(this RoundKind kind) => kind switch
    {
        RoundKind.Annual => "årlig runde",
        RoundKind.Regular => "almindelig runde (tre om året)",
        RoundKind.Frequent => "hyppig runde",
        RoundKind.Continuous => "løbende visitation af tilflyttere",
        _ => kind.ToString(),
    };

    /// <summary>"Specialtilbud 1 og 2", "Specialtilbud 1 og 2, Kursustilbud".</summary>
    public static string CategoryNames(IEnumerable<OfferCategory> categories)
    {
        var groups = new List<(string Prefix, List<string> Numbers)>();
        foreach (var name in categories.Distinct().Order().Select(c => c.Danish()))
        {
            var space = name.LastIndexOf(' ');
            var isNumbered = space > 0 && name[(space + 1)..].All(char.IsAsciiDigit);
            var prefix = isNumbered ? name[..space] : name;
            var existing = groups.FindIndex(g => isNumbered && g.Prefix == prefix && g.Numbers.Count > 0);
            if (existing >= 0) groups[existing].Numbers.Add(name[(space + 1)..]);
            else groups.Add((prefix, isNumbered ? [name[(space + 1)..]] : []));
        }
        return string.Join(", ", groups.Select(g => g.Numbers.Count == 0 ? g.Prefix : $"{g.Prefix} {JoinDanish(g.Numbers)}"));
    }

    private static RoundChoice Choose(DateTimeOffset submittedAt, IReadOnlyList<VisitationRound> candidates, string what)
    {
        var next = candidates
            .Where(x => x.AcceptsReferralsAt(submittedAt))
            .OrderBy(x => x.ReferralDeadline).ThenBy(x => x.CommitteeMeetingAt)
            .FirstOrDefault()
            ?? throw new WrongStateException(
                $"Der er ingen åben visitationsrunde {what} med henvisningsfrist efter {LongDateTime(submittedAt)}. " +
                "Kommunen skal planlægge de næste runder, før henvisningen kan tilknyttes.");
        var missed = candidates
            .Where(x => x.ReferralDeadline < submittedAt && submittedAt < x.CommitteeMeetingAt)
            .OrderByDescending(x => x.ReferralDeadline)
            .FirstOrDefault();
        var when = $"Fordelingsmødet er {DanishTime.LongDate(next.TriageMeetingAt)}, og visitationsudvalget behandler sagen på mødet {DanishTime.LongDate(next.CommitteeMeetingAt)}.";
        var message = missed is null
            ? $"Henvisningen er tilknyttet {next.Name} med henvisningsfrist {LongDateTime(next.ReferralDeadline)}. {when}"
            : $"Henvisningen blev indsendt komplet {LongDateTime(submittedAt)}, efter henvisningsfristen for {missed.Name} " +
              $"({LongDateTime(missed.ReferralDeadline)}). Den er derfor tilknyttet den følgende runde, {next.Name}. {when}";
        return new RoundChoice(next, missed, message);
    }

    private static VisitationRound Plan(Guid id, string name, RoundKind kind, DateOnly deadline, RuleSet rules, DateTimeOffset now,
        IEnumerable<OfferCategory> categories)
    {
        var triage = deadline.AddDays(rules.Rounds.TriageDaysAfterReferralDeadline);
        var committee = triage.AddDays(rules.Rounds.CommitteeDaysAfterTriage);
        return VisitationRound.Plan(id, name, kind, DanishTimeAt(deadline, ReferralDeadlineTime), DanishTimeAt(triage, TriageMeetingTime),
            DanishTimeAt(committee, CommitteeMeetingTime), rules, now, categories);
    }

    /// <summary>
    /// Every day that can be a round's referral deadline: it, the triage day and the committee day are
    /// planning days, and the round from deadline to committee stays inside the school year and out of July.
    /// </summary>
    private static List<DateOnly> PossibleDeadlines(SchoolYear year, RoundRules r)
    {
        var triageAfter = r.TriageDaysAfterReferralDeadline;
        var span = triageAfter + r.CommitteeDaysAfterTriage;
        var days = new List<DateOnly>();
        for (var d = year.FirstDay; d.AddDays(span) <= year.LastDay; d = d.AddDays(1))
        {
            var committee = d.AddDays(span);
            var crossesJuly = Enumerable.Range(0, span + 1).Any(i => d.AddDays(i).Month == 7);
            if (!crossesJuly && IsPlanningDay(d) && IsPlanningDay(d.AddDays(triageAfter)) && IsPlanningDay(committee))
                days.Add(d);
        }
        return days;
    }

    /// <summary>A working day outside the schools' Christmas break, when leaders and the committee are at work.</summary>
    private static bool IsPlanningDay(DateOnly day) =>
        DanishHolidays.IsWorkingDay(day) && day is not ({ Month: 12, Day: >= 22 } or { Month: 1, Day: <= 2 });

    /// <summary>
    /// <paramref name="count"/> days spread evenly over <paramref name="days"/>: the year is cut into
    /// equal parts and each round takes the middle of its part.
    /// </summary>
    private static List<DateOnly> Spread(IReadOnlyList<DateOnly> days, int count) =>
        Enumerable.Range(0, count)
            .Select(i => days[Math.Min(days.Count - 1, (int)((i + 0.5) * days.Count / count))])
            .Distinct()
            .ToList();

    private static DateTimeOffset DanishTimeAt(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, DanishTime.Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static string LongDateTime(DateTimeOffset at) =>
        DanishTime.Local(at).ToString("d. MMMM yyyy 'kl.' HH.mm", DanishTime.Culture);

    private static string JoinDanish(IReadOnlyList<string> items) =>
        items.Count <= 1 ? string.Concat(items) : $"{string.Join(", ", items.Take(items.Count - 1))} og {items[^1]}";
}
