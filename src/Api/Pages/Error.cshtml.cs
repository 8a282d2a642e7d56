using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Api.Infrastructure.Web;

namespace Visitation.Api.Pages;

/// <summary>The Danish page for every refused or failed page request (re-executed by the status-code middleware).</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(VisitationDbContext db) : PageModel
{
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";

    public Task OnGetAsync(int? code) => ShowAsync(code);

    public Task OnPostAsync(int? code) => ShowAsync(code);

    private async Task ShowAsync(int? code)
    {
        var status = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null ? Response.StatusCode : code ?? 404;
        if (status < 400) status = 404;
        Response.StatusCode = status;
        (Title, var standard) = status switch
        {
            400 => ("Forespørgslen kunne ikke bruges", "Siden fik oplysninger, den ikke kunne bruge. Gå tilbage, genindlæs siden, og prøv igen."),
            401 => ("Du er ikke logget ind", "Log ind for at se siden."),
            403 => ("Ingen adgang", "Du har ikke adgang til denne side."),
            404 => ("Siden findes ikke", "Siden eller sagen findes ikke, eller du har ikke adgang til den."),
            405 => ("Handlingen er ikke mulig her", "Siden kan ikke bruges på den måde. Gå tilbage, og brug knapperne på siden."),
            409 => ("Handlingen er ikke mulig nu", "Sagen er ændret, eller handlingen passer ikke til sagens status. Genindlæs siden, og prøv igen."),
            413 => ("Filen er for stor", "Filen eller formularen er for stor. Gå tilbage, og vælg en mindre fil."),
            _ when status >= 500 => ("Der opstod en fejl", "Der opstod en uventet fejl. Prøv igen om lidt, og kontakt support, hvis fejlen fortsætter."),
            _ => ("Siden kan ikke vises", "Siden kan ikke vises."),
        };
        Message = HttpContext.Items[VisitationPageModel.ErrorMessageKey] as string ?? standard;
        // The menu for a signed-in person, so they can find their way back.
        if (User.FindFirst("sub")?.Value is { } subject && await Caller.ResolveAsync(db, subject, HttpContext.RequestAborted) is { } actor)
            ViewData["Actor"] = actor;
    }
}
