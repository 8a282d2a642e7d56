using Visitation.Workflows.Common;
using Visitation.Workflows.Deadlines;
using Visitation.Workflows.Rules;
using Visitation.Workflows.Schools;

namespace Visitation.Workflows.Rounds;

/// <summary>How often rounds of this kind run (the committee's differentiated rounds).</summary>
public enum RoundKind
{
    /// <summary>Once a year, for some special offers.</summary>
    Annual,
    /// <summary>Three times a year, for most offers.</summary>
    Regular,
    /// <summary>More often than three times a year, for a few offers.</summary>
    Frequent,
    /// <summary>Continuous intake for children moving into the municipality (tilflyttere).</summary>
    Continuous,
}

public enum RoundStatus
{
    Open,
    Closed,
}

/// <summary>
/// A visitation round (visitationsrunde): referrals received by <see cref="ReferralDeadline"/> are
/// sorted at the triage meeting (fordelingsmøde) and decided at the committee meeting.
/// </summary>
public sealed class VisitationRound : IHasDeadlineChanges
{
    private readonly List<DeadlineChange> _deadlineChanges = [];
    private readonly List<OfferCategory> _categories = [];

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public RoundKind Kind { get; private set; }
    public DateTimeOffset ReferralDeadline { get; private set; }
    public DateTimeOffset TriageMeetingAt { get; private set; }
    public DateTimeOffset CommitteeMeetingAt { get; private set; }
    public RoundStatus Status { get; private set; }
    public int Revision { get; private set; }

    /// <summary>
    /// The offer categories whose referrals this round takes. Empty means every category: rounds planned
    /// by hand before the calendar knew categories serve all of them.
    /// </summary>
    public IReadOnlyList<OfferCategory> Categories => _categories;

    private VisitationRound() { }

    public VisitationRound(Guid id, string name, RoundKind kind, DateTimeOffset referralDeadline,
        DateTimeOffset triageMeetingAt, DateTimeOffset committeeMeetingAt, IEnumerable<OfferCategory>? categories = null)
    {
        if (triageMeetingAt < referralDeadline)
            throw new InvalidInputException("triageMeetingAt", "Fordelingsmødet skal ligge efter henvisningsfristen.");
        if (committeeMeetingAt < triageMeetingAt)
            throw new InvalidInputException("committeeMeetingAt", "Visitationsudvalgets møde skal ligge efter fordelingsmødet.");
        Id = id;
        Name = Guard.Text(name, "name", "Rundens navn");
        Kind = kind;
        // Stored in UTC: PostgreSQL's timestamptz and ordering on SQLite both need one offset.
        ReferralDeadline = referralDeadline.ToUniversalTime();
        TriageMeetingAt = triageMeetingAt.ToUniversalTime();
        CommitteeMeetingAt = committeeMeetingAt.ToUniversalTime();
        Status = RoundStatus.Open;
        foreach (var category in categories ?? [])
        {
            if (!Enum.IsDefined(category))
                throw new InvalidInputException("categories", "Ukendt tilbudskategori.");
            if (!_categories.Contains(category)) _categories.Add(category);
        }
        _categories.Sort();
    }

    /// <summary>Whether referrals for offers of <paramref name="category"/> belong in this round.</summary>
    public bool Serves(OfferCategory category) => _categories.Count == 0 || _categories.Contains(category);

    /// <summary>Plans a round and its reminder to schools before the referral deadline.</summary>
    public static VisitationRound Plan(Guid id, string name, RoundKind kind, DateTimeOffset referralDeadline,
        DateTimeOffset triageMeetingAt, DateTimeOffset committeeMeetingAt, RuleSet rules, DateTimeOffset now,
        IEnumerable<OfferCategory>? categories = null)
    {
        var round = new VisitationRound(id, name, kind, referralDeadline, triageMeetingAt, committeeMeetingAt, categories);
        var remindAt = referralDeadline - rules.Referral.RoundDeadlineReminderBefore;
        if (kind != RoundKind.Continuous && remindAt > now)
            round._deadlineChanges.Add(new ScheduleDeadline(DeadlineKind.RoundDeadlineReminder, id, remindAt));
        return round;
    }

    public IReadOnlyList<DeadlineChange> DeadlineChanges => _deadlineChanges;

    public void ClearDeadlineChanges() => _deadlineChanges.Clear();

    /// <summary>Whether a referral may still join this round at <paramref name="now"/>.</summary>
    public bool AcceptsReferralsAt(DateTimeOffset now) =>
        Status == RoundStatus.Open && (Kind == RoundKind.Continuous || now <= ReferralDeadline);

    public void Close()
    {
        if (Status == RoundStatus.Closed)
            throw new WrongStateException($"Runden '{Name}' er allerede lukket.");
        Status = RoundStatus.Closed;
        Revision++;
        _deadlineChanges.Add(new CancelDeadlines(DeadlineKind.RoundDeadlineReminder, Id));
    }
}
