using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Rules;

namespace Visitation.Workflows.Revisitation;

// Inside the namespace, so 'Placement' is this aggregate even if a sibling namespace named Placement appears.
using Visitation.Workflows.Placements;

/// <summary>A person who takes part in a child's revisitation steps, in the role they have for that child.</summary>
public sealed record PlanPerson(ParticipantRole Role, Guid PersonId, string Name);

/// <summary>
/// A child to plan: its due date, the steps still to take (from its workflow version and its open case),
/// when its case last moved, and the people around it.
/// </summary>
public sealed record PlanningSubject(
    Guid PlacementId,
    Guid ChildId,
    Guid OfferId,
    Guid? CaseId,
    DateOnly DueDate,
    IReadOnlyList<RevisitationStep> RemainingSteps,
    DateOnly? LastProgressOn,
    DateOnly? HandleplanAnswerBy,
    IReadOnlyList<PlanPerson> People)
{
    /// <summary>
    /// The subject for a placement and its open case (null when none is started: every step of
    /// <paramref name="workflow"/> remains). Steps the case has done, or had waived, are not planned.
    /// </summary>
    public static PlanningSubject For(Placement placement, RevisitationCase? openCase, RevisitationWorkflow workflow, IEnumerable<PlanPerson> people)
    {
        if (placement.NextRevisitationDue is not { } due)
            throw new WrongStateException($"Placeringen skal ikke revisiteres (den er {placement.Status.Danish()}).");
        if (openCase is not null && openCase.PlacementId != placement.Id)
            throw new InvalidOperationException($"Revisitation {openCase.Id} is not about placement {placement.Id}.");
        return new PlanningSubject(placement.Id, placement.ChildId, placement.OfferId, openCase?.Id, due, workflow.RemainingSteps(openCase),
            openCase?.LastProgressAt is { } at ? DanishTime.Date(at) : null,
            openCase is { State: RevisitationState.HandleplanSent, HandleplanAnswerDueAt: { } by } ? DanishTime.Date(by) : null,
            people.ToList());
    }

    /// <summary>The people a step needs, by its participant roles (the contact teacher counts as team).</summary>
    public IReadOnlyList<PlanPerson> PeopleFor(RevisitationStep step) =>
        RevisitationSteps.Of(step).Participants.SelectMany(role => People.Where(p => p.Role.Covers(role))).Distinct().ToList();
}

/// <summary>When people cannot take part: a simple busy calendar per person.</summary>
public sealed class AvailabilityCalendar
{
    private readonly Dictionary<Guid, HashSet<DateOnly>> _busy = [];

    public static AvailabilityCalendar Empty => new();

    public AvailabilityCalendar Busy(Guid personId, params IEnumerable<DateOnly> dates)
    {
        if (!_busy.TryGetValue(personId, out var days)) _busy[personId] = days = [];
        days.UnionWith(dates);
        return this;
    }

    public bool IsFree(Guid personId, DateOnly date) => !_busy.TryGetValue(personId, out var days) || !days.Contains(date);
}

/// <summary>
/// The planner's knobs. <paramref name="MaxMeetingsPerDay"/> holds for every person, the offer leader
/// first of all; <paramref name="ClosedDates"/> are days the offer is closed (e.g. the autumn break).
/// </summary>
public sealed record PlannerOptions(int MaxMeetingsPerDay = PlannerOptions.DefaultMaxMeetingsPerDay, IReadOnlySet<DateOnly>? ClosedDates = null)
{
    /// <summary>Not in the rule set (it has no planning section): a municipal habit, not law.</summary>
    public const int DefaultMaxMeetingsPerDay = 3;

    public static PlannerOptions Default { get; } = new();
}

public sealed record PlanProblem(Guid PlacementId, RevisitationStep? Step, string Message);

public sealed record PlanProposal(RevisitationPlan Plan, IReadOnlyList<PlanProblem> Problems);

