using Visitation.Workflows.Common;
using Visitation.Workflows.Placements;

namespace Visitation.Workflows.Revisitation;

/// <summary>Someone invited to a planned step.</summary>
public sealed class PlannedParticipant
{
    public ParticipantRole Role { get; private set; }
    public Guid PersonId { get; private set; }
    public string Name { get; private set; } = "";

    private PlannedParticipant() { }

    internal PlannedParticipant(ParticipantRole role, Guid personId, string name)
    {
        Role = role;
        PersonId = personId;
        Name = name;
    }
}

/// <summary>One child's step on a planned date. A meeting invites its participants; the answer and the decision are dates to meet.</summary>
public sealed class PlannedStep
{
    private readonly List<PlannedParticipant> _participants = [];

    public Guid Id { get; private set; }
    public Guid PlacementId { get; private set; }
    public Guid ChildId { get; private set; }
    public Guid? CaseId { get; private set; }
    public RevisitationStep Step { get; private set; }
    public DateOnly Date { get; private set; }
    /// <summary>The revisitation's due date when planned; the decision is planned by it.</summary>
    public DateOnly DueDate { get; private set; }
    public bool IsMeeting { get; private set; }
    /// <summary>The leader chose this date by hand; re-planning keeps it while it is still possible.</summary>
    public bool MovedByLeader { get; private set; }
    public IReadOnlyList<PlannedParticipant> Participants => _participants;

    private PlannedStep() { }

    internal PlannedStep(Guid placementId, Guid childId, Guid? caseId, RevisitationStep step, DateOnly date, DateOnly dueDate,
        IEnumerable<PlanPerson> participants)
    {
        Id = Guid.NewGuid();
        PlacementId = placementId;
        ChildId = childId;
        Step = step;
        IsMeeting = RevisitationSteps.Of(step).IsMeeting;
        Update(caseId, date, dueDate, participants);
    }

    internal void Update(Guid? caseId, DateOnly date, DateOnly dueDate, IEnumerable<PlanPerson> participants)
    {
        // A date the planner had to change is no longer the one the leader chose.
        if (date != Date) MovedByLeader = false;
        CaseId = caseId;
        Date = date;
        DueDate = dueDate;
        _participants.Clear();
        _participants.AddRange(participants.Select(p => new PlannedParticipant(p.Role, p.PersonId, p.Name)));
    }

    internal void MoveTo(DateOnly date, bool byLeader)
    {
        Date = date;
        if (byLeader) MovedByLeader = true;
    }
}

/// <summary>An invitation the edge can send: who, to which child's step, on which date.</summary>
public sealed record Invitation(Guid PlanEntryId, Guid PlacementId, Guid ChildId, RevisitationStep Step, DateOnly Date,
    ParticipantRole Role, Guid PersonId, string Name);

/// <summary>
/// An offer leader's revisitation plan for a school year: a date for each remaining step of each child.
/// Made and re-made by <see cref="RevisitationPlanner.Propose"/>, changed by hand with
/// <see cref="RevisitationPlanner.Move"/>; each change bumps <see cref="Revision"/>.
/// </summary>
public sealed class RevisitationPlan
{
    private readonly List<PlannedStep> _entries = [];

    public Guid Id { get; private set; }
    public Guid OfferId { get; private set; }
    public DateOnly SchoolYearStart { get; private set; }
    public DateOnly SchoolYearEnd { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public Guid UpdatedByUserId { get; private set; }
    /// <summary>Optimistic concurrency token, bumped by every change.</summary>
    public int Revision { get; private set; }
    public IReadOnlyList<PlannedStep> Entries => _entries;

    private RevisitationPlan() { }

    internal RevisitationPlan(Guid id, Guid offerId, SchoolYear year, DateTimeOffset now)
    {
        Id = id;
        OfferId = offerId;
        SchoolYearStart = year.FirstDay;
        SchoolYearEnd = year.LastDay;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public IReadOnlyList<PlannedStep> For(Guid placementId) =>
        _entries.Where(e => e.PlacementId == placementId).OrderBy(e => e.Step).ToList();

    public PlannedStep? Find(Guid placementId, RevisitationStep step) =>
        _entries.FirstOrDefault(e => e.PlacementId == placementId && e.Step == step);

    public IReadOnlyList<PlannedStep> On(DateOnly date) => _entries.Where(e => e.Date == date).OrderBy(e => e.Step).ThenBy(e => e.PlacementId).ToList();

    /// <summary>One invitation per participant of every planned meeting, in date order.</summary>
    public IReadOnlyList<Invitation> Invitations() =>
        _entries.OrderBy(e => e.Date).ThenBy(e => e.PlacementId).ThenBy(e => e.Step).SelectMany(InvitationsFor).ToList();

    public IReadOnlyList<Invitation> InvitationsFor(PlannedStep entry) => entry.IsMeeting
        ? entry.Participants.Select(p => new Invitation(entry.Id, entry.PlacementId, entry.ChildId, entry.Step, entry.Date, p.Role, p.PersonId, p.Name)).ToList()
        : [];

    internal void Apply(IReadOnlyList<PlannedStep> entries, Guid userId, DateTimeOffset now)
    {
        _entries.RemoveAll(e => !entries.Contains(e));
        _entries.AddRange(entries.Where(e => !_entries.Contains(e)));
        Touch(userId, now);
    }

    internal void Touch(Guid userId, DateTimeOffset now)
    {
        UpdatedAt = now;
        UpdatedByUserId = userId;
        Revision++;
    }
}
