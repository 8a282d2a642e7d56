using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Features.Placements;
using Visitation.Api.Features.Revisitation;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Placements;
using Visitation.Workflows.Revisitation;

namespace Visitation.Api.Pages.School;

/// <summary>
/// The handleplan a revisitation's status meeting revised, as sent to the district school leader, and the
/// leader's answer: no further discussion, or what the school wants discussed (which calls for a
/// revisitation meeting before the decision).
/// </summary>
[ForRoles(Role.DistrictSchoolLeader)]
public sealed class HandleplanModel : VisitationPageModel
{
    public sealed class AnswerForm
    {
        public string? Answer { get; set; }
        public string? Comment { get; set; }
        public int? Revision { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public AnswerForm Answer { get; set; } = new();

    public RevisitationDetails Revisitation { get; private set; } = null!;
    public string OfferName { get; private set; } = "";
    public MeetingView? StatusMeeting => Revisitation.Meetings.LastOrDefault(m => m.Kind.Code == nameof(MeetingKind.StatusMeeting));

    public bool CanAnswer => Revisitation.PermittedActions.Any(a => a.Code == nameof(RevisitationTrigger.AnswerHandleplan));

    private RevisitationApi.Ctx Ctx => new(Db, Service<WorkflowCatalog>(), Rules, Clock, Service<AuditLog>(), HttpContext);

    public Task OnGetAsync() => LoadAsync();

    public Task<IActionResult> OnPostAsync() => ActAsync(async () =>
    {
        // A radio group left empty binds nothing; say so in words rather than with the API's codes.
        if (string.IsNullOrEmpty(Answer.Answer))
        {
            ModelState.AddModelError("Answer.Answer", "Vælg, om handleplanen giver anledning til yderligere drøftelse.");
            return await RedisplayAsync();
        }
        ExpectRevision(Answer.Revision);
        var after = (await RevisitationApi.AnswerHandleplanAsync(Id, new RevisitationApi.AnswerRequest(Answer.Answer, Answer.Comment), Caller, Ctx, Aborted)).Value!;
        Flash = Answer.Answer == nameof(HandleplanAnswer.WantsDiscussion)
            ? $"Dit svar er sendt. Du ønsker handleplanen for {after.ChildName} drøftet; tilbuddets leder indkalder til et revisitationsmøde."
            : $"Dit svar er sendt: handleplanen for {after.ChildName} giver ikke anledning til yderligere drøftelse.";
        return Redirect($"/skole/handleplaner/{Id}");
    }, nameof(Answer));

    protected override async Task LoadAsync()
    {
        Revisitation = (await RevisitationApi.GetAsync(Id, Caller, Ctx, Aborted)).Value!;
        OfferName = await Db.Offers.Where(o => o.Id == Revisitation.OfferId).Select(o => o.Name).FirstOrDefaultAsync(Aborted) ?? "";
    }
}
