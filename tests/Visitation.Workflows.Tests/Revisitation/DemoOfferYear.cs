using Visitation.Workflows.Access;
using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Notifications;
using Visitation.Workflows.Revisitation;
using Visitation.Workflows.Rules;
using Visitation.Workflows.Schools;
using Visitation.Workflows.Tests.Support;

namespace Visitation.Workflows.Tests.Revisitation;

// Inside the namespace, so 'Placement' is the aggregate even if a sibling test namespace named Placement appears.
using Visitation.Workflows.Placements;

/// <summary>
/// A demo special offer with 20 placed children from four district schools, lived through the school
/// year 2026/27 one day at a time: the offer leader plans the year on 3 August, every planned step is
/// taken on its day by the person it belongs to, the plan is redone in the evening when a case comes to
/// need a revisitation meeting, and the deadlines are woken as the scheduler would. The children's last
/// decisions lie between September 2025 and June 2026, so every one of them falls due in the year.
/// </summary>
public sealed class DemoOfferYear
{
    public const int ChildCount = 20;
    public static readonly RuleSet Rules = RevisitationScenario.CurrentRules;
    public static readonly SchoolYear Year = new(2026);
    public static readonly DateOnly FirstDay = new(2026, 8, 3);

    private readonly RevisitationWorkflow _workflow = new RevisitationWorkflowV1();
    private readonly Dictionary<Guid, int> _number = [];
    private readonly Dictionary<Guid, Child> _children = [];
    private readonly Dictionary<Guid, IReadOnlyList<PlanPerson>> _people = [];
    private readonly Dictionary<Guid, Actor> _schoolLeaders = [];
    private readonly List<(Guid PlacementId, DateOnly EndDate)> _fullReturns = [];
    private readonly HashSet<int> _silentSchoolLeaderFor;

    public SpecialOffer Offer { get; } = new(Ids.Of(201), "Demoklassen (syntetisk)", OfferCategory.Specialtilbud1, Ids.Of(150), 24);
    public SpecialOffer OtherOffer { get; } = new(Ids.Of(202), "Trivselsklassen (syntetisk)", OfferCategory.Specialtilbud2, Ids.Of(151), 12);
    public Actor Leader { get; } = Actor.OfferLeaderOf(Ids.Of(508), "Tilbudsleder Demo", Ids.Of(201));
    public Actor Committee { get; } = Actor.Committee(Ids.Of(503), "Udvalgsmedlem Demo");
    public List<Placement> Placements { get; } = [];
    /// <summary>Every case opened in the year, by placement, latest last.</summary>
    public Dictionary<Guid, List<RevisitationCase>> Cases { get; } = [];
    public List<(Guid PlacementId, DateOnly DecidedOn, DateOnly Due, RevisitationOutcome Outcome)> Decisions { get; } = [];
    /// <summary>Every meeting held: when, which step, and who came.</summary>
    public List<(DateOnly Date, RevisitationStep Step, IReadOnlyList<Guid> People)> Held { get; } = [];
    public AvailabilityCalendar Calendar { get; } = AvailabilityCalendar.Empty;
    public FakeDeadlineScheduler Scheduler { get; } = new();
    public RevisitationPlan Plan { get; private set; } = null!;
    public List<PlanProblem> Problems { get; } = [];

    /// <param name="silentSchoolLeaderFor">Children (1-20) whose district school leader never answers the handleplan.</param>
    public DemoOfferYear(params int[] silentSchoolLeaderFor)
    {
        _silentSchoolLeaderFor = [.. silentSchoolLeaderFor];
        var registeredAt = Danish(FirstDay, 8);
        for (var school = 0; school < 4; school++)
            _schoolLeaders[Ids.Of(110 + school)] = Actor.SchoolLeader(Ids.Of(1500 + school), $"Skoleleder {school + 1}", Ids.Of(110 + school));
        for (var n = 1; n <= ChildCount; n++)
        {
            var schoolId = Ids.Of(110 + n % 4);
            var child = new Child(Ids.Of(2000 + n), $"Demobarn {n}", CprNumber.Synthetic(new DateOnly(2013, 1, 1).AddDays(n * 37), new Random(n)),
                schoolId, [Ids.Of(2100 + n)]);
            var lastDecision = new DateOnly(2025, 9, 15).AddDays((n - 1) * 14);
            var placement = Placement.Register(Ids.Of(2200 + n), child, Offer, lastDecision.AddDays(14), lastDecision,
                [$"Mål {n}: barnet deltager i undervisningen i sin stamklasse to dage om ugen."], Committee, Rules, registeredAt);
            Scheduler.Collect(placement, registeredAt);
            Placements.Add(placement);
            _number[placement.Id] = n;
            _children[placement.Id] = child;
            _people[placement.Id] =
            [
                new(ParticipantRole.Pupil, child.Id, child.Name),
                new(ParticipantRole.ContactTeacher, Ids.Of(2300 + n % 5), $"Kontaktlærer {n % 5 + 1}"),
                new(ParticipantRole.Team, Ids.Of(2310 + n % 2), $"Teamlærer {n % 2 + 1}"),
                new(ParticipantRole.Guardian, Ids.Of(2100 + n), $"Forælder til demobarn {n}"),
                new(ParticipantRole.OfferLeader, Leader.UserId, Leader.DisplayName),
                new(ParticipantRole.Psychologist, Ids.Of(2400 + n % 4), $"Psykolog {n % 4 + 1}"),
                new(ParticipantRole.DistrictSchoolLeader, _schoolLeaders[schoolId].UserId, _schoolLeaders[schoolId].DisplayName),
            ];
        }
        Calendar
            .Busy(Leader.UserId, new DateOnly(2026, 10, 7), new DateOnly(2026, 10, 14), new DateOnly(2026, 11, 11), new DateOnly(2027, 3, 3))
            .Busy(Ids.Of(2401), new DateOnly(2026, 10, 16), new DateOnly(2027, 1, 15), new DateOnly(2027, 4, 9))
            .Busy(Ids.Of(2300), new DateOnly(2026, 9, 1), new DateOnly(2026, 12, 1));
    }

