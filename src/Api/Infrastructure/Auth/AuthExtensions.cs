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
    /// Development: bearer tokens signed with a local key, issued by <c>POST /dev/token</c>.
    /// Elsewhere: OpenID Connect for people in a browser and JWT bearer from the same authority for
    /// API clients; a policy scheme picks by whether the request carries a bearer token.
    /// </summary>
    public static WebApplicationBuilder AddAuth(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
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
                });
        }
        else
        {
            const string smart = "bearer-or-oidc";
            builder.Services.AddAuthentication(o =>
                {
                    o.DefaultScheme = smart;
                    o.DefaultChallengeScheme = smart;
                })
                .AddPolicyScheme(smart, smart, o => o.ForwardDefaultSelector = ctx =>
                    ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? JwtBearerDefaults.AuthenticationScheme
                        : CookieAuthenticationDefaults.AuthenticationScheme)
                .AddJwtBearer(o =>
                {
                    o.MapInboundClaims = false;
                    o.Authority = config["Auth:Authority"];
                    o.Audience = config["Auth:Audience"] ?? Audience;
                })
                .AddCookie(o => o.ForwardChallenge = OpenIdConnectDefaults.AuthenticationScheme)
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

    internal static SymmetricSecurityKey DevSigningKey(IConfiguration config)
    {
        var key = config["Auth:DevSigningKey"];
        if (string.IsNullOrEmpty(key) || key.Length < 32)
            throw new InvalidOperationException("Auth:DevSigningKey must be set (at least 32 characters) in Development.");
        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key));
    }
}