/// <summary>
/// Plans an offer's revisitations for a school year, working back from each child's due date: the pupil
/// conversation about six weeks before, the status meeting about five, the district school leader's
/// answer within the rule set's days, the parent conversation about two weeks before, a revisitation
/// meeting a week before when the case needs one, and the decision by the due date. A meeting goes on a
/// working day outside the July holiday when everyone it needs is free and nobody has too many meetings
/// that day. Re-planning keeps dates already given while they still work, so invitations do not churn.
/// </summary>
public static class RevisitationPlanner
{
    // Not in the rule set: how far ahead of the due date each step is aimed at (the seed's practice).
    public const int PupilConversationDaysBeforeDue = 42;
    public const int ChildStatementDaysBeforeDue = 38;
    public const int StatusMeetingDaysBeforeDue = 35;
    public const int ParentConversationDaysBeforeDue = 14;
    public const int RevisitationMeetingDaysBeforeDue = 7;
    public const int DecisionDaysBeforeDue = 2;
    /// <summary>The school summer holiday: no meetings in July.</summary>
    public const int SummerHolidayMonth = 7;
    /// <summary>Children due this many days after the school year ends are planned in it: their steps fall before the summer.</summary>
    public const int LookAheadDays = 60;
    /// <summary>When nothing fits before the due date, how far beyond it to look for the earliest possible day.</summary>
    public const int SearchDaysBeyondDue = 120;

    public static int DaysBeforeDue(RevisitationStep step) => step switch
    {
        RevisitationStep.PupilConversation => PupilConversationDaysBeforeDue,
        RevisitationStep.ChildStatement => ChildStatementDaysBeforeDue,
        RevisitationStep.StatusMeeting => StatusMeetingDaysBeforeDue,
        RevisitationStep.ParentConversation => ParentConversationDaysBeforeDue,
        RevisitationStep.RevisitationMeeting => RevisitationMeetingDaysBeforeDue,
        RevisitationStep.Decision => DecisionDaysBeforeDue,
        _ => 0,
    };

    /// <summary>Why no step can be planned on <paramref name="date"/>; null on a day that is open.</summary>
    public static string? ClosedReason(DateOnly date, PlannerOptions options)
    {
        var shown = DanishTime.LongDate(date);
        if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            return $"{shown} er en {date.ToString("dddd", DanishTime.Culture)}.";
        if (date.Month == SummerHolidayMonth) return $"{shown} ligger i sommerferien.";
        if (DanishHolidays.IsHoliday(date)) return $"{shown} er en helligdag.";
        if (options.ClosedDates?.Contains(date) == true) return $"{shown} er tilbuddet lukket.";
        return null;
    }

