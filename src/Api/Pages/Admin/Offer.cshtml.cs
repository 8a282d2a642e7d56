using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Features.Schools;
using Visitation.Api.Infrastructure.Errors;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;
using Visitation.Workflows.Common;
using Visitation.Workflows.Schools;

namespace Visitation.Api.Pages.Admin;

/// <summary>
/// Edit an offer's name, seats and whether it takes children. The form carries the revision it was
/// read at: if another administrator saved meanwhile, nothing is overwritten; the page shows what they
/// saved next to what you typed, and saving again replaces theirs.
/// </summary>
[ForRoles(Role.Administrator)]
public sealed class OfferModel : VisitationPageModel
{
    public sealed class OfferForm
    {
        public string? Name { get; set; }
        public int? Seats { get; set; }
        public bool IsActive { get; set; }
        public int? Revision { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public SpecialOffer Current { get; private set; } = null!;
    public string HostSchool { get; private set; } = "";
    public int Placed { get; private set; }
    public bool Conflict { get; private set; }

    [BindProperty]
    public OfferForm Form { get; set; } = new();

    public async Task OnGetAsync()
    {
        await LoadAsync();
        Form = new OfferForm { Name = Current.Name, Seats = Current.Seats, IsActive = Current.IsActive, Revision = Current.Revision };
    }

    public Task<IActionResult> OnPostAsync() => ActAsync(async () =>
    {
        try
        {
            await SchoolsApi.ChangeOfferAsync(Id, new SchoolsApi.ChangeOffer(Form.Name, Form.Seats, Form.IsActive, Form.Revision), Caller, Db, Aborted);
        }
        catch (ConcurrentChangeException e)
        {
            Db.ChangeTracker.Clear();
            Conflict = true;
            ModelState.AddModelError(nameof(Form), e.Message + " Dine ændringer er ikke gemt. Se den gemte version herunder; gem igen for at erstatte den med dine ændringer.");
            await LoadAsync();
            // Saving again is a deliberate choice to replace what the other administrator saved.
            ModelState.Remove("Form.Revision");
            Form.Revision = Current.Revision;
            return Page();
        }
        Flash = $"Tilbuddet {Form.Name} er gemt.";
        return Redirect("/administration/tilbud");
    }, nameof(Form));

    protected override async Task LoadAsync()
    {
        Current = await Db.Offers.AsNoTracking().FirstOrDefaultAsync(o => o.Id == Id, Aborted) ?? throw NotFoundException.Of("Specialtilbuddet");
        HostSchool = await Db.Schools.Where(s => s.Id == Current.HostSchoolId).Select(s => s.Name).FirstOrDefaultAsync(Aborted) ?? "";
        Placed = await Db.Children.CountAsync(c => c.CurrentOfferId == Id, Aborted);
    }
}
