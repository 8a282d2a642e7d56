using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Features.Referrals;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Infrastructure.Errors;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Notifications;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Rules;
using Visitation.Workflows.Schools;

namespace Visitation.Api.Features.Rounds;

/// <summary>
/// Visitation rounds (visitationsrunder): the school year's calendar (kept by the administrators), which
/// round a referral joins and why (told to the school), the triage meeting and the committee's agenda.
/// The committee meeting itself is <see cref="Committee.CommitteeApi"/>.
/// </summary>
public static class RoundsApi
{
    public sealed record RoundView(Guid Id, string Name, string Kind, string KindName, IReadOnlyList<string> Categories, string SchoolYear,
        DateTimeOffset ReferralDeadline, DateTimeOffset TriageMeetingAt, DateTimeOffset CommitteeMeetingAt, string Status, int Revision);
    public sealed record PlanRound(string? Name, string? Kind, DateTimeOffset? ReferralDeadline, DateTimeOffset? TriageMeetingAt, DateTimeOffset? CommitteeMeetingAt);

    public sealed record GenerateCalendar(int? SchoolYear);
    public sealed record CalendarView(int SchoolYear, string SchoolYearName, string RuleSetVersion, DateTimeOffset GeneratedAt,
        IReadOnlyList<RoundView> Rounds);

    /// <param name="RoundId">Null when no planned round can take the referral; <paramref name="Message"/> then says what to do.</param>
    /// <param name="Message">Danish, for the district school: which round, when it is decided, and why (e.g. a missed deadline).</param>
    public sealed record RoundChoiceView(string Category, string CategoryName, Guid? RoundId, string? RoundName, DateTimeOffset? ReferralDeadline,
        DateTimeOffset? TriageMeetingAt, DateTimeOffset? CommitteeMeetingAt, bool IsLate, Guid? MissedRoundId, string? MissedRoundName, string Message);
    public sealed record IntakeRequest(Guid? ReferralId, string? Category, bool? NewResident);
    public sealed record IntakeView(Guid ReferralId, string State, RoundChoiceView Choice);

    public sealed record TrackAssignment(Guid? ReferralId, int? Track);
    public sealed record TriageRequest(IReadOnlyList<TrackAssignment>? Tracks);

    public sealed record AgendaPartView(CodeAndText Part, Guid DocumentId, string FileName, string ContentType, DateTimeOffset UploadedAt, string Url);
    public sealed record AgendaItemView(int Number, Guid ReferralId, Guid ChildId, string ChildName, Guid DistrictSchoolId, string DistrictSchoolName,
        int Track, string TrackName, DateTimeOffset SubmittedAt, CodeAndText State, IReadOnlyList<AgendaPartView> Parts,
        IReadOnlyList<CodeAndText> MissingParts);
    public sealed record UntriagedView(Guid ReferralId, Guid ChildId, string ChildName, string DistrictSchoolName);
    public sealed record AgendaView(Guid RoundId, string RoundName, string RoundStatus, DateTimeOffset TriageMeetingAt, DateTimeOffset CommitteeMeetingAt,
        IReadOnlyList<AgendaItemView> Items, IReadOnlyList<UntriagedView> Untriaged);