    public int NumberOf(Guid placementId) => _number[placementId];

    public Actor SchoolLeaderOf(Placement placement) => _schoolLeaders[placement.DistrictSchoolId];

    public bool IsBusy(Guid personId, DateOnly date) => !Calendar.IsFree(personId, date);

    public RevisitationCase? OpenCase(Placement placement) =>
        Cases.TryGetValue(placement.Id, out var cases) && cases[^1].IsOpen ? cases[^1] : null;

    /// <summary>The year from the first day to the last, one day at a time.</summary>
    public void LiveTheYear()
    {
        Replan(Danish(FirstDay, 10));
        for (var day = FirstDay; day <= Year.LastDay; day = day.AddDays(1)) LiveDay(day);
    }

    public IEnumerable<Notification> React(Deadline deadline, DateTimeOffset now)
    {
        var placement = Placements.FirstOrDefault(p => p.Id == deadline.SubjectId)
                        ?? Placements.Single(p => Cases.GetValueOrDefault(p.Id)?.Any(c => c.Id == deadline.SubjectId) == true);
        var revisitation = Cases.GetValueOrDefault(placement.Id)?.FirstOrDefault(c => c.Id == deadline.SubjectId) ?? OpenCase(placement);
        return RevisitationDeadlines.React(deadline, placement, revisitation, Rules, now);
    }

    private void LiveDay(DateOnly day)
    {
        Scheduler.RunDue(Danish(day, 7), React);
        var replan = false;
        foreach (var entry in Plan.On(day).ToList())
            replan |= Take(entry, day);
        foreach (var (placementId, endDate) in _fullReturns.Where(r => r.EndDate == day).ToList())
        {
            var placement = Placements.Single(p => p.Id == placementId);
            placement.CompleteFullReturn(_children[placementId], Leader, Danish(day, 15));
            Scheduler.Collect(placement, Danish(day, 15));
        }
        if (replan) Replan(Danish(day, 22));
        Scheduler.RunDue(Danish(day, 23), React);
    }

    private void Replan(DateTimeOffset now)
    {
        var subjects = Placements
            .Where(p => p.NextRevisitationDue is { } due && due <= Year.LastDay)
            .Select(p => PlanningSubject.For(p, OpenCase(p), _workflow, _people[p.Id]));
        var proposal = RevisitationPlanner.Propose(Ids.Of(2500), Leader, Offer.Id, Year, subjects, Calendar, Rules, now, existing: Plan);
        Plan = proposal.Plan;
        Problems.AddRange(proposal.Problems);
    }

