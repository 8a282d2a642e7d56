using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Features.Rounds;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Errors;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;

namespace Visitation.Api.Pages.Committee;

/// <summary>
/// A round's triage board and agenda: the referrals waiting for the triage meeting, each given a track here,
/// and the committee's agenda that the triage meeting produces (track 1, 2, 3, each case with its parts).
/// </summary>
[ForRoles(Role.CommitteeMember)]
public sealed class RoundModel : VisitationPageModel
{
    public sealed class TrackInput
    {
        public Guid? ReferralId { get; set; }
        public int? Track { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public VisitationRound Round { get; private set; } = null!;
    public RoundsApi.AgendaView Agenda { get; private set; } = null!;
    public bool MeetingOpened { get; private set; }

    /// <summary>The tracks chosen at the triage meeting, one per waiting referral.</summary>
    [BindProperty]
    public List<TrackInput> Tracks { get; set; } = [];

    public IReadOnlyList<RoundsApi.AgendaItemView> TriagedNotOnAgenda =>
        Agenda.Items.Where(i => i.State.Code == nameof(ReferralState.Triaged)).ToList();

    public bool TriageMeetingHasWork => Agenda.Untriaged.Count > 0 || TriagedNotOnAgenda.Count > 0;

    public int? ChosenTrack(Guid referralId) => Tracks.FirstOrDefault(t => t.ReferralId == referralId)?.Track;

    public Task OnGetAsync() => LoadAsync();

    /// <summary>The triage meeting: every waiting referral gets its track, and the round's triaged referrals go on the agenda.</summary>
    public Task<IActionResult> OnPostTriageAsync() => ActAsync(async () =>
    {
        // A referral left at "Vælg spor" is not sent, so the refusal counts how many still lack a track.
        var body = new RoundsApi.TriageRequest(Tracks.Where(t => t.Track is not null).Select(t => new RoundsApi.TrackAssignment(t.ReferralId, t.Track)).ToList());
        var agenda = (await RoundsApi.TriageAsync(Id, body, Caller, Db, Service<WorkflowCatalog>(), Service<AuditLog>(), Clock, Aborted)).Value!;
        var onAgenda = agenda.Items.Count(i => i.State.Code == nameof(ReferralState.OnAgenda));
        Flash = $"Fordelingsmødet er holdt. Dagsordenen for visitationsudvalgets møde har {onAgenda} {(onAgenda == 1 ? "sag" : "sager")} i rækkefølgen spor 1, 2 og 3.";
        return Redirect($"/udvalg/runder/{Id}#dagsorden");
    }, formKey: "Triage");

    protected override async Task LoadAsync()
    {
        Round = await Db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == Id, Aborted) ?? throw NotFoundException.Of("Runden");
        Agenda = (await RoundsApi.AgendaAsync(Id, Caller, Db, Service<AuditLog>(), Aborted)).Value!;
        MeetingOpened = await Db.Set<CommitteeMeeting>().AnyAsync(m => m.RoundId == Id, Aborted);
    }
}
