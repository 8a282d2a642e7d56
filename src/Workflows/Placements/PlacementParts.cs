using Visitation.Workflows.Access;

namespace Visitation.Workflows.Placements;

public enum PlacementStatus
{
    /// <summary>The child attends (or is about to start in) the offer.</summary>
    Active,
    /// <summary>A revisitation decided to end or reduce the placement: the child is returning to the district school.</summary>
    PhasingOut,
    /// <summary>The child has left the offer.</summary>
    Ended,
}

/// <summary>Udslusning: back to the district school partly (some lessons there, the rest in the offer) or fully.</summary>
public enum PhaseOutKind
{
    Partial,
    Full,
}

public enum PlacementEventKind
{
    /// <summary>Created from the committee's placement decision.</summary>
    Created,
    /// <summary>A placement decided before the system was taken into use, entered with its last decision date.</summary>
    Registered,
    StartMeetingScheduled,
    StartMeetingHeld,
    HandleplanHandedOver,
    RevisitationStarted,
    RevisitationCancelled,
    RevisitationDecided,
    Ended,
}

/// <summary>One goal from the handleplan the placement is meant to reach; placement is temporary and has goals.</summary>
public sealed class PlacementGoal
{
    public Guid Id { get; private set; }
    public int Position { get; private set; }
    public string Text { get; private set; } = "";

    private PlacementGoal() { }

    internal PlacementGoal(Guid id, int position, string text)
    {
        Id = id;
        Position = position;
        Text = text;
    }
}

/// <summary>The phase-out plan a revisitation decided, with the district school leader involved.</summary>
public sealed class PhaseOutPlan
{
    public PhaseOutKind Kind { get; private set; }
    /// <summary>
    /// Full: the placement's last day. Partial: the last day before the partial return begins; the
    /// placement then goes on at the reduced scope and is revisited as before.
    /// </summary>
    public DateOnly EndDate { get; private set; }
    public string Plan { get; private set; } = "";
    public Guid RevisitationCaseId { get; private set; }
    public DateTimeOffset DecidedAt { get; private set; }

    private PhaseOutPlan() { }

    internal PhaseOutPlan(PhaseOutKind kind, DateOnly endDate, string plan, Guid revisitationCaseId, DateTimeOffset decidedAt)
    {
        Kind = kind;
        EndDate = endDate;
        Plan = plan;
        RevisitationCaseId = revisitationCaseId;
        DecidedAt = decidedAt;
    }
}

/// <summary>One step in a placement's history, with the person who took it; the audit log is made from these.</summary>
public sealed class PlacementEvent
{
    public Guid Id { get; private set; }
    public DateTimeOffset At { get; private set; }
    public PlacementEventKind Kind { get; private set; }
    public Guid ActorUserId { get; private set; }
    public string ActorName { get; private set; } = "";
    public string ActorRole { get; private set; } = "";
    public string Detail { get; private set; } = "";

    private PlacementEvent() { }

    internal PlacementEvent(DateTimeOffset at, PlacementEventKind kind, Actor actor, string detail)
    {
        Id = Guid.NewGuid();
        At = at;
        Kind = kind;
        ActorUserId = actor.UserId;
        ActorName = actor.DisplayName;
        ActorRole = actor.Role.ToString();
        Detail = detail;
    }
}

public static class PlacementTexts
{
    public static string Danish(this PlacementStatus status) => status switch
    {
        PlacementStatus.Active => "aktiv",
        PlacementStatus.PhasingOut => "under udslusning",
        PlacementStatus.Ended => "afsluttet",
        _ => status.ToString(),
    };

    public static string Danish(this PhaseOutKind kind) => kind switch
    {
        PhaseOutKind.Partial => "delvis tilbagevenden til distriktsskolen",
        PhaseOutKind.Full => "fuld tilbagevenden til distriktsskolen",
        _ => kind.ToString(),
    };
}
