using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Features.Referrals;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Ppv;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rules;

namespace Visitation.Api.Pages.School;

/// <summary>One referral for the school leader: the six parts (upload, replace), submit, withdraw, history.</summary>
[ForRoles(Role.DistrictSchoolLeader)]
public sealed class ReferralModel : VisitationPageModel
{
    /// <summary>What the school states about an uploaded PPV: made outside the PPV workflow, by whom, when, and that it is final.</summary>
    public sealed class ExternalPpvForm
    {
        public string? Issuer { get; set; }
        public string? IssuedOn { get; set; }
        public bool MarkedFinal { get; set; }
    }

    public sealed class WithdrawForm
    {
        public string? Reason { get; set; }
        public int? Revision { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public ReferralDetails Referral { get; private set; } = null!;
    public UploadRules Uploads { get; private set; } = null!;
    public string SchoolName { get; private set; } = "";
    public string? RoundName { get; private set; }
    /// <summary>Parts saved by the upload just made, when other files of it were refused.</summary>
    public IReadOnlyList<string> Saved { get; private set; } = [];

    [BindProperty]
    public int? Revision { get; set; }

    [BindProperty]
    public WithdrawForm Withdraw { get; set; } = new();

    [BindProperty]
    public ExternalPpvForm Ppv { get; set; } = new();

    public bool Can(ReferralTrigger trigger) => Referral.PermittedActions.Any(a => a.Code == trigger.ToString());

    public DocumentView? Current(ReferralPartType part) =>
        Referral.Documents.LastOrDefault(d => d.IsCurrent && d.Part.Code == part.ToString());

    public static string FileKey(ReferralPartType part) => $"Files.{part}";

    public Task OnGetAsync() => LoadAsync();

    /// <summary>
    /// One form for all six parts. Each chosen file is attached on its own (as six API calls would be):
    /// a refused file is reported next to its field and does not undo the files that were accepted.
    /// </summary>
    public async Task<IActionResult> OnPostUploadAsync()
    {
        var files = Request.Form.Files;
        var saved = new List<string>();
        foreach (var part in Enum.GetValues<ReferralPartType>())
        {
            var file = files.GetFile(FileKey(part));
            if (file is null || (file.Length == 0 && string.IsNullOrEmpty(file.FileName))) continue;
            try
            {
                await ReferralsApi.UploadAsync(Id, part.ToString(), file, Caller, ReferralCtx, Aborted,
                    Ppv.Issuer, Ppv.IssuedOn, Ppv.MarkedFinal ? "true" : null);
                saved.Add(Show.Capitalised(part.Danish()));
            }
            catch (DomainException e)
            {
                Db.ChangeTracker.Clear();
                ModelState.AddModelError(e switch
                {
                    InvalidInputException { Field: PpvForReferral.IssuerField or PpvForReferral.IssuedOnField or PpvForReferral.MarkedFinalField } ppv
                        => FieldKey(nameof(Ppv), ppv.Field),
                    InvalidInputException => FileKey(part),
                    _ => "Files",
                }, e.Message);
            }
        }
        if (saved.Count == 0 && ModelState.IsValid)
            ModelState.AddModelError("Files", "Vælg mindst én fil at vedhæfte.");
        if (!ModelState.IsValid)
        {
            Saved = saved;
            return await RedisplayAsync();
        }
        Flash = saved.Count == 1 ? $"{saved[0]} er vedhæftet." : $"Vedhæftet: {string.Join(", ", saved)}.";
        return Redirect($"/skole/henvisninger/{Id}");
    }

    public Task<IActionResult> OnPostSubmitAsync() => ActAsync(async () =>
    {
        ExpectRevision(Revision);
        var after = (await ReferralsApi.ChangeAsync(Id, Caller, ReferralCtx, Aborted,
            (workflow, referral, now) => workflow.Submit(referral, Actor, Rules.Get(referral.RuleSetVersion), now))).Value!;
        Flash = after.MissingParts.Count == 0
            ? "Henvisningen er indsendt komplet. Visitationsudvalget sætter den på en visitationsrunde."
            : $"Henvisningen er indsendt, men den mangler: {string.Join(", ", after.MissingParts.Select(p => p.Text))}. Den er sendt retur til skolen.";
        return Redirect($"/skole/henvisninger/{Id}");
    }, "Submit");

    public Task<IActionResult> OnPostWithdrawAsync() => ActAsync(async () =>
    {
        ExpectRevision(Withdraw.Revision);
        await ReferralsApi.ChangeAsync(Id, Caller, ReferralCtx, Aborted,
            (workflow, referral, now) => workflow.Withdraw(referral, Actor, Withdraw.Reason ?? "", now));
        Flash = "Henvisningen er trukket tilbage.";
        return Redirect($"/skole/henvisninger/{Id}");
    }, nameof(Withdraw));

    protected override async Task LoadAsync()
    {
        Referral = (await ReferralsApi.GetAsync(Id, Caller, ReferralCtx, Aborted)).Value!;
        Uploads = Rules.Get(Referral.RuleSetVersion).Uploads;
        SchoolName = await Db.Schools.Where(s => s.Id == Referral.DistrictSchoolId).Select(s => s.Name).FirstOrDefaultAsync(Aborted) ?? "";
        RoundName = Referral.RoundId is { } roundId
            ? await Db.Rounds.Where(r => r.Id == roundId).Select(r => r.Name).FirstOrDefaultAsync(Aborted)
            : null;
    }
}
