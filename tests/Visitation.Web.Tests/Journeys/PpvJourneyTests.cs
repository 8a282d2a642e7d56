using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Visitation.Api.Infrastructure.Audit;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Workflows.Access;
using Visitation.Workflows.Ppv;
using Visitation.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Visitation.Web.Tests.Journeys;

public sealed class PpvJourneyTests : BrowserTest
{
    private const string Reason = "Skolen ønsker en vurdering af elevens læsning og trivsel i klassen efter et halvt år med støtte i dansk.";
    private const string NoteText = "Observation i matematik: eleven arbejder koncentreret i mindre grupper, men trækker sig i fællesundervisningen.";
    private const string DraftText = "Eleven har alderssvarende forudsætninger, men har brug for struktur og få skift for at holde fokus.";
    private const string Recommendations = "Visuel dagsplan, fast voksen ved skift og undervisning i mindre grupper i dansk.";
    private const string ParentComment = "Vi kan genkende beskrivelsen, men eleven har det også svært i frikvartererne.";
    private const string Response = "Forældrenes bemærkning om frikvartererne er taget med i anbefalingen om en fast voksen.";

    [Test]
    public async Task School_leader_requests_a_PPV_parents_consent_psychologist_drafts_parents_comment_and_the_PPV_becomes_final()
    {
        var (leader, psychologist, parents, childId, childName) = await App.WithDbAsync(async db =>
        {
            var withPpv = await db.Set<PpvCase>().Select(c => c.ChildId).ToListAsync();
            var guardianUsers = await db.Users.AsNoTracking().Where(u => u.Role == Role.Guardian && u.GuardianId != null).ToListAsync();
            // A pupil of a district school with no PPV case, whose every guardian can sign in.
            var child = (await db.Children.AsNoTracking().Where(c => c.CurrentOfferId == null && !withPpv.Contains(c.Id)).OrderBy(c => c.Name).ToListAsync())
                .FirstOrDefault(c => c.GuardianIds.All(g => guardianUsers.Any(u => u.GuardianId == g)))
                ?? throw new InconclusiveException("The demo municipality has no pupil whose parents can all sign in.");
            var leader = await db.Users.AsNoTracking().SingleAsync(u => u.Role == Role.DistrictSchoolLeader && u.SchoolId == child.DistrictSchoolId);
            var psychologist = (await db.Users.AsNoTracking().Where(u => u.Role == Role.Psychologist).OrderBy(u => u.DisplayName).ToListAsync())
                .First(u => u.ServedSchoolIds.Contains(child.DistrictSchoolId));
            var parents = child.GuardianIds.Select(g => guardianUsers.Single(u => u.GuardianId == g)).ToList();
            return (leader, psychologist, parents, child.Id, child.Name);
        });

        // The school leader asks for a PPV.
        await SignInAsync(leader);
        await Page.GetByRole(AriaRole.Link, new() { Name = "PPV", Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("PPV for elever på");
        await ShouldMeetAccessibilityBasicsAsync();
        await Page.GetByLabel("Elev", new() { Exact = true }).SelectOptionAsync(childId.ToString());
        await Page.GetByLabel("Hvad skal PPV'en belyse?").FillAsync(Reason);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Anmod om PPV" }).ClickAsync();
        await Page.WaitForURLAsync("**/skole/ppv/*");
        await Expect(Page.Locator(".flash")).ToContainTextAsync($"PPV'en for {childName} er anmodet");
        await Expect(Page.Locator("#samtykke").Locator("..")).ToContainTextAsync("Vurdering: mangler");
        await ShouldMeetAccessibilityBasicsAsync();
        var ppvId = Guid.Parse(Page.Url.Split('/')[^1]);
        await SignOutAsync();

        // Every parent, on a phone, consents to the assessment and to sharing with the school and the committee.
        await Page.SetViewportSizeAsync(375, 812);
        foreach (var parent in parents)
        {
            await OpenAsParentAsync(parent, childId, childName);
            await Expect(Page.Locator("#status").Locator("..")).ToContainTextAsync("Der er bedt om en PPV");
            await Expect(Main).ToContainTextAsync(Reason);
            foreach (var scope in new[] { "Vurdering", "Deling med skolen", "Deling med visitationsudvalget" })
                await Page.GetByLabel(scope, new() { Exact = true }).CheckAsync();
            await ShouldFitTheScreenAsync();
            await ShouldMeetAccessibilityBasicsAsync();
            await Page.GetByRole(AriaRole.Button, new() { Name = "Giv samtykke" }).ClickAsync();
            await Expect(Page.Locator(".flash")).ToContainTextAsync("Dit samtykke er registreret");
            await Expect(Page.Locator("#samtykke").Locator("..")).ToContainTextAsync("Vurdering: du gav samtykke");
            await SignOutAsync();
        }
        await Page.SetViewportSizeAsync(1280, 900);

        // The psychologist prioritises at the coordination meeting, takes the case, assesses, drafts and sends the draft to the parents.
        await SignInAsync(psychologist);
        await Page.GetByRole(AriaRole.Link, new() { Name = "PPV-sager" }).ClickAsync();
        await Expect(Page.Locator("#prioritering").Locator("..")).ToContainTextAsync(childName);
        await ShouldMeetAccessibilityBasicsAsync();
        await Page.Locator("#prioritering").Locator("..").GetByRole(AriaRole.Link, new() { Name = childName }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"PPV: {childName}");
        await Page.GetByLabel("Høj").CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Registrér prioriteringen" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToContainTextAsync("Prioriteringen fra koordineringsmødet er registreret");
        await Page.GetByLabel("Psykolog", new() { Exact = true }).SelectOptionAsync(psychologist.Id.ToString());
        await Page.GetByRole(AriaRole.Button, new() { Name = "Tildel sagen" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToContainTextAsync($"Sagen er tildelt {psychologist.DisplayName}");
        await Page.GetByLabel("Slags").SelectOptionAsync(nameof(PpvNoteKind.Observation));
        await Page.GetByLabel("Notat", new() { Exact = true }).FillAsync(NoteText);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Gem notatet" }).ClickAsync();
        await Expect(Page.Locator("#notater").Locator("..")).ToContainTextAsync(NoteText);
        await Page.GetByLabel("Vurdering", new() { Exact = true }).FillAsync(DraftText);
        await Page.GetByLabel("Anbefalinger", new() { Exact = true }).FillAsync(Recommendations);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Gem udkastet" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToContainTextAsync("Udkastet er gemt");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Send udkastet i høring hos forældrene" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToContainTextAsync("Udkastet er sendt i høring hos forældrene med svarfrist");
        await Expect(Main).ToContainTextAsync("Du kan gøre PPV'en endelig, når alle forældre har svaret");
        await ShouldMeetAccessibilityBasicsAsync();
        await ScreenshotAsync("ppv-psychologist-case");
        await SignOutAsync();

        // Every parent reads the draft on a phone and comments in the hearing.
        await Page.SetViewportSizeAsync(375, 812);
        foreach (var parent in parents)
        {
            await OpenAsParentAsync(parent, childId, childName);
            var hearing = Page.Locator("#hoering").Locator("..");
            await Expect(hearing).ToContainTextAsync(DraftText);
            await Expect(hearing).ToContainTextAsync(Recommendations);
            await Expect(Main).Not.ToContainTextAsync(NoteText);
            await Page.GetByLabel("Din kommentar til udkastet").FillAsync(ParentComment);
            await ShouldFitTheScreenAsync();
            await ShouldMeetAccessibilityBasicsAsync();
            await ScreenshotAsync("ppv-parent-hearing-375px");
            await Page.GetByRole(AriaRole.Button, new() { Name = "Send kommentaren" }).ClickAsync();
            await Expect(Page.Locator(".flash")).ToContainTextAsync("Din kommentar til udkastet er sendt");
            await Expect(hearing).ToContainTextAsync("Din kommentar er modtaget");
            await SignOutAsync();
        }
        await Page.SetViewportSizeAsync(1280, 900);

        // The psychologist makes the PPV final; with comments, how they were taken into account is required.
        await SignInAsync(psychologist);
        await Page.GotoAsync($"/psykolog/ppv/{ppvId}");
        await Expect(Page.Locator("#hoering").Locator("..")).ToContainTextAsync(ParentComment);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Gør PPV'en endelig" }).ClickAsync();
        await Expect(ErrorFor("Finalise.ResponseToComments")).ToContainTextAsync("Beskriv, hvordan kommentarerne er indgået");
        await ShouldMeetAccessibilityBasicsAsync();
        await Page.GetByLabel("Hvordan forældrenes kommentarer er indgået").FillAsync(Response);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Gør PPV'en endelig" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToContainTextAsync("PPV'en er endelig (version 1)");
        await SignOutAsync();

        // The parents read the final version; the school reads it, as the parents consented to sharing it with the school.
        await Page.SetViewportSizeAsync(375, 812);
        await OpenAsParentAsync(parents[0], childId, childName);
        await Expect(Page.Locator("#endelig").Locator("..")).ToContainTextAsync(Response);
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Hent version 1 som PDF" })).ToBeVisibleAsync();
        await ShouldFitTheScreenAsync();
        await SignOutAsync();
        await Page.SetViewportSizeAsync(1280, 900);
        await SignInAsync(leader);
        await Page.GotoAsync($"/skole/ppv/{ppvId}");
        await Expect(Page.Locator("#endelig").Locator("..")).ToContainTextAsync("Version 1 (gældende)");
        await Expect(Page.Locator("#endelig").Locator("..")).ToContainTextAsync(DraftText);
        var download = await Page.RunAndWaitForDownloadAsync(() => Page.GetByRole(AriaRole.Link, new() { Name = "Hent version 1 som PDF" }).ClickAsync());
        System.Text.Encoding.ASCII.GetString(await File.ReadAllBytesAsync((await download.PathAsync())!), 0, 5).ShouldBe("%PDF-");
        await ShouldMeetAccessibilityBasicsAsync();
        await ScreenshotAsync("ppv-journey");

        var ppv = await App.WithDbAsync(db => db.Set<PpvCase>().AsNoTracking().AsSplitQuery().SingleAsync(c => c.Id == ppvId));
        ppv.State.ShouldBe(PpvState.Final);
        ppv.Versions.Single().ResponseToComments.ShouldBe(Response);
        ppv.HearingComments.Count.ShouldBe(parents.Count);
        var readers = await App.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.ChildId == childId && a.Kind == AuditKind.Read && a.CaseType == "PPV").Select(a => a.UserId).Distinct().ToListAsync());
        readers.ShouldContain(leader.Id, "The school leader's reads of the PPV are logged.");
        readers.ShouldContain(psychologist.Id, "The psychologist's reads of the PPV are logged.");
        readers.ShouldContain(parents[0].Id, "The parents' reads of the PPV are logged.");
    }

    [Test]
    public async Task Demo_psychologist_sees_the_seeded_queue_and_only_the_request_of_a_case_without_consent()
    {
        var demo = await App.WithDbAsync(async db =>
        {
            var cases = await db.Set<PpvCase>().AsNoTracking().AsSplitQuery().ToListAsync();
            cases.Select(c => c.State).Distinct().Count().ShouldBeGreaterThanOrEqualTo(5, "The demo has PPV cases in several states.");
            var hearing = cases.First(c => c.State == PpvState.InHearing);
            var requested = cases.First(c => c.State == PpvState.Requested);
            var psychologists = await db.Users.AsNoTracking().Where(u => u.Role == Role.Psychologist).OrderBy(u => u.DisplayName).ToListAsync();
            var parent = await db.Users.AsNoTracking().SingleAsync(u => u.Role == Role.Guardian && u.GuardianId == hearing.GuardianIds[0]);
            var names = await db.Children.AsNoTracking().Where(c => c.Id == hearing.ChildId || c.Id == requested.ChildId).ToDictionaryAsync(c => c.Id, c => c.Name);
            return new
            {
                Assigned = psychologists.Single(u => u.Id == hearing.AssignedPsychologistId),
                Serving = psychologists.First(u => u.ServedSchoolIds.Contains(requested.DistrictSchoolId)),
                Hearing = hearing, HearingChild = names[hearing.ChildId], Requested = requested, Parent = parent,
            };
        });

        await SignInAsync(demo.Assigned);
        await Page.GetByRole(AriaRole.Link, new() { Name = "PPV-sager" }).ClickAsync();
        await Expect(Page.Locator("#mine").Locator("..")).ToContainTextAsync(demo.HearingChild);
        await Expect(Page.Locator("#mine").Locator("..")).ToContainTextAsync("af 3");
        await ShouldMeetAccessibilityBasicsAsync();
        await ScreenshotAsync("ppv-psychologist-queue");
        await SignOutAsync();

        // Before the parents' consent, the service sees the request and nothing it could record about the child.
        await SignInAsync(demo.Serving);
        await Page.GotoAsync($"/psykolog/ppv/{demo.Requested.Id}");
        await Expect(Page.Locator("#samtykke").Locator("..")).ToContainTextAsync("Forældrene har endnu ikke givet samtykke til vurderingen");
        await Expect(Page.Locator("#formaal")).ToBeVisibleAsync();
        await Expect(Page.Locator("#notater")).ToHaveCountAsync(0);
        await Expect(Page.Locator("#Note")).ToHaveCountAsync(0);
        await Expect(Page.Locator("#Draft")).ToHaveCountAsync(0);
        await ShouldMeetAccessibilityBasicsAsync();
        await SignOutAsync();

        await Page.SetViewportSizeAsync(375, 812);
        await OpenAsParentAsync(demo.Parent, demo.Hearing.ChildId, demo.HearingChild);
        await Expect(Page.Locator("#hoering").Locator("..")).ToContainTextAsync("Udkast til PPV");
        await Expect(Page.GetByLabel("Din kommentar til udkastet")).ToBeVisibleAsync();
        await ShouldFitTheScreenAsync();
        await ShouldMeetAccessibilityBasicsAsync();
    }

    /// <summary>Signs in as a parent and goes from the child's case to its PPV, as a parent would.</summary>
    private async Task OpenAsParentAsync(AppUser parent, Guid childId, string childName)
    {
        await SignInAsync(parent);
        if (!Page.Url.EndsWith($"/foraeldre/boern/{childId}", StringComparison.OrdinalIgnoreCase))
            await Page.GotoAsync($"/foraeldre/boern/{childId}");
        await Page.GetByRole(AriaRole.Link, new() { Name = $"Se PPV'en om {childName}" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"PPV om {childName}");
    }

    private async Task ShouldFitTheScreenAsync()
    {
        var overflow = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        overflow.ShouldBeLessThanOrEqualTo(0, $"{Page.Url} scrolls sideways at {Page.ViewportSize?.Width} px.");
    }
}