    /// <summary>
    /// Proposes (or, given <paramref name="existing"/>, re-plans) the offer leader's plan for <paramref name="year"/>.
    /// Children due after the year's end plus <see cref="LookAheadDays"/> wait for next year's plan.
    /// </summary>
    public static PlanProposal Propose(Guid planId, Actor actor, Guid offerId, SchoolYear year, IEnumerable<PlanningSubject> subjects,
        AvailabilityCalendar calendar, RuleSet rules, DateTimeOffset now, PlannerOptions? options = null, RevisitationPlan? existing = null)
    {
        EnsureLeaderOf(actor, offerId);
        options ??= PlannerOptions.Default;
        Guard.Positive(options.MaxMeetingsPerDay, "maxMeetingsPerDay", "Antal møder pr. dag");
        if (existing is not null && (existing.OfferId != offerId || existing.SchoolYearStart != year.FirstDay))
            throw new InvalidOperationException($"Plan {existing.Id} is for offer {existing.OfferId} from {existing.SchoolYearStart}, not offer {offerId} in {year}.");
        var all = subjects.ToList();
        if (all.Any(s => s.OfferId != offerId))
            throw new NotPermittedException("Planen kan kun omfatte børn i dit eget tilbud.");

        var from = Max(year.FirstDay, DanishTime.Date(now).AddDays(1));
        var horizon = year.LastDay.AddDays(LookAheadDays);
        var bookings = new Bookings(options.MaxMeetingsPerDay);
        var problems = new List<PlanProblem>();
        var planned = new List<PlannedStep>();
        var ordered = all.Where(s => s.DueDate <= horizon && s.RemainingSteps.Count > 0)
            .OrderBy(s => s.DueDate).ThenBy(s => s.PlacementId).ToList();

        // First the dates already given that still work, so re-planning moves as little as possible.
        var kept = new Dictionary<(Guid, RevisitationStep), PlannedStep>();
        foreach (var subject in ordered)
        {
            var after = Max(subject.LastProgressOn ?? from.AddDays(-1), from.AddDays(-1));
            foreach (var step in subject.RemainingSteps.Where(s => s != RevisitationStep.HandleplanAnswer))
            {
                if (existing?.Find(subject.PlacementId, step) is not { } entry) continue;
                var people = Participants(subject, step, actor);
                if (entry.Date <= after || ClosedReason(entry.Date, options) is not null
                    || (entry.IsMeeting && !bookings.Fits(people, entry.Date, calendar))) continue;
                if (entry.IsMeeting) bookings.Book(people, entry.Date);
                kept[(subject.PlacementId, step)] = entry;
                after = entry.Date;
            }
        }

        foreach (var subject in ordered)
        {
            var steps = subject.RemainingSteps;
            var latest = LatestDates(steps, subject.DueDate, rules);
            var previous = Max(subject.LastProgressOn ?? from.AddDays(-1), from.AddDays(-1));
            DateOnly? statusMeeting = null;
            foreach (var missing in steps.SelectMany(s => RevisitationSteps.Of(s).Participants).Distinct()
                         .Where(r => r != ParticipantRole.OfferLeader && !subject.People.Any(p => p.Role.Covers(r))))
                problems.Add(new PlanProblem(subject.PlacementId, null, $"Der er ikke angivet {missing.Danish()} for barnet; trin med dem planlægges uden."));

            for (var i = 0; i < steps.Count; i++)
            {
                var step = steps[i];
                var people = Participants(subject, step, actor);
                var existingEntry = existing?.Find(subject.PlacementId, step);
                DateOnly date;
                if (step == RevisitationStep.HandleplanAnswer)
                {
                    date = subject.HandleplanAnswerBy ?? (statusMeeting ?? previous).AddDays(rules.Revisitation.HandleplanAnswerDays);
                }
                else if (kept.TryGetValue((subject.PlacementId, step), out var keep) && keep.Date > previous)
                {
                    date = keep.Date;
                }
                else
                {
                    if (keep is not null && keep.IsMeeting) bookings.Release(people, keep.Date);
                    var lo = previous.AddDays(1);
                    var nextKept = steps.Skip(i + 1).Select(s => kept.GetValueOrDefault((subject.PlacementId, s))?.Date).FirstOrDefault(d => d is not null);
                    var hi = nextKept is { } n && n.AddDays(-1) < latest[i] ? n.AddDays(-1) : latest[i];
                    var isMeeting = RevisitationSteps.Of(step).IsMeeting;
                    bool Fits(DateOnly d) => ClosedReason(d, options) is null && (!isMeeting || bookings.Fits(people, d, calendar));
                    var target = subject.DueDate.AddDays(-DaysBeforeDue(step));
                    var found = Nearest(lo, hi, target, Fits) ?? Earliest(lo, Max(hi, subject.DueDate).AddDays(SearchDaysBeyondDue), Fits);
                    if (found is not { } day)
                    {
                        problems.Add(new PlanProblem(subject.PlacementId, step,
                            $"Der er ingen ledig dag til {step.Danish()} før {DanishTime.LongDate(Max(hi, subject.DueDate).AddDays(SearchDaysBeyondDue))}, hvor alle deltagere kan."));
                        break;
                    }
                    date = day;
                    if (isMeeting) bookings.Book(people, date);
                }
                if (step == RevisitationStep.StatusMeeting) statusMeeting = date;
                if (step == RevisitationStep.Decision && date > subject.DueDate)
                    problems.Add(new PlanProblem(subject.PlacementId, step,
                        $"Afgørelsen kan tidligst planlægges {DanishTime.LongDate(date)}, efter fristen {DanishTime.LongDate(subject.DueDate)}."));
                planned.Add(Entry(existingEntry, subject, step, date, people));
                previous = date;
            }
        }

        var plan = existing ?? new RevisitationPlan(planId, offerId, year, now);
        plan.Apply(planned, actor.UserId, now);
        return new PlanProposal(plan, problems);
    }

