using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Notifications;
using Visitation.Workflows.Rules;

namespace Visitation.Workflows.Ppv;

/// <summary>
/// The PPV's deadlines: when they fall, and what happens when they are reached. Each reaction looks at the
/// case as it is now, so a deadline that is no longer relevant (the PPV became final, the hearing was
/// closed, the target moved with an update) produces nothing; running one twice gives the same answer,
/// and <see cref="Deadline.TryFire"/> makes sure its notifications are sent once.
/// </summary>
public static class PpvDeadlines
{
    public static readonly IReadOnlyList<DeadlineKind> Kinds =
        [DeadlineKind.PpvTargetReminder, DeadlineKind.PpvTargetEscalation, DeadlineKind.PpvHearingDeadline];

    /// <summary>When a PPV requested at <paramref name="requestedAt"/> should be final.</summary>
    public static DateTimeOffset TargetAt(DateTimeOffset requestedAt, RuleSet rules) =>
        requestedAt.ToUniversalTime().AddDays(rules.Ppv.TargetDaysFromRequestToFinal);

    /// <summary>
    /// The parents may reply until the end of the day (Danish time) <c>hearingReplyDays</c> after the draft
    /// was sent: a deadline given as a date means the whole of that day.
    /// </summary>
    public static DateTimeOffset HearingReplyDeadline(DateTimeOffset sentAt, RuleSet rules) =>
        EndOfDanishDay(DanishTime.Date(sentAt).AddDays(rules.Ppv.HearingReplyDays));

    internal static DateTimeOffset EndOfDanishDay(DateOnly date)
    {
        var local = date.ToDateTime(new TimeOnly(23, 59, 59));
        return new DateTimeOffset(local, DanishTime.Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>Reminders before the target and one escalation after it, for the cycle just requested.</summary>
    internal static void ScheduleTarget(PpvCase ppv, PpvRequest request, RuleSet rules, DateTimeOffset now)
    {
        foreach (var days in rules.Ppv.ReminderDaysBeforeTarget.Distinct().OrderDescending())
        {
            var remindAt = request.TargetAt.AddDays(-days);
            if (remindAt > now) ppv.Schedule(DeadlineKind.PpvTargetReminder, remindAt);
        }
        ppv.Schedule(DeadlineKind.PpvTargetEscalation, request.TargetAt.AddDays(rules.Ppv.EscalateDaysAfterTarget));
    }

    internal static void CancelAll(PpvCase ppv)
    {
        foreach (var kind in Kinds) ppv.CancelDeadlines(kind);
    }

    /// <summary>The reaction to any PPV deadline; what the deadline job calls.</summary>
    public static IEnumerable<Notification> React(Deadline deadline, PpvCase ppv, DateTimeOffset now) => deadline.Kind switch
    {
        DeadlineKind.PpvTargetReminder => TargetReminder(deadline, ppv, now),
        DeadlineKind.PpvTargetEscalation => TargetEscalation(deadline, ppv, now),
        DeadlineKind.PpvHearingDeadline => HearingDeadline(deadline, ppv, now),
        _ => throw new ArgumentOutOfRangeException(nameof(deadline), deadline.Kind, "Not a PPV deadline."),
    };

    /// <summary>To the psychologists serving the child's school: the target date approaches.</summary>
    public static IEnumerable<Notification> TargetReminder(Deadline deadline, PpvCase ppv, DateTimeOffset now)
    {
        if (!ppv.IsInProgress) yield break;
        var request = ppv.CurrentRequest;
        // A reminder belongs to the current cycle only if it falls between its request and its target.
        if (deadline.DueAt < request.RequestedAt || deadline.DueAt >= request.TargetAt) yield break;
        yield return new Notification(Guid.NewGuid(), now, Role.Psychologist, ppv.DistrictSchoolId, null,
            "PPV nærmer sig måldatoen",
            $"En PPV anmodet {DanishTime.LongDate(request.RequestedAt)} skal efter målet være endelig senest {DanishTime.LongDate(request.TargetAt)}. "
            + $"Sagen er {ppv.State.Danish()}. {AssignmentText(ppv)}",
            ppv.Id, deadline.Id);
    }

    /// <summary>To the psychologist service's leader: the PPV is past its target date and still not final.</summary>
    public static IEnumerable<Notification> TargetEscalation(Deadline deadline, PpvCase ppv, DateTimeOffset now)
    {
        if (!ppv.IsInProgress) yield break;
        var request = ppv.CurrentRequest;
        if (deadline.DueAt < request.TargetAt || now < request.TargetAt) yield break;
        yield return new Notification(Guid.NewGuid(), now, Role.Psychologist, null, PsychologistService.LeaderScopeId,
            "PPV har overskredet måldatoen",
            $"En PPV anmodet {DanishTime.LongDate(request.RequestedAt)} skulle have været endelig senest {DanishTime.LongDate(request.TargetAt)}, men er {ppv.State.Danish()}. "
            + AssignmentText(ppv),
            ppv.Id, deadline.Id);
    }

    /// <summary>
    /// To the psychologists serving the school: the parents' reply deadline has passed, so the hearing is over
    /// and the PPV can be made final. Nothing if every guardian already replied, or the hearing was closed.
    /// </summary>
    public static IEnumerable<Notification> HearingDeadline(Deadline deadline, PpvCase ppv, DateTimeOffset now)
    {
        if (ppv.State != PpvState.InHearing || ppv.CurrentHearing is not { } hearing) yield break;
        // The deadline of an earlier hearing on a draft taken back is not this hearing's; a second of slack
        // absorbs the precision a database keeps.
        if (Math.Abs((hearing.ReplyDeadline - deadline.DueAt).TotalSeconds) >= 1 || ppv.EveryGuardianReplied(hearing)) yield break;
        var comments = ppv.CommentsOn(hearing).Count;
        yield return new Notification(Guid.NewGuid(), now, Role.Psychologist, ppv.DistrictSchoolId, null,
            "Høringsfristen for et PPV-udkast er udløbet",
            $"Forældrenes frist for at kommentere PPV-udkastet udløb {DanishTime.LongDate(hearing.ReplyDeadline)}. "
            + $"Der er modtaget {comments} kommentar(er). PPV'en kan nu gøres endelig. {AssignmentText(ppv)}",
            ppv.Id, deadline.Id);
    }

    private static string AssignmentText(PpvCase ppv) =>
        ppv.AssignedPsychologistName is { } name && ppv.State is not (PpvState.Requested or PpvState.AwaitingPrioritisation or PpvState.AwaitingAssignment)
            ? $"Tildelt: {name}."
            : "Sagen er endnu ikke tildelt en psykolog.";
}
