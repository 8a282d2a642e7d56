using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Api.Infrastructure.Web;
using Visitation.Workflows.Access;

namespace Visitation.Api.Pages.Account;

/// <summary>
/// Development: pick a demo user, grouped by role, and get the sign-in cookie. Elsewhere the page only
/// hands over to OpenID Connect (the cookie scheme forwards its challenge there).
/// </summary>
public sealed class SignInModel(VisitationDbContext db, IWebHostEnvironment environment) : PageModel
{
    public sealed record Group(Role Role, IReadOnlyList<AppUser> Users);

    public IReadOnlyList<Group> Groups { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!environment.IsDevelopment()) return Challenge(new AuthenticationProperties { RedirectUri = SafeReturnUrl() ?? "/" });
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? userId)
    {
        if (!environment.IsDevelopment()) return Challenge(new AuthenticationProperties { RedirectUri = SafeReturnUrl() ?? "/" });
        var user = userId is { } id ? await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, HttpContext.RequestAborted) : null;
        if (user is null)
        {
            ModelState.AddModelError("", "Vælg en af demobrugerne på listen.");
            await LoadAsync();
            return Page();
        }
        var identity = new ClaimsIdentity(
            [new Claim("sub", user.Subject), new Claim("name", user.DisplayName)],
            CookieAuthenticationDefaults.AuthenticationScheme, "name", "role");
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return LocalRedirect(SafeReturnUrl() ?? Navigation.StartPage(user.Role));
    }

    private string? SafeReturnUrl() =>
        !string.IsNullOrEmpty(ReturnUrl) && ReturnUrl != "/" && Url.IsLocalUrl(ReturnUrl) && !ReturnUrl.StartsWith("/log-", StringComparison.Ordinal)
            ? ReturnUrl
            : null;

    private async Task LoadAsync()
    {
        var users = await db.Users.AsNoTracking().ToListAsync(HttpContext.RequestAborted);
        Groups = users.GroupBy(u => u.Role).OrderBy(g => g.Key)
            .Select(g => new Group(g.Key, g.OrderBy(u => u.DisplayName, StringComparer.Create(Visitation.Workflows.Common.DanishTime.Culture, false)).ToList()))
            .ToList();
    }
}