    /// <summary>
    /// The leader moves one step to another day. Refused in Danish when the day is closed, breaks the
    /// order of the child's steps (the status meeting must leave the district school leader the answer
    /// window before the parent conversation), passes the due date, or a participant cannot or has too
    /// many meetings that day. Returns the invitations to send again.
    /// </summary>
    public static IReadOnlyList<Invitation> Move(RevisitationPlan plan, Actor actor, PlanningSubject subject, RevisitationStep step, DateOnly newDate,
        AvailabilityCalendar calendar, RuleSet rules, DateTimeOffset now, PlannerOptions? options = null)
    {
        EnsureLeaderOf(actor, plan.OfferId);
        options ??= PlannerOptions.Default;
        Guard.Positive(options.MaxMeetingsPerDay, "maxMeetingsPerDay", "Antal møder pr. dag");
        if (subject.OfferId != plan.OfferId)
            throw new NotPermittedException("Planen kan kun omfatte børn i dit eget tilbud.");
        var entry = plan.Find(subject.PlacementId, step)
                    ?? throw new InvalidInputException("step", $"Der er ingen {step.Danish()} for barnet i planen.");
        if (step == RevisitationStep.HandleplanAnswer)
            throw new InvalidInputException("step", "Svarfristen for handleplanen følger af statusmødet; flyt statusmødet i stedet.");
        if (!subject.RemainingSteps.Contains(step))
            throw new WrongStateException($"{Capital(step.Danish())} er allerede gennemført for barnet og gennemføres ikke igen.");
        if (newDate <= DanishTime.Date(now))
            throw new InvalidInputException("date", "Et trin kan kun flyttes til en dag efter i dag.");
        if (ClosedReason(newDate, options) is { } closed)
            throw new InvalidInputException("date", $"{Capital(step.Danish())} kan ikke ligge der: {closed}");
        var latest = Max(subject.DueDate, entry.Date);
        if (newDate > latest)
            throw new InvalidInputException("date",
                $"{Capital(step.Danish())} skal ligge senest {DanishTime.LongDate(latest)}, som er fristen for revisitationen.");

        var entries = plan.For(subject.PlacementId);
        var before = entries.LastOrDefault(e => e.Step < step);
        var after = entries.FirstOrDefault(e => e.Step > step);
        var answer = step == RevisitationStep.StatusMeeting ? plan.Find(subject.PlacementId, RevisitationStep.HandleplanAnswer) : null;
        var newAnswerBy = newDate.AddDays(rules.Revisitation.HandleplanAnswerDays);
        if (before is null && subject.LastProgressOn is { } last && newDate <= last)
            throw new InvalidInputException("date", $"{Capital(step.Danish())} skal ligge efter det seneste trin ({DanishTime.LongDate(last)}).");
        if (before is not null && newDate <= before.Date)
            throw new InvalidInputException("date", before.Step == RevisitationStep.HandleplanAnswer
                ? $"{Capital(step.Danish())} skal ligge efter distriktsskolelederens svarfrist ({DanishTime.LongDate(before.Date)})."
                : $"{Capital(step.Danish())} skal ligge efter {before.Step.Danish()} ({DanishTime.LongDate(before.Date)}).");
        var following = answer is not null ? entries.FirstOrDefault(e => e.Step > RevisitationStep.HandleplanAnswer) : after;
        if (answer is not null && following is not null && newAnswerBy >= following.Date)
            throw new InvalidInputException("date",
                $"Statusmødet skal ligge mindst {rules.Revisitation.HandleplanAnswerDays} dage før {following.Step.Danish()} ({DanishTime.LongDate(following.Date)}), så distriktsskolelederen kan nå at svare.");
        if (answer is null && after is not null && newDate >= after.Date)
            throw new InvalidInputException("date", $"{Capital(step.Danish())} skal ligge før {after.Step.Danish()} ({DanishTime.LongDate(after.Date)}).");

        if (entry.IsMeeting)
        {
            var people = entry.Participants.Select(p => new PlanPerson(p.Role, p.PersonId, p.Name)).ToList();
            var busy = people.Where(p => !calendar.IsFree(p.PersonId, newDate)).Select(p => p.Name).Distinct().ToList();
            if (busy.Count > 0)
                throw new InvalidInputException("date", $"{string.Join(" og ", busy)} kan ikke {DanishTime.LongDate(newDate)}.");
            var bookings = new Bookings(options.MaxMeetingsPerDay);
            foreach (var other in plan.Entries.Where(e => e.IsMeeting && e.Date == newDate && e != entry))
                bookings.Book(other.Participants.Select(p => new PlanPerson(p.Role, p.PersonId, p.Name)), newDate);
            var full = people.Where(p => !bookings.HasRoom(p.PersonId, newDate)).Select(p => p.Name).Distinct().ToList();
            if (full.Count > 0)
                throw new InvalidInputException("date", $"{string.Join(" og ", full)} har allerede {options.MaxMeetingsPerDay} møder {DanishTime.LongDate(newDate)}.");
        }

        entry.MoveTo(newDate, byLeader: true);
        answer?.MoveTo(newAnswerBy, byLeader: false);
        plan.Touch(actor.UserId, now);
        return plan.InvitationsFor(entry);
    }

