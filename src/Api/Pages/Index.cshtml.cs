using Microsoft.AspNetCore.Mvc;
using Visitation.Api.Infrastructure.Web;

namespace Visitation.Api.Pages;

/// <summary>The front door: every role lands on its own start page.</summary>
public sealed class IndexModel : VisitationPageModel
{
    public IActionResult OnGet() => Redirect(Navigation.StartPage(Actor.Role));
}
