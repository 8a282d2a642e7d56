using System.Text;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Visitation.Api.Infrastructure.Auth;

public static class AuthExtensions
{
    public const string DevIssuer = "visitation-dev";
    public const string Audience = "visitation";

    /// <summary>
    /// Development: bearer tokens signed with a local key, issued by <c>POST /dev/token</c>, and a cookie
    /// set by the demo sign-in page. Elsewhere: OpenID Connect (signing in to the cookie) for people in a
    /// browser and JWT bearer from the same authority for API clients. In both, a policy scheme picks by
    /// whether the request carries a bearer token (<see cref="SelectScheme"/>).
    /// </summary>
    public static WebApplicationBuilder AddAuth(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        if (builder.Environment.IsDevelopment())
        {
            // Bearer tokens from POST /dev/token for scripts and tests; a cookie for people signing in
            // as a demo user on /log-ind. The policy scheme picks per request (see SelectScheme).
            builder.Services.AddAuthentication(o =>
                {
                    o.DefaultScheme = PolicyScheme;
                    o.DefaultChallengeScheme = PolicyScheme;
                })
                .AddPolicyScheme(PolicyScheme, PolicyScheme, o => o.ForwardDefaultSelector = SelectScheme)
                .AddJwtBearer(o =>
                {
                    o.MapInboundClaims = false;
                    o.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidIssuer = DevIssuer,
                        ValidAudience = Audience,
                        IssuerSigningKey = DevSigningKey(config),
                        NameClaimType = "name",
                    };
                })
                .AddCookie(o =>
                {
                    ConfigureCookie(o);
                    o.LoginPath = "/log-ind";
                });
        }
        else
        {
            builder.Services.AddAuthentication(o =>
                {
                    o.DefaultScheme = PolicyScheme;
                    o.DefaultChallengeScheme = PolicyScheme;
                })
                .AddPolicyScheme(PolicyScheme, PolicyScheme, o => o.ForwardDefaultSelector = SelectScheme)
                .AddJwtBearer(o =>
                {
                    o.MapInboundClaims = false;
                    o.Authority = config["Auth:Authority"];
                    o.Audience = config["Auth:Audience"] ?? Audience;
                })
                .AddCookie(o =>
                {
                    ConfigureCookie(o);
                    o.ForwardChallenge = OpenIdConnectDefaults.AuthenticationScheme;
                })
                .AddOpenIdConnect(o =>
                {
                    o.MapInboundClaims = false;
                    o.Authority = config["Auth:Authority"];
                    o.ClientId = config["Auth:ClientId"];
                    o.ClientSecret = config["Auth:ClientSecret"];
                    o.ResponseType = "code";
                    o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                });
        }

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return builder;
    }

    /// <summary>Picks bearer or cookie for each request; the default and challenge scheme in every environment.</summary>
    public const string PolicyScheme = "bearer-or-cookie";

    /// <summary>The sign-in cookie of the web pages.</summary>
    public const string CookieName = ".Visitation.Session";

    /// <summary>
    /// A request with an <c>Authorization: Bearer</c> header is an API client. Without one, the web pages
    /// use the cookie. Under <c>/api</c> the cookie is honoured only for reading (GET/HEAD, e.g. a document
    /// download linked from a page), so no API change can be made by a forged cross-site form; an API call
    /// without a token is answered by the bearer handler (401 with <c>WWW-Authenticate: Bearer</c>).
    /// </summary>
    internal static string SelectScheme(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return JwtBearerDefaults.AuthenticationScheme;
        var isApi = request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/dev");
        if (!isApi) return CookieAuthenticationDefaults.AuthenticationScheme;
        var reads = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        return reads && request.Cookies.ContainsKey(CookieName)
            ? CookieAuthenticationDefaults.AuthenticationScheme
            : JwtBearerDefaults.AuthenticationScheme;
    }

    private static void ConfigureCookie(CookieAuthenticationOptions o)
    {
        o.Cookie.Name = CookieName;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.ExpireTimeSpan = TimeSpan.FromHours(8);
        o.SlidingExpiration = true;
        o.LogoutPath = "/log-ud";
        // Role and scope are resolved from the user table on every request (Caller), so the pages decide
        // who may see what; a refusal is a Danish page, not a redirect to an access-denied path.
        o.Events.OnRedirectToAccessDenied = ctx =>
        {
            ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
    }

    internal static SymmetricSecurityKey DevSigningKey(IConfiguration config)
    {
        var key = config["Auth:DevSigningKey"];
        if (string.IsNullOrEmpty(key) || key.Length < 32)
            throw new InvalidOperationException("Auth:DevSigningKey must be set (at least 32 characters) in Development.");
        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key));
    }
}