    private static void EnsureLeaderOf(Actor actor, Guid offerId)
    {
        if (actor.Role != Role.OfferLeader)
            throw new NotPermittedException($"Som {actor.Role.Danish()} kan du ikke planlægge revisitationer. Det gør lederen af tilbuddet.");
        if (actor.OfferId != offerId)
            throw new NotPermittedException("Du kan kun planlægge revisitationer i dit eget tilbud.");
    }

    /// <summary>The people of a step; the planning offer leader stands in when the child's list names none.</summary>
    private static IReadOnlyList<PlanPerson> Participants(PlanningSubject subject, RevisitationStep step, Actor actor)
    {
        var people = subject.PeopleFor(step);
        return RevisitationSteps.Of(step).Participants.Contains(ParticipantRole.OfferLeader) && !people.Any(p => p.Role == ParticipantRole.OfferLeader)
            ? [.. people, new PlanPerson(ParticipantRole.OfferLeader, actor.UserId, actor.DisplayName)]
            : people;
    }

    private static PlannedStep Entry(PlannedStep? existing, PlanningSubject subject, RevisitationStep step, DateOnly date, IReadOnlyList<PlanPerson> people)
    {
        if (existing is null) return new PlannedStep(subject.PlacementId, subject.ChildId, subject.CaseId, step, date, subject.DueDate, people);
        existing.Update(subject.CaseId, date, subject.DueDate, people);
        return existing;
    }

    /// <summary>The latest date each step can take and still leave room for the ones after it before the due date.</summary>
    private static DateOnly[] LatestDates(IReadOnlyList<RevisitationStep> steps, DateOnly due, RuleSet rules)
    {
        var latest = new DateOnly[steps.Count];
        var bound = due;
        for (var i = steps.Count - 1; i >= 0; i--)
        {
            latest[i] = bound;
            bound = bound.AddDays(steps[i] == RevisitationStep.HandleplanAnswer ? -rules.Revisitation.HandleplanAnswerDays : -1);
        }
        return latest;
    }

    /// <summary>The fitting day in [lo, hi] closest to the target, the earlier one on a tie.</summary>
    private static DateOnly? Nearest(DateOnly lo, DateOnly hi, DateOnly target, Func<DateOnly, bool> fits)
    {
        if (lo > hi) return null;
        var start = target < lo ? lo : target > hi ? hi : target;
        for (var distance = 0; ; distance++)
        {
            var earlier = start.AddDays(-distance);
            var later = start.AddDays(distance);
            if (earlier < lo && later > hi) return null;
            if (earlier >= lo && fits(earlier)) return earlier;
            if (distance > 0 && later <= hi && fits(later)) return later;
        }
    }

    private static DateOnly? Earliest(DateOnly lo, DateOnly hi, Func<DateOnly, bool> fits)
    {
        for (var d = lo; d <= hi; d = d.AddDays(1))
            if (fits(d)) return d;
        return null;
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static string Capital(string text) => char.ToUpper(text[0], DanishTime.Culture) + text[1..];

    /// <summary>Who has how many meetings on which day.</summary>
    private sealed class Bookings(int maxPerDay)
    {
        private readonly Dictionary<(Guid, DateOnly), int> _count = [];

        public bool HasRoom(Guid personId, DateOnly date) => _count.GetValueOrDefault((personId, date)) < maxPerDay;

        public bool Fits(IEnumerable<PlanPerson> people, DateOnly date, AvailabilityCalendar calendar) =>
            people.All(p => calendar.IsFree(p.PersonId, date) && HasRoom(p.PersonId, date));

        public void Book(IEnumerable<PlanPerson> people, DateOnly date)
        {
            foreach (var id in people.Select(p => p.PersonId).Distinct()) _count[(id, date)] = _count.GetValueOrDefault((id, date)) + 1;
        }

        public void Release(IEnumerable<PlanPerson> people, DateOnly date)
        {
            foreach (var id in people.Select(p => p.PersonId).Distinct())
                if (_count.GetValueOrDefault((id, date)) > 0) _count[(id, date)]--;
        }
    }
}