    public static RouteGroupBuilder MapRoundsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/rounds").WithTags("Visitationsrunder").DisableAntiforgery();
        group.MapGet("", ListAsync);
        group.MapGet("/{id:guid}", async Task<Ok<RoundView>> (Guid id, VisitationDbContext db, RuleSetCatalog rules, TimeProvider clock, CancellationToken ct) =>
            TypedResults.Ok(ToView(await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw NotFoundException.Of("Runden"),
                rules.InForceAt(clock))));
        group.MapPost("", PlanAsync);
        group.MapPost("/calendar", GenerateCalendarAsync);
        group.MapGet("/next", NextRoundAsync);
        group.MapPost("/intake", IntakeAsync);
        group.MapPost("/{id:guid}/triage", TriageAsync);
        group.MapGet("/{id:guid}/agenda", AgendaAsync);
        return group;
    }

    internal static async Task<Ok<List<RoundView>>> ListAsync(VisitationDbContext db, RuleSetCatalog rules, TimeProvider clock, CancellationToken ct,
        [FromQuery] int? schoolYear = null)
    {
        var ruleSet = rules.InForceAt(clock);
        var query = db.Rounds.AsNoTracking();
        if (schoolYear is { } start)
        {
            var year = new SchoolYear(start, ruleSet.Rounds.SchoolYearStartMonth);
            var (from, to) = (DanishMidnight(year.FirstDay), DanishMidnight(year.LastDay.AddDays(1)));
            query = query.Where(r => r.CommitteeMeetingAt >= from && r.CommitteeMeetingAt < to);
        }
        var rounds = await query.OrderBy(r => r.CommitteeMeetingAt).ToListAsync(ct);
        return TypedResults.Ok(rounds.OrderBy(r => r.CommitteeMeetingAt).ThenBy(r => r.Name, StringComparer.Ordinal).Select(r => ToView(r, ruleSet)).ToList());
    }

    private static async Task<Created<RoundView>> PlanAsync(PlanRound body, Caller caller, VisitationDbContext db, RuleSetCatalog rules,
        TimeProvider clock, CancellationToken ct)
    {
        caller.Require(Role.Administrator, Role.CommitteeMember);
        if (!Enum.TryParse<RoundKind>(body.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
            throw new InvalidInputException("kind", $"Rundetypen skal være en af: {string.Join(", ", Enum.GetNames<RoundKind>())}.");
        var deadline = body.ReferralDeadline ?? throw new InvalidInputException("referralDeadline", "Angiv henvisningsfristen.");
        var triage = body.TriageMeetingAt ?? throw new InvalidInputException("triageMeetingAt", "Angiv tidspunkt for fordelingsmødet.");
        var committee = body.CommitteeMeetingAt ?? throw new InvalidInputException("committeeMeetingAt", "Angiv tidspunkt for visitationsudvalgets møde.");
        var ruleSet = rules.InForceAt(clock);
        var round = VisitationRound.Plan(Guid.NewGuid(), body.Name ?? "", kind, deadline, triage, committee, ruleSet, clock.GetUtcNow());
        db.Rounds.Add(round);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/rounds/{round.Id}", ToView(round, ruleSet));
    }

    /// <summary>
    /// Generates the school year's rounds from the rule set's cadences (<see cref="RoundCalendar.Generate"/>). Once per
    /// school year: a second request is refused, also when two arrive at once (unique index on the year).
    /// </summary>
    internal static async Task<Created<CalendarView>> GenerateCalendarAsync(GenerateCalendar body, Caller caller, VisitationDbContext db,
        RuleSetCatalog rules, TimeProvider clock, CancellationToken ct)
    {
        var actor = caller.Require(Role.Administrator).Actor;
        var startYear = body.SchoolYear ?? throw new InvalidInputException("schoolYear", "Angiv skoleåret som året, det begynder (fx 2026 for 2026/27).");
        var now = clock.GetUtcNow();
        var current = rules.InForceAt(clock);
        var year = new SchoolYear(startYear, current.Rounds.SchoolYearStartMonth);
        if (year.LastDay < DanishTime.Date(now))
            throw new InvalidInputException("schoolYear", $"Skoleåret {year.Name} er slut; der kan ikke dannes runder for det.");
        var ruleSet = rules.InForceOn(year.FirstDay > DanishTime.Date(now) ? year.FirstDay : DanishTime.Date(now));
        if (await db.Set<RoundCalendarYear>().AsNoTracking().FirstOrDefaultAsync(c => c.SchoolYearStartYear == startYear, ct) is { } existing)
            throw AlreadyGenerated(existing);

        var rounds = RoundCalendar.Generate(ruleSet, startYear, now);
        var record = new RoundCalendarYear(Guid.NewGuid(), year, ruleSet.Version, rounds.Count, now, actor.UserId, actor.DisplayName);
        db.Rounds.AddRange(rounds);
        db.Set<RoundCalendarYear>().Add(record);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Lost a race with another administrator: the unique index on the school year held.
            db.ChangeTracker.Clear();
            if (await db.Set<RoundCalendarYear>().AsNoTracking().FirstOrDefaultAsync(c => c.SchoolYearStartYear == startYear, CancellationToken.None) is { } other)
                throw AlreadyGenerated(other);
            throw;
        }
        return TypedResults.Created($"/api/rounds?schoolYear={startYear}",
            new CalendarView(startYear, year.Name, ruleSet.Version, record.GeneratedAt, rounds.Select(r => ToView(r, ruleSet)).ToList()));
    }

    private static WrongStateException AlreadyGenerated(RoundCalendarYear existing) =>
        new($"Visitationsrunderne for skoleåret {existing.SchoolYearName} er allerede dannet ({existing.RoundCount} runder, " +
            $"{DanishTime.LongDate(existing.GeneratedAt)} af {existing.GeneratedByName}). Ret de enkelte runder i stedet for at danne året igen.");

    /// <summary>
    /// Which round a referral joins, and the Danish message for the school. With <c>referralId</c>: judged by when that
    /// referral was submitted complete; without: for a referral submitted complete now. Without <c>category</c>: one
    /// answer per offer category, since the rounds differ by category.
    /// </summary>
    private static async Task<Ok<List<RoundChoiceView>>> NextRoundAsync(Caller caller, VisitationDbContext db, TimeProvider clock, CancellationToken ct,
        [FromQuery] Guid? referralId = null, [FromQuery] string? category = null, [FromQuery] bool newResident = false)
    {
        var actor = caller.Require(Role.CommitteeMember, Role.DistrictSchoolLeader, Role.Psychologist, Role.Administrator).Actor;
        var submittedAt = clock.GetUtcNow();
        if (referralId is { } id)
        {
            var referral = await db.Referrals.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
            if (referral is null || !CaseAccess.CanReadReferral(actor, referral)) throw NotFoundException.Of("Henvisningen");
            submittedAt = referral.CompletedAt
                ?? throw new WrongStateException("Henvisningen er ikke indsendt komplet endnu og kan ikke tilknyttes en runde.");
        }
        var categories = category is null ? Enum.GetValues<OfferCategory>() : [ParseCategory(category)];
        var rounds = await db.Rounds.AsNoTracking().Where(r => r.Status == RoundStatus.Open).ToListAsync(ct);
        return TypedResults.Ok(categories.Select(c => Choose(submittedAt, c, rounds, newResident)).ToList());
    }

    /// <summary>
    /// Assigns a complete referral to the next round whose deadline it met, and tells the district school which
    /// round and why (a notification to the school's leader). When the committee gets to the referral only after
    /// that round's deadline has passed, the referral joins the round it can join now, and the message says so.
    /// </summary>
    private static async Task<Ok<IntakeView>> IntakeAsync(IntakeRequest body, Caller caller, VisitationDbContext db, WorkflowCatalog workflows,
        TimeProvider clock, CancellationToken ct)
    {
        var actor = caller.Require(Role.CommitteeMember).Actor;
        var id = body.ReferralId ?? throw new InvalidInputException("referralId", "Angiv hvilken henvisning der skal tilknyttes en runde (referralId).");
        var referral = await db.Referrals.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (referral is null || !CaseAccess.CanReadReferral(actor, referral)) throw NotFoundException.Of("Henvisningen");
        var category = body.Category is null ? OfferCategory.Specialtilbud1 : ParseCategory(body.Category);
        var now = clock.GetUtcNow();
        var rounds = await db.Rounds.Where(r => r.Status == RoundStatus.Open).ToListAsync(ct);
        var workflow = workflows.Get<ReferralWorkflow>(referral.WorkflowKey, referral.WorkflowVersion);
        if (!workflow.PermittedActions(referral, actor).Contains(ReferralTrigger.AssignToRound))
            throw new WrongStateException($"Henvisningen kan ikke tilknyttes en runde, når den er {referral.State.Danish()}.");

        var choice = RoundCalendar.NextRoundFor(referral, category, rounds, body.NewResident ?? false);
        var message = choice.MessageToSchool;
        if (!choice.Round.AcceptsReferralsAt(now))
        {
            var late = RoundCalendar.NextRoundFor(now, category, rounds, body.NewResident ?? false);
            message = $"Henvisningen blev indsendt komplet til tiden til {choice.Round.Name}, men den er først blevet behandlet til en runde " +
                      $"efter rundens henvisningsfrist. {late.MessageToSchool}";
            choice = late with { MessageToSchool = message };
        }
        workflow.AssignToRound(referral, actor, choice.Round, now);
        db.Notifications.Add(new Notification(Guid.NewGuid(), now, Role.DistrictSchoolLeader, referral.DistrictSchoolId, null,
            $"Henvisningen er tilknyttet {choice.Round.Name}", message, referral.Id, null));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new IntakeView(referral.Id, referral.State.ToString(), ToView(category, choice)));
    }

    /// <summary>
    /// The triage meeting (fordelingsmøde): every waiting referral of the round gets its track in one call and the
    /// round's referrals go on the committee's agenda. Nothing changes unless every waiting referral has a track.
    /// </summary>
    internal static async Task<Ok<AgendaView>> TriageAsync(Guid id, TriageRequest body, Caller caller, VisitationDbContext db, WorkflowCatalog workflows,
        AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var actor = caller.Require(Role.CommitteeMember).Actor;
        var round = await db.Rounds.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw NotFoundException.Of("Runden");
        if (round.Status != RoundStatus.Open) throw new WrongStateException($"Runden '{round.Name}' er lukket.");
        var referrals = await db.Referrals.AsSplitQuery().Where(r => r.RoundId == id).ToListAsync(ct);
        var tracks = new Dictionary<Guid, Track>();
        foreach (var entry in body.Tracks ?? [])
        {
            var referralId = entry.ReferralId ?? throw new InvalidInputException("tracks", "Angiv henvisningen (referralId) for hvert spor.");
            if (referrals.All(r => r.Id != referralId))
                throw new InvalidInputException("tracks", "En af henvisningerne hører ikke til runden. Fordel kun rundens egne henvisninger.");
            tracks[referralId] = entry.Track is { } t && Enum.IsDefined((Track)t)
                ? (Track)t
                : throw new InvalidInputException("tracks", "Sporet skal være 1 (specialtilbud), 2 (socio-emotionelle tilbud) eller 3 (vidtgående tilbud).");
        }
        var now = clock.GetUtcNow();
        // Each referral follows the workflow version it started under; today there is one, and the meeting is held per version.
        foreach (var version in referrals.GroupBy(r => (r.WorkflowKey, r.WorkflowVersion)))
            CommitteeAgenda.HoldTriageMeeting(workflows.Get<ReferralWorkflow>(version.Key.WorkflowKey, version.Key.WorkflowVersion),
                actor, round, version.ToList(), tracks, now);
        var agenda = CommitteeAgenda.For(round, referrals);
        var view = await AgendaViewAsync(db, round, agenda, referrals, actor, audit, ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(view);
    }

    // A round's referrals are read with split queries: in one query their documents, history and decisions multiply.

    /// <summary>The committee's agenda: track 1, 2, 3, each case with its parts at hand (download links) and what is missing.</summary>
    internal static async Task<Ok<AgendaView>> AgendaAsync(Guid id, Caller caller, VisitationDbContext db, AuditLog audit, CancellationToken ct)
    {
        var actor = caller.Require(Role.CommitteeMember).Actor;
        var round = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw NotFoundException.Of("Runden");
        var referrals = await db.Referrals.AsNoTracking().AsSplitQuery().Where(r => r.RoundId == id).ToListAsync(ct);
        var view = await AgendaViewAsync(db, round, CommitteeAgenda.For(round, referrals), referrals, actor, audit, ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(view);
    }

    /// <summary>The agenda as the committee reads it; each case shown is logged as read in the child's access log. The caller saves.</summary>
    internal static async Task<AgendaView> AgendaViewAsync(VisitationDbContext db, VisitationRound round, CommitteeAgenda agenda,
        IReadOnlyCollection<Referral> referrals, Actor actor, AuditLog audit, CancellationToken ct)
    {
        var childIds = referrals.Select(r => r.ChildId).Distinct().ToList();
        var children = await db.Children.AsNoTracking().Where(c => childIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var schoolIds = referrals.Select(r => r.DistrictSchoolId).Distinct().ToList();
        var schools = await db.Schools.AsNoTracking().Where(s => schoolIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var items = agenda.Items.Select(i => new AgendaItemView(i.Number, i.ReferralId, i.ChildId, children.GetValueOrDefault(i.ChildId, ""),
            i.DistrictSchoolId, schools.GetValueOrDefault(i.DistrictSchoolId, ""), (int)i.Track, i.Track.Danish(), i.SubmittedAt,
            new(i.State.ToString(), i.State.Danish()),
            i.Parts.Select(p => new AgendaPartView(new(p.Part.ToString(), p.Part.Danish()), p.DocumentId, p.FileName, p.ContentType, p.UploadedAt,
                $"/api/referrals/{i.ReferralId}/documents/{p.DocumentId}")).ToList(),
            i.MissingParts.Select(p => new CodeAndText(p.ToString(), p.Danish())).ToList())).ToList();
        var byId = referrals.ToDictionary(r => r.Id);
        var untriaged = agenda.Untriaged.Select(rid => byId[rid])
            .Select(r => new UntriagedView(r.Id, r.ChildId, children.GetValueOrDefault(r.ChildId, ""), schools.GetValueOrDefault(r.DistrictSchoolId, "")))
            .ToList();
        foreach (var item in agenda.Items)
            audit.Read(actor, item.ChildId, "Henvisning", item.ReferralId, $"Så sagen som {item.Number} på dagsordenen for {round.Name}.");
        foreach (var r in untriaged)
            audit.Read(actor, r.ChildId, "Henvisning", r.ReferralId, $"Så henvisningen blandt de ufordelte i {round.Name}.");
        return new AgendaView(round.Id, round.Name, round.Status.ToString(), round.TriageMeetingAt, round.CommitteeMeetingAt, items, untriaged);
    }

    private static RoundChoiceView Choose(DateTimeOffset submittedAt, OfferCategory category, IReadOnlyList<VisitationRound> rounds, bool newResident)
    {
        try
        {
            return ToView(category, RoundCalendar.NextRoundFor(submittedAt, category, rounds, newResident));
        }
        catch (WrongStateException none)
        {
            return new RoundChoiceView(category.ToString(), category.Danish(), null, null, null, null, null, false, null, null, none.Message);
        }
    }

    private static RoundChoiceView ToView(OfferCategory category, RoundChoice c) => new(category.ToString(), category.Danish(), c.Round.Id, c.Round.Name,
        c.Round.ReferralDeadline, c.Round.TriageMeetingAt, c.Round.CommitteeMeetingAt, c.IsLate, c.Missed?.Id, c.Missed?.Name, c.MessageToSchool);

    private static OfferCategory ParseCategory(string category) =>
        Enum.TryParse<OfferCategory>(category, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new InvalidInputException("category",
                $"Tilbudskategorien skal være en af: {string.Join(", ", Enum.GetValues<OfferCategory>().Select(c => $"{c} ({c.Danish()})"))}.");

    internal static RoundView ToView(VisitationRound r, RuleSet rules) =>
        new(r.Id, r.Name, r.Kind.ToString(), r.Kind.Danish(), r.Categories.Select(c => c.ToString()).ToList(),
            SchoolYear.Containing(r.CommitteeMeetingAt, rules.Rounds.SchoolYearStartMonth).Name,
            r.ReferralDeadline, r.TriageMeetingAt, r.CommitteeMeetingAt, r.Status.ToString(), r.Revision);

    internal static DateTimeOffset DanishMidnight(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, DanishTime.Zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
