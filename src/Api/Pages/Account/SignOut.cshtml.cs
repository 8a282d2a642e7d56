using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Visitation.Api.Pages.Account;

/// <summary>Ends the session: the cookie, and outside Development the identity provider's session too.</summary>
public sealed class SignOutModel(IWebHostEnvironment environment) : PageModel
{
    public IActionResult OnGet() => Page();

    public IActionResult OnPost() => environment.IsDevelopment()
        ? SignOut(new AuthenticationProperties { RedirectUri = "/log-ind" }, CookieAuthenticationDefaults.AuthenticationScheme)
        : SignOut(new AuthenticationProperties { RedirectUri = "/" }, CookieAuthenticationDefaults.AuthenticationScheme,
            OpenIdConnectDefaults.AuthenticationScheme);
}
