using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Visitation.Api.Features.Decisions;
using Visitation.Api.Infrastructure.Auth;
using Visitation.Api.Infrastructure.Files;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Api.Infrastructure.Web;
using Visitation.Documents.Fonts;
using Visitation.Workflows.Access;
using Visitation.Workflows.Children;
using Visitation.Workflows.Common;
using Visitation.Workflows.Decisions;
using Visitation.Workflows.Engine;
using Visitation.Workflows.Ppv;
using Visitation.Workflows.Referrals;
using Visitation.Workflows.Rounds;
using Visitation.Workflows.Rules;
using Visitation.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Visitation.Web.Tests.Journeys;

public sealed class ComplaintJourneyTests : BrowserTest
{
    private const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    [Test]
    public async Task Parent_complains_and_the_committee_upholds_the_decision_on_the_complaint_page_and_downloads_the_case_file()
    {
        var decided = await DecideOwnCaseAsync();

        // The parent lodges the complaint on the letter's page, with a Word file as attachment.
        await SignInAsync(decided.Parent);
        await Page.GotoAsync($"/foraeldre/breve/{decided.LetterId}");
        const string complaint = "Vi klager over afgørelsen. Vores barn har brug for mere støtte end den, skolen kan give i klassen.";
        await Page.GetByLabel("Din klage").FillAsync(complaint);
        await Page.GetByLabel("Bilag").SetInputFilesAsync(new FilePayload { Name = "vores-noter.docx", MimeType = DocxType, Buffer = Docx() });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Send klagen" }).ClickAsync();
        await Expect(Page.Locator("#klage").Locator("..")).ToContainTextAsync("Vi har modtaget din klage");
        await SignOutAsync();

        // The committee finds it in the list of complaints with its reassessment deadline.
        var due = await App.WithDbAsync(db => db.Complaints.AsNoTracking().Where(c => c.LetterId == decided.LetterId).Select(c => c.ReassessmentDue).SingleAsync());
        await SignInAsync(decided.Member);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Klager", Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Klager over afgørelser");
        var row = Page.Locator("tr", new() { HasText = decided.ChildName });
        await Expect(row).ToContainTextAsync(Show.Date(due));
        await Expect(row).ToContainTextAsync(decided.Parent.DisplayName.Split(" (")[0]);
        await ShouldMeetAccessibilityBasicsAsync();
        await ScreenshotAsync("committee-complaints");

        await row.GetByRole(AriaRole.Link, new() { Name = decided.ChildName }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Klage: {decided.ChildName}");
        await Expect(Page.Locator("section[aria-labelledby=klagen]")).ToContainTextAsync(complaint);
        await Expect(Page.Locator("section[aria-labelledby=klagen]").GetByRole(AriaRole.Link, new() { Name = "vores-noter.docx" })).ToBeVisibleAsync();
        await Expect(Page.Locator("section[aria-labelledby=brevet]")).ToContainTextAsync("fortsætter i sin distriktsskole");
        await Expect(Page.Locator("section[aria-labelledby=sagens-dele]")).ToContainTextAsync($"Ekstern PPV udarbejdet af {ExternalIssuer}");
        await ShouldMeetAccessibilityBasicsAsync();

        // A reassessment without a result is refused next to the field; the note typed is kept.
        const string note = "Udvalget har gennemgået sagen igen og fastholder afgørelsen: støtten i klassen er ikke afprøvet længe nok.";
        await Page.GetByLabel("Notat om genvurderingen").FillAsync(note);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Gem genvurderingen" }).ClickAsync();
        await Expect(ErrorFor("Reassess.Outcome")).ToContainTextAsync("Angiv resultatet af genvurderingen");
        await Expect(Page.Locator(".error-summary")).ToContainTextAsync("Angiv resultatet af genvurderingen");
        await Expect(Page.GetByLabel("Notat om genvurderingen")).ToHaveValueAsync(note);
        await ShouldMeetAccessibilityBasicsAsync();

        await Page.GetByLabel("Afgørelsen fastholdes, og klagen sendes til klagenævnet med sagens akter").CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Gem genvurderingen" }).ClickAsync();
        await Expect(Page.Locator(".flash")).ToContainTextAsync("Afgørelsen er fastholdt");
        await Expect(Page.Locator("section[aria-labelledby=genvurdering]")).ToContainTextAsync(note);
        await ShouldMeetAccessibilityBasicsAsync();
        await ScreenshotAsync("committee-complaint-journey");

        var pdfDownload = await Page.RunAndWaitForDownloadAsync(() => Page.GetByRole(AriaRole.Link, new() { Name = "Hent sagsakterne (PDF)" }).ClickAsync());
        var pdf = await File.ReadAllBytesAsync((await pdfDownload.PathAsync())!);
        System.Text.Encoding.ASCII.GetString(pdf, 0, 5).ShouldBe("%PDF-");
        var zipDownload = await Page.RunAndWaitForDownloadAsync(() =>
            Page.GetByRole(AriaRole.Link, new() { Name = "Hent sagsakterne med de særskilte bilag (ZIP)" }).ClickAsync());
        using var zip = new ZipArchive(File.OpenRead((await zipDownload.PathAsync())!), ZipArchiveMode.Read);
        zip.Entries.Select(e => e.FullName).ShouldContain(n => n.EndsWith(" - Bilag til klagen - vores-noter.docx", StringComparison.Ordinal));

        var stored = await App.WithDbAsync(async db =>
        {
            var saved = await db.Complaints.AsNoTracking().SingleAsync(c => c.LetterId == decided.LetterId);
            saved.Status.ShouldBe(ComplaintStatus.ForwardedToBoard);
            saved.ReassessmentNote.ShouldBe(note);
            return await db.StoredFiles.AsNoTracking().SingleAsync(f => f.Id == saved.BundleStoredFileId);
        });
        Convert.ToHexStringLower(SHA256.HashData(pdf)).ShouldBe(stored.Sha256, "the committee downloads the case file that was stored when it upheld the decision");
    }