    /// <summary>Takes a planned step on its day; true when the case now needs a revisitation meeting planned.</summary>
    private bool Take(PlannedStep entry, DateOnly day)
    {
        var placement = Placements.Single(p => p.Id == entry.PlacementId);
        var n = NumberOf(placement.Id);
        var c = OpenCase(placement);
        if (entry.Step == RevisitationStep.PupilConversation && c is null)
        {
            c = _workflow.Start(Guid.NewGuid(), placement, Leader, Rules, Danish(day, 9));
            Cases.TryAdd(placement.Id, []);
            Cases[placement.Id].Add(c);
        }
        if (c is null) return false;
        var actor = entry.Step == RevisitationStep.HandleplanAnswer ? SchoolLeaderOf(placement) : Leader;
        var trigger = entry.Step switch
        {
            RevisitationStep.PupilConversation => RevisitationTrigger.RecordPupilConversation,
            RevisitationStep.StatusMeeting => RevisitationTrigger.RecordStatusMeeting,
            RevisitationStep.HandleplanAnswer => RevisitationTrigger.AnswerHandleplan,
            RevisitationStep.ParentConversation => RevisitationTrigger.RecordParentConversation,
            RevisitationStep.RevisitationMeeting => RevisitationTrigger.RecordRevisitationMeeting,
            _ => Outcome(n) switch
            {
                RevisitationOutcome.Continue => RevisitationTrigger.DecideContinuation,
                RevisitationOutcome.End => RevisitationTrigger.DecideEnd,
                _ => RevisitationTrigger.DecideChange,
            },
        };
        // A step that is not the case's next (the one before it was skipped) waits.
        if (!_workflow.PermittedActions(c, actor).Contains(trigger)) return false;
        if (entry.Step == RevisitationStep.HandleplanAnswer && _silentSchoolLeaderFor.Contains(n)) return false;

        var meetingAt = Danish(day, 10);
        var needsMeeting = false;
        switch (entry.Step)
        {
            case RevisitationStep.PupilConversation:
                _workflow.RecordPupilConversation(c, Leader, Meeting(entry, meetingAt), meetingAt);
                break;
            case RevisitationStep.StatusMeeting:
                needsMeeting = n == 3;
                _workflow.RecordStatusMeeting(c, Leader, Meeting(entry, meetingAt), [$"Fokus for demobarn {n}"], ["Fortsat støtte i dansk"], needsMeeting, meetingAt);
                _workflow.SendHandleplan(c, Leader, Rules, Danish(day, 14));
                break;
            case RevisitationStep.HandleplanAnswer:
                needsMeeting = n % 5 == 1;
                _workflow.AnswerHandleplan(c, actor, needsMeeting ? HandleplanAnswer.WantsDiscussion : HandleplanAnswer.NoFurtherDiscussion,
                    needsMeeting ? "Vi vil drøfte mere tid i stamklassen." : null, Danish(day, 8));
                break;
            case RevisitationStep.ParentConversation:
                needsMeeting = n % 5 == 2;
                _workflow.RecordParentConversation(c, Leader, Meeting(entry, meetingAt), needsMeeting, meetingAt);
                break;
            case RevisitationStep.RevisitationMeeting:
                _workflow.RecordRevisitationMeeting(c, Leader, Meeting(entry, meetingAt), meetingAt);
                break;
            case RevisitationStep.Decision:
                Decide(placement, c, n, Danish(day, 12));
                break;
        }
        if (entry.IsMeeting) Held.Add((day, entry.Step, entry.Participants.Select(p => p.PersonId).ToList()));
        Scheduler.Collect(c, Danish(day, 15));
        Scheduler.Collect(placement, Danish(day, 15));
        return needsMeeting;
    }

    /// <summary>Most continue; those whose school or parents asked, or whose needs changed, are decided variously after their meeting.</summary>
    public static RevisitationOutcome Outcome(int n) => n switch
    {
        1 or 17 => RevisitationOutcome.ChangeScope,
        2 => RevisitationOutcome.ChangeOffer,
        11 or 16 => RevisitationOutcome.End,
        _ => RevisitationOutcome.Continue,
    };

    private void Decide(Placement placement, RevisitationCase c, int n, DateTimeOffset at)
    {
        var due = placement.NextRevisitationDue!.Value;
        var today = DanishTime.Date(at);
        RevisitationDecision decision;
        switch (Outcome(n))
        {
            case RevisitationOutcome.ChangeScope:
                decision = _workflow.DecideChange(c, placement, Leader, null, "Tre dage om ugen i tilbuddet, to i stamklassen", "Barnet er klar til mere tid i stamklassen.",
                    Rules, at);
                break;
            case RevisitationOutcome.ChangeOffer:
                decision = _workflow.DecideChange(c, placement, Leader, OtherOffer, null, "Behovet mødes bedre i et tilbud for trivsel.", Rules, at);
                break;
            case RevisitationOutcome.End when n == 16:
                decision = _workflow.DecideEnd(c, placement, Leader, PhaseOutKind.Full, today.AddDays(30), "Fuld skolegang på distriktsskolen efter en måneds udslusning.",
                    "Målene er nået.", Rules, at);
                _fullReturns.Add((placement.Id, today.AddDays(30)));
                break;
            case RevisitationOutcome.End:
                decision = _workflow.DecideEnd(c, placement, Leader, PhaseOutKind.Partial, today.AddDays(60), "Dansk og matematik på distriktsskolen.",
                    "Barnet er klar til delvis tilbagevenden.", Rules, at);
                break;
            default:
                decision = _workflow.DecideContinuation(c, placement, Leader, "Barnet trives og når sine mål.", Rules, at);
                break;
        }
        Decisions.Add((placement.Id, today, due, decision.Outcome));
    }

    private static MeetingInput Meeting(PlannedStep entry, DateTimeOffset at) =>
        new(at, entry.Participants.Select(p => new ParticipantInput(p.Role, p.Name, p.PersonId)).ToList(), $"Referat af {entry.Step.Danish()}.");

    /// <summary><paramref name="hour"/> o'clock in Denmark on <paramref name="day"/>, summer or winter.</summary>
    public static DateTimeOffset Danish(DateOnly day, int hour)
    {
        var local = day.ToDateTime(new TimeOnly(hour, 0));
        return new DateTimeOffset(local, DanishTime.Zone.GetUtcOffset(local));
    }
}
