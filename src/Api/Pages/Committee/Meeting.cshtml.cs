using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Features.Committee;
using Visitation.Api.Features.Decisions;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Infrastructure.Errors;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;
using Visitation.Workflows.Decisions;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;

namespace Visitation.Api.Pages.Committee;

/// <summary>
/// The visitation committee's meeting for a round: open it, record who is present, go through the agenda in
/// track order (each case is decided on its case page), write the minutes, and close the round, which issues
/// every decision's letter. Everything goes through the meeting feature (<see cref="CommitteeApi"/>).
/// </summary>
[ForRoles(Role.CommitteeMember)]
public sealed class MeetingModel : VisitationPageModel
{
    /// <summary>A decided case after the round closed: its written decision and how far its letters are.</summary>
    public sealed record IssuedRow(CommitteeApi.MeetingCaseView Case, WrittenDecision? Written, int Letters, int Delivered, int Guardians)
    {
        public bool Pending => Written is null || Letters < Guardians || Delivered < Letters;
    }

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public VisitationRound Round { get; private set; } = null!;
    public CommitteeApi.MeetingView? Meeting { get; private set; }
    public IReadOnlyList<AppUser> Members { get; private set; } = [];
    public IReadOnlyDictionary<Guid, string> OfferNames { get; private set; } = new Dictionary<Guid, string>();
    public IReadOnlyDictionary<Guid, string> RoundNames { get; private set; } = new Dictionary<Guid, string>();
    /// <summary>The round's referrals that have not reached the agenda yet (waiting for or past triage).</summary>
    public int NotOnAgenda { get; private set; }
    public IReadOnlyList<IssuedRow> Issued { get; private set; } = [];

    /// <summary>The meeting's revision the person saw; a change made on a stale page is refused.</summary>
    [BindProperty]
    public int? Revision { get; set; }

    [BindProperty]
    public List<Guid> Present { get; set; } = [];

    [BindProperty]
    public string? OtherAttendees { get; set; }

    [BindProperty]
    public string? Minutes { get; set; }

    public bool IsOpen => Meeting?.Status == nameof(MeetingStatus.Open);

    public bool LettersPending => Issued.Any(i => i.Pending);

    private CommitteeApi.Ctx MeetingCtx => new(Db, Service<WorkflowCatalog>(), Rules, Clock, Service<AuditLog>(), HttpContext);

    public Task OnGetAsync() => LoadAsync();

    public Task<IActionResult> OnPostOpenAsync() => ActAsync(async () =>
    {
        await CommitteeApi.OpenAsync(Id, Caller, MeetingCtx, Aborted);
        Flash = "Visitationsudvalgets møde er åbnet med rundens dagsorden.";
        return Redirect($"/udvalg/runder/{Id}/moede");
    }, formKey: "Open");

    public Task<IActionResult> OnPostAttendanceAsync() => ActAsync(async () =>
    {
        ExpectRevision(Revision);
        var members = Present.Distinct().Select(id => new CommitteeApi.AttendeeInput(id, null, null));
        var others = (OtherAttendees ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line =>
        {
            // "Navn, funktion": the function is what follows the first comma.
            var comma = line.IndexOf(',', StringComparison.Ordinal);
            return comma < 0
                ? new CommitteeApi.AttendeeInput(null, line, null)
                : new CommitteeApi.AttendeeInput(null, line[..comma].Trim(), NullIfEmpty(line[(comma + 1)..].Trim()));
        });
        var saved = (await CommitteeApi.AttendanceAsync(Id, new CommitteeApi.AttendanceRequest(members.Concat(others).ToList()), Caller, MeetingCtx, Aborted)).Value!;
        Flash = $"Fremmødet er gemt: {saved.Attendees.Count} til stede.";
        return Redirect($"/udvalg/runder/{Id}/moede#fremmoede");
    }, formKey: "Attendance");

    public Task<IActionResult> OnPostMinutesAsync() => ActAsync(async () =>
    {
        ExpectRevision(Revision);
        await CommitteeApi.MinutesAsync(Id, new CommitteeApi.MinutesRequest(Minutes), Caller, MeetingCtx, Aborted);
        Flash = "Referatet er gemt.";
        return Redirect($"/udvalg/runder/{Id}/moede#referat");
    }, formKey: "Minutes");

    /// <summary>
    /// Closes the round; the feature issues every decision in the same save. Refused, with the undecided cases
    /// listed, while any case on the agenda has no outcome.
    /// </summary>
    public Task<IActionResult> OnPostCloseAsync() => ActAsync(async () =>
    {
        ExpectRevision(Revision);
        var result = await CommitteeApi.CloseAsync(Id, null, Caller, MeetingCtx, Aborted);
        if (result.Result is ProblemHttpResult refused)
        {
            // Closing may have joined late agenda cases to the meeting in memory; none of that is saved.
            Db.ChangeTracker.Clear();
            ModelState.AddModelError("Close", refused.ProblemDetails.Detail ?? "Runden kan ikke lukkes endnu.");
            return await RedisplayAsync();
        }
        var closed = ((Ok<CommitteeApi.ClosureView>)result.Result).Value!;
        var issued = closed.Issued.Count;
        Flash = $"Runden er lukket, og {issued} {(issued == 1 ? "afgørelse er udstedt" : "afgørelser er udstedt")}. " +
                "Brevene til forældrene dannes og sendes nu." + (closed.Notes.Count > 0 ? " " + string.Join(" ", closed.Notes) : "");
        return Redirect($"/udvalg/runder/{Id}/moede#resultat");
    }, formKey: "Close");