    [Test]
    public async Task Complaint_page_answers_forged_and_stale_reassessments_with_Danish_messages_and_saves_nothing()
    {
        var decided = await DecideOwnCaseAsync();
        using (var parent = new PageClient(App))
        {
            await parent.SignInAsync(decided.Parent);
            using var lodged = await parent.PostMultipartAsync($"/foraeldre/breve/{decided.LetterId}?handler=Complaint", $"/foraeldre/breve/{decided.LetterId}",
                form => form.Add(new StringContent("Vi er uenige i afgørelsen."), "Complaint.Text"));
            lodged.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect, await lodged.Content.ReadAsStringAsync());
        }
        var complaintId = await App.WithDbAsync(db => db.Complaints.AsNoTracking().Where(c => c.LetterId == decided.LetterId).Select(c => c.Id).SingleAsync());
        var url = $"/udvalg/klager/{complaintId}";
        using var committee = new PageClient(App);
        await committee.SignInAsync(decided.Member);

        async Task<string> RefusedAsync(Dictionary<string, string> fields)
        {
            using var response = await committee.PostFormAsync($"{url}?handler=Reassess", fields, url);
            response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, "a refused form is the page again, not an error");
            return await response.Content.ReadAsStringAsync();
        }

        (await RefusedAsync(new() { ["Reassess.Outcome"] = "Måske", ["Reassess.Note"] = "Et notat." }))
            .ShouldContain("Angiv resultatet af genvurderingen");
        var blank = await RefusedAsync(new() { ["Reassess.Outcome"] = "Uphold", ["Reassess.Note"] = "   " });
        blank.ShouldContain("id=\"Reassess_Note-error\"");
        blank.ShouldContain("Notatet om genvurderingen skal udfyldes.");
        var stale = await RefusedAsync(new() { ["Reassess.Outcome"] = "Change", ["Reassess.Note"] = "Ændres.", ["Reassess.Revision"] = "41" });
        stale.ShouldContain("Klagen er genvurderet af en anden");
        stale.ShouldContain("Ændres.", Case.Sensitive, "the note typed is kept");
        (await RefusedAsync(new() { ["Reassess.Outcome"] = "Uphold", ["Reassess.Note"] = "x", ["Reassess.Revision"] = "ikke et tal" }))
            .ShouldContain("»ikke et tal« er ikke en gyldig værdi her.");
        (await committee.GetAsync($"/udvalg/klager/{Guid.NewGuid()}")).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);

        var saved = await App.WithDbAsync(db => db.Complaints.AsNoTracking().SingleAsync(c => c.Id == complaintId));
        saved.Status.ShouldBe(ComplaintStatus.UnderReassessment);
        saved.BundleStoredFileId.ShouldBeNull();
    }

    private const string ExternalIssuer = "PPR, Nabokommunen (syntetisk)";

    private sealed record OwnCase(AppUser Member, AppUser Parent, string ChildName, Guid LetterId);

    /// <summary>
    /// A case of this test's own: a new family (child, guardian and the guardian's user), the child referred with real PDFs (an external
    /// PPV among them), decided (return to the general school) in a round of its own, the letters delivered.
    /// </summary>
    private static async Task<OwnCase> DecideOwnCaseAsync()
    {
        Guid writtenId, parentGuardianId;
        AppUser member, parent;
        string childName;
        using (var scope = App.Services.CreateScope())
        {
            var services = scope.ServiceProvider;
            var db = services.GetRequiredService<VisitationDbContext>();
            var clock = services.GetRequiredService<TimeProvider>();
            var rules = services.GetRequiredService<RuleSetCatalog>().InForceAt(clock);
            var now = clock.GetUtcNow();

            // A family of this test's own, so no other journey sees this child's case or letters; at the last
            // school leader's school (the school leader's journey refers a child at the first).
            var leaderUser = await db.Users.AsNoTracking().Where(u => u.Role == Role.DistrictSchoolLeader).OrderBy(u => u.DisplayName).LastAsync();
            var random = new Random(Guid.NewGuid().GetHashCode());
            var guardian = new Guardian(Guid.NewGuid(), "Klara Klagesen", CprNumber.Synthetic(new DateOnly(1984, 3, 1).AddDays(random.Next(3000)), random),
                "Prøvevej 10, 7100 Testby", null);
            var child = new Child(Guid.NewGuid(), $"Kalle Klagesen {random.Next(100, 999)}", CprNumber.Synthetic(new DateOnly(2015, 1, 1).AddDays(random.Next(1500)), random),
                leaderUser.SchoolId!.Value, [guardian.Id]);
            parent = new AppUser(Guid.NewGuid(), $"klage-{Guid.NewGuid():N}", $"Klara Klagesen (forælder til {child.Name})", Role.Guardian, guardianId: guardian.Id);
            db.Guardians.Add(guardian);
            db.Children.Add(child);
            db.Users.Add(parent);
            await db.SaveChangesAsync();
            parentGuardianId = guardian.Id;
            childName = child.Name;
            member = await db.Users.AsNoTracking().Where(u => u.Role == Role.CommitteeMember).OrderBy(u => u.DisplayName).FirstAsync();
            var leader = (await Caller.ResolveAsync(db, leaderUser.Subject, CancellationToken.None))!;
            var committee = (await Caller.ResolveAsync(db, member.Subject, CancellationToken.None))!;

            var workflow = services.GetRequiredService<WorkflowCatalog>().Latest<ReferralWorkflow>(ReferralWorkflow.DefinitionKey);
            var referral = workflow.Start(Guid.NewGuid(), child, leader, rules, now);
            foreach (var part in Enum.GetValues<ReferralPartType>())
            {
                var bytes = Pdf($"{Show.Capitalised(part.Danish())} for {child.Name} (syntetisk)");
                var file = new StoredFile(Guid.NewGuid(), $"{part}.pdf", "application/pdf", bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)), now);
                db.StoredFiles.Add(file);
                workflow.AttachDocument(referral, leader, part, new StoredFileInfo(file.Id, file.FileName, file.ContentType, file.Length, file.Sha256), now,
                    external: part == ReferralPartType.PPV ? new ExternalPpv(ExternalIssuer, DanishTime.Date(now).AddDays(-30)) : null);
            }
            workflow.Submit(referral, leader, rules, now);
            var round = VisitationRound.Plan(Guid.NewGuid(), $"Klagerunde {Guid.NewGuid():N}"[..18], RoundKind.Regular, now.AddDays(1), now.AddDays(2), now.AddDays(3), rules, now);
            db.Rounds.Add(round);
            workflow.AssignToRound(referral, committee, round, now);
            workflow.Triage(referral, committee, Track.SocioEmotional, now);
            workflow.PutOnAgenda(referral, committee, now);
            workflow.DecideReturnToGeneral(referral, committee, "Skolen får hjælp fra PPR i otte uger.",
                "Udvalget vurderer, at barnets behov kan imødekommes i almentilbuddet med specialpædagogisk støtte.", rules, now);
            db.Referrals.Add(referral);
            var written = await DecisionsApi.IssueAsync(db, referral, new DecisionsApi.IssueDecisionRequest(null,
                "Folkeskolelovens § 20, stk. 2.", null, ["Skolens handleplan", "Forældrenes udtalelse"], null, null, null, null, null, null),
                committee, rules, now, CancellationToken.None);
            await db.SaveChangesAsync();
            writtenId = written.Id;
        }

        // The letters are rendered and delivered by the outbox and its consumer, as after a real decision.
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var letterId = await App.WithDbAsync(db => db.Letters.AsNoTracking()
                .Where(l => l.WrittenDecisionId == writtenId && l.GuardianId == parentGuardianId && l.DeliveredAt != null).Select(l => (Guid?)l.Id).FirstOrDefaultAsync());
            if (letterId is { } id) return new OwnCase(member, parent, childName, id);
            if (DateTime.UtcNow > until) throw new TimeoutException("The decision letters were not delivered within a minute.");
            await Task.Delay(250);
        }
    }

    private static byte[] Pdf(string text)
    {
        LetterFonts.EnsureRegistered();
        using var document = new PdfDocument();
        var page = document.AddPage();
        using (var graphics = XGraphics.FromPdfPage(page))
            graphics.DrawString(text, new XFont(LetterFonts.Family, 12, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode)),
                XBrushes.Black, 72, 144, XStringFormats.BaseLineLeft);
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>A Word document as far as the upload and the case file can tell: a ZIP package.</summary>
    private static byte[] Docx()
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("word/document.xml").Open());
            writer.Write("<w:document><w:body><w:p><w:r><w:t>Forældrenes noter</w:t></w:r></w:p></w:body></w:document>");
        }
        return output.ToArray();
    }
}
