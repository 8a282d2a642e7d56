using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.Extensions.WebEncoders;

namespace Visitation.Api.Infrastructure.Web;

/// <summary>
/// The web pages: server-rendered Razor Pages under <c>Pages/</c>, one folder per role, sharing the API's
/// authentication (<see cref="Auth.AuthExtensions"/>), feature code and audit. See docs/adr/0008-web-pages.md.
/// </summary>
public static class WebPagesExtensions
{
    public static IServiceCollection AddWebPages(this IServiceCollection services)
    {
        // Danish letters written as they are, not as numeric character references.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddRazorPages(o =>
            {
                o.Conventions.AllowAnonymousToPage("/Account/SignIn");
                o.Conventions.AllowAnonymousToPage("/Error");
            })
            .AddMvcOptions(o =>
            {
                // Forms bind to nullable fields and the domain validates; nothing is required implicitly in English.
                o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
                DanishBindingMessages(o.ModelBindingMessageProvider);
            });
        return services;
    }

    /// <summary>
    /// Static files (the style sheet, the one small script), and for the pages (not the API, whose
    /// problems stay JSON) a Danish error page for every 4xx/5xx status without a body.
    /// Call after UseStatusCodePages and before UseAuthentication.
    /// </summary>
    public static WebApplication UseWebPages(this WebApplication app)
    {
        app.UseStaticFiles();
        app.UseWhen(IsPageRequest, pages =>
        {
            pages.UseStatusCodePagesWithReExecute("/fejl/{0}");
            // Kestrel refuses a body over its limit while the form is read: answer with the page, not a problem.
            pages.Use(async (context, next) =>
            {
                try
                {
                    await next(context);
                }
                catch (BadHttpRequestException e) when (!context.Response.HasStarted)
                {
                    context.Items[VisitationPageModel.ErrorMessageKey] = e.StatusCode == StatusCodes.Status413PayloadTooLarge
                        ? "Filen er for stor. Gå tilbage, og vælg en mindre fil."
                        : "Forespørgslen kunne ikke læses. Gå tilbage, genindlæs siden, og prøv igen.";
                    context.Response.Clear();
                    context.Response.StatusCode = e.StatusCode;
                }
            });
        });
        // Routing runs here, inside the error-page branch, so a re-executed request is routed again.
        app.UseRouting();
        return app;
    }

    public static WebApplication MapWebPages(this WebApplication app)
    {
        app.MapRazorPages();
        return app;
    }

    private static bool IsPageRequest(HttpContext context)
    {
        var path = context.Request.Path;
        return !(path.StartsWithSegments("/api") || path.StartsWithSegments("/dev") || path.StartsWithSegments("/hangfire")
                 || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/health"));
    }

    private static void DanishBindingMessages(DefaultModelBindingMessageProvider m)
    {
        m.SetAttemptedValueIsInvalidAccessor((value, _) => $"»{value}« er ikke en gyldig værdi her.");
        m.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"»{value}« er ikke en gyldig værdi her.");
        m.SetUnknownValueIsInvalidAccessor(_ => "Værdien er ikke gyldig.");
        m.SetNonPropertyUnknownValueIsInvalidAccessor(() => "Værdien er ikke gyldig.");
        m.SetValueIsInvalidAccessor(value => $"»{value}« er ikke en gyldig værdi her.");
        m.SetValueMustBeANumberAccessor(_ => "Skriv et tal.");
        m.SetNonPropertyValueMustBeANumberAccessor(() => "Skriv et tal.");
        m.SetValueMustNotBeNullAccessor(_ => "Feltet skal udfyldes.");
        m.SetMissingBindRequiredValueAccessor(_ => "Feltet skal udfyldes.");
        m.SetMissingKeyOrValueAccessor(() => "Feltet skal udfyldes.");
        m.SetMissingRequestBodyRequiredValueAccessor(() => "Formularen er tom. Udfyld den, og prøv igen.");
    }
}