    public static string OutcomeText(string? outcome) => outcome switch
    {
        nameof(DecisionOutcome.Placement) => "Visitation til specialtilbud",
        nameof(DecisionOutcome.ReturnToGeneral) => "Tilbagevisning til almentilbuddet",
        nameof(DecisionOutcome.Postponed) => "Udsat til en senere runde",
        _ => "Mangler afgørelse",
    };

    public string OutcomeDetail(CommitteeApi.MeetingCaseView c) => c.Outcome switch
    {
        nameof(DecisionOutcome.Placement) =>
            $"{OfferNames.GetValueOrDefault(c.OfferId ?? Guid.Empty, "")}{(c.StartDate is { } start ? $" fra {Show.Date(start)}" : "")}",
        nameof(DecisionOutcome.ReturnToGeneral) => c.HelpToBeGiven ?? "",
        nameof(DecisionOutcome.Postponed) => RoundNames.GetValueOrDefault(c.PostponedToRoundId ?? Guid.Empty, ""),
        _ => "",
    };

    /// <summary>The attendees from outside the committee's user list, as the form writes them: "Navn, funktion" per line.</summary>
    public string OthersText() => OtherAttendees ?? string.Join("\n", (Meeting?.Attendees ?? [])
        .Where(a => Members.All(m => m.Id != a.UserId))
        .Select(a => string.IsNullOrEmpty(a.Function) ? a.Name : $"{a.Name}, {a.Function}"));

    public bool IsPresent(Guid userId) =>
        Request.Method == HttpMethods.Post ? Present.Contains(userId) : Meeting?.Attendees.Any(a => a.UserId == userId) == true;

    protected override async Task LoadAsync()
    {
        Round = await Db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == Id, Aborted) ?? throw NotFoundException.Of("Runden");
        Members = await Db.Users.AsNoTracking().Where(u => u.Role == Role.CommitteeMember).OrderBy(u => u.DisplayName).ToListAsync(Aborted);
        NotOnAgenda = await Db.Referrals.AsNoTracking()
            .CountAsync(r => r.RoundId == Id && (r.State == ReferralState.AssignedToRound || r.State == ReferralState.Triaged), Aborted);
        Meeting = await Db.Set<CommitteeMeeting>().AsNoTracking().AnyAsync(m => m.RoundId == Id, Aborted)
            ? (await CommitteeApi.GetAsync(Id, Caller, MeetingCtx, Aborted)).Value
            : null;
        if (Meeting is null) return;

        Minutes ??= Meeting.Minutes;
        var offerIds = Meeting.Cases.Where(c => c.OfferId is not null).Select(c => c.OfferId!.Value).ToList();
        OfferNames = await Db.Offers.AsNoTracking().Where(o => offerIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, Aborted);
        var roundIds = Meeting.Cases.Where(c => c.PostponedToRoundId is not null).Select(c => c.PostponedToRoundId!.Value).ToList();
        RoundNames = await Db.Rounds.AsNoTracking().Where(r => roundIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, Aborted);

        if (Meeting.Status == nameof(MeetingStatus.Closed))
        {
            // Counts of letters only; the meeting view above has logged the read of each case.
            var decisionIds = Meeting.Cases.Where(c => c.DecisionId is not null).Select(c => c.DecisionId!.Value).ToList();
            var written = await Db.WrittenDecisions.AsNoTracking().Where(w => decisionIds.Contains(w.SourceDecisionId))
                .ToListAsync(Aborted);
            var writtenIds = written.Select(w => w.Id).ToList();
            var letters = await Db.Letters.AsNoTracking().Where(l => writtenIds.Contains(l.WrittenDecisionId))
                .GroupBy(l => l.WrittenDecisionId)
                .Select(g => new { g.Key, Count = g.Count(), Delivered = g.Count(l => l.DeliveredAt != null) })
                .ToDictionaryAsync(g => g.Key, Aborted);
            var childIds = Meeting.Cases.Select(c => c.ChildId).ToList();
            var guardians = (await Db.Children.AsNoTracking().Where(c => childIds.Contains(c.Id)).ToListAsync(Aborted))
                .ToDictionary(c => c.Id, c => c.GuardianIds.Count);
            Issued = Meeting.Cases.Where(c => c.DecisionId is not null).Select(c =>
            {
                var w = written.FirstOrDefault(x => x.SourceDecisionId == c.DecisionId);
                var l = w is null ? null : letters.GetValueOrDefault(w.Id);
                return new IssuedRow(c, w, l?.Count ?? 0, l?.Delivered ?? 0, guardians.GetValueOrDefault(c.ChildId));
            }).ToList();
        }
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    /// <summary>The written decision's heading, as the letter names it.</summary>
    public static string Subject(WrittenDecision w) => DeliverDecisionLetters.Subject(w.Kind);
}
