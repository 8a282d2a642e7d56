using System.Data.Common;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Api.Tests.Support;

namespace Visitation.Api.Tests.Decisions;

/// <summary>
/// The reassessment of a complaint and the case file the board gets when the decision is upheld: every
/// part of the case in one PDF (images on pages of their own), what cannot go into a PDF alongside it in
/// a ZIP, and a refused reassessment that does no work.
/// </summary>
[TestFixture(Db.Sqlite)]
[TestFixture(Db.Postgres)]
public sealed class ComplaintCaseFileTests(Db db)
{
    private readonly StoredFileReads _reads = new();
    private TestDatabase _database = null!;
    private VisitationApp _app = null!;

    [OneTimeSetUp]
    public void StartApp()
    {
        _database = TestDatabase.Create(db);
        _app = new VisitationApp(_database, settings: new Dictionary<string, string?>
        {
            ["Municipality:LetterDropFolder"] = Path.Combine(_database.Folder, "letters"),
        }, services: s =>
        {
            s.ConfigureDbContext<SqliteVisitationDbContext>(o => o.AddInterceptors(_reads));
            s.ConfigureDbContext<PostgresVisitationDbContext>(o => o.AddInterceptors(_reads));
        });
    }

    [OneTimeTearDown]
    public void StopApp()
    {
        _app.Dispose();
        _database.Dispose();
    }

    [Test]
    public async Task Upheld_complaint_goes_to_the_board_with_every_part_of_the_case_images_on_pages_and_Word_files_alongside()
    {
        var (town, referralId, committee, parent) = await DecidedWithEveryKindOfFileAsync();
        var letterId = (await (await parent.GetAsync($"/api/children/{town.ChildA.Id}/letters")).JsonAsync()).AsArray().Single()!["id"]!.GetValue<Guid>();
        var docx = SampleFiles.Docx("Forældrenes egne noter");
        using var form = new MultipartFormDataContent
        {
            { new StringContent("Vi er uenige: vores barn trives ikke med den støtte, der er besluttet."), "text" },
            { File(SampleFiles.Pdf("Lægeerklæring vedlagt klagen"), "application/pdf"), "files", "laegeerklaering.pdf" },
            { File(docx, SampleFiles.DocxType), "files", "noter.docx" },
        };
        var complaint = await (await parent.PostAsync($"/api/letters/{letterId}/complaints", form)).JsonAsync(HttpStatusCode.Created);
        var complaintId = complaint["id"]!.GetValue<Guid>();

        var upheld = await (await committee.PostJsonAsync($"/api/complaints/{complaintId}/reassessment", new
        {
            outcome = "Uphold",
            note = "Udvalget fastholder afgørelsen efter en fornyet gennemgang af sagen.",
        })).JsonAsync();
        upheld["status"]!.GetValue<string>().ShouldBe("ForwardedToBoard");

        var bundle = await committee.GetByteArrayAsync(upheld["bundleUrl"]!.GetValue<string>());
        using var pdf = PdfDocument.Open(bundle);
        var pages = pdf.GetPages().Select(p => string.Join(' ', p.GetWords().Select(w => w.Text))).ToList();
        var all = string.Join(' ', pages);
        // Each part of the case is in it, with its own content.
        all.ShouldContain("Afgørelse om specialtilbud til Barn A");
        all.ShouldContain("Henvisningsskema underskrevet af skolelederen");
        all.ShouldContain("PPV fra nabokommunens PPR om Barn A");
        all.ShouldContain("Handleplanens mål og indsatser");
        all.ShouldContain("Forældrenes udtalelse om skoledagen");
        all.ShouldContain("Lægeerklæring vedlagt klagen");
        // As text: the complaint, the parents' hearing reply and the reassessment note.
        all.ShouldContain("Vi er uenige: vores barn trives ikke med den støtte, der er besluttet.");
        all.ShouldContain("Forældrenes svar: Vi ønsker, at barnet får ro i sin klasse.");
        all.ShouldContain("Udvalget fastholder afgørelsen efter en fornyet gennemgang af sagen.");
        // The cover says what each enclosure is and where; the external PPV with who made it.
        var cover = pages[0];
        cover.ShouldContain("Barn: Barn A");
        cover.ShouldContain($"PPV (pædagogisk-psykologisk vurdering), ekstern, udarbejdet af {Http.ExternalPpvIssuer}");
        cover.ShouldContain("Elevplan (elevplan.docx) – vedlagt særskilt");
        cover.ShouldContain("Bilag til klagen (noter.docx) – vedlagt særskilt");
        // The child's drawing (PNG) is on a page of its own, under its enclosure heading.
        var drawing = pages.FindIndex(p => p.Contains("Barnets perspektiv tegning.png", StringComparison.Ordinal));
        drawing.ShouldBeGreaterThan(0, "the child's perspective has its own page");
        pdf.GetPage(drawing + 1).GetImages().Count().ShouldBe(1);
        // Every PDF page carries its enclosure number.
        pages.ShouldContain(p => p.Contains("Handleplanens mål og indsatser") && p.Contains(": Handleplan · side 1 af 1"));

        // What could not go into the PDF is sent alongside it, as received.
        var archiveUrl = upheld["bundleArchiveUrl"]!.GetValue<string>();
        using var zip = new ZipArchive(new MemoryStream(await committee.GetByteArrayAsync(archiveUrl)), ZipArchiveMode.Read);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        names[0].ShouldStartWith("sagsakter-");
        names.ShouldContain(n => n.StartsWith("Vedlagt særskilt/Bilag ", StringComparison.Ordinal) && n.EndsWith(" - Elevplan - elevplan.docx", StringComparison.Ordinal));
        var notes = zip.Entries.Single(e => e.FullName.EndsWith(" - Bilag til klagen - noter.docx", StringComparison.Ordinal));
        Read(notes).ShouldBe(docx);
        Read(zip.Entries[0]).ShouldBe(bundle);

        // The committee can open each attachment of the complaint, and the parents cannot get the board's file.
        var attachment = upheld["attachments"]!.AsArray().Single(a => a!["fileName"]!.GetValue<string>() == "noter.docx")!;
        (await committee.GetByteArrayAsync(attachment["url"]!.GetValue<string>())).ShouldBe(docx);
        (await parent.GetAsync(upheld["bundleUrl"]!.GetValue<string>())).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await parent.GetAsync(archiveUrl)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task A_refused_reassessment_reads_no_case_documents_and_stores_nothing()
    {
        var (town, _, committee, parent) = await DecidedWithEveryKindOfFileAsync();
        var letterId = (await (await parent.GetAsync($"/api/children/{town.ChildA.Id}/letters")).JsonAsync()).AsArray().Single()!["id"]!.GetValue<Guid>();
        using var form = new MultipartFormDataContent { { new StringContent("Vi klager over afgørelsen."), "text" } };
        var complaintId = (await (await parent.PostAsync($"/api/letters/{letterId}/complaints", form)).JsonAsync(HttpStatusCode.Created))["id"]!.GetValue<Guid>();

        async Task RefusedWithoutWorkAsync(HttpClient who, object body, HttpStatusCode status, string? field = null)
        {
            var files = await _app.StoredFileCountAsync();
            var reads = _reads.Count;
            await (await who.PostJsonAsync($"/api/complaints/{complaintId}/reassessment", body)).DanishProblemAsync(status, field);
            (_reads.Count - reads).ShouldBe(0, $"a refused reassessment ({status}) must not read the case's documents to build a case file");
            (await _app.StoredFileCountAsync()).ShouldBe(files);
        }

        await RefusedWithoutWorkAsync(committee, new { outcome = "Uphold", note = " " }, HttpStatusCode.BadRequest, "note");
        await RefusedWithoutWorkAsync(committee, new { outcome = "Fastholdes", note = "Fastholdes." }, HttpStatusCode.BadRequest, "outcome");
        await RefusedWithoutWorkAsync(parent, new { outcome = "Uphold", note = "Fastholdes." }, HttpStatusCode.Forbidden);
        (await _app.WithDbAsync(d => d.Complaints.AsNoTracking().SingleAsync(c => c.Id == complaintId))).Status.ToString().ShouldBe("UnderReassessment");

        var reads = _reads.Count;
        var upheld = await (await committee.PostJsonAsync($"/api/complaints/{complaintId}/reassessment", new { outcome = "Uphold", note = "Fastholdes." })).JsonAsync();
        (_reads.Count - reads).ShouldBeGreaterThan(0, "upholding reads the documents into the case file (this is what the counter sees)");

        await RefusedWithoutWorkAsync(committee, new { outcome = "Uphold", note = "Fastholdes igen." }, HttpStatusCode.Conflict);
        await RefusedWithoutWorkAsync(committee, new { outcome = "Change", note = "Ændres." }, HttpStatusCode.Conflict);
        var after = await (await committee.GetAsync($"/api/complaints/{complaintId}")).JsonAsync();
        after["bundleUrl"]!.GetValue<string>().ShouldBe(upheld["bundleUrl"]!.GetValue<string>());
        after["reassessmentNote"]!.GetValue<string>().ShouldBe("Fastholdes.");
    }

    /// <summary>
    /// A referral for Barn A made through the API with real files of every kind (PDFs with text, an
    /// external PPV, a Word elevplan, a PNG drawing as the child's perspective), a concluded hearing, and a
    /// placement decision whose letters are delivered.
    /// </summary>
    private async Task<(TestMunicipality Town, Guid ReferralId, HttpClient Committee, HttpClient Parent)> DecidedWithEveryKindOfFileAsync()
    {
        var town = await _app.TownAsync();
        var school = await _app.ClientForAsync(town.LeaderA.Id);
        var committee = await _app.ClientForAsync(town.Committee.Id);
        var parent = await _app.ClientForAsync(town.ParentA.Id);
        var id = (await (await school.PostJsonAsync("/api/referrals", new { childId = town.ChildA.Id })).JsonAsync(HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        foreach (var (part, content, name, type) in new[]
                 {
                     ("SignedReferralForm", SampleFiles.Pdf("Henvisningsskema underskrevet af skolelederen"), "henvisningsskema.pdf", "application/pdf"),
                     ("PPV", SampleFiles.Pdf("PPV fra nabokommunens PPR om Barn A"), "ppv.pdf", "application/pdf"),
                     ("ActionPlan", SampleFiles.Pdf("Handleplanens mål og indsatser"), "handleplan.pdf", "application/pdf"),
                     ("PupilPlan", SampleFiles.Docx("Elevplan for Barn A"), "elevplan.docx", SampleFiles.DocxType),
                     ("ParentStatement", SampleFiles.Pdf("Forældrenes udtalelse om skoledagen"), "foraeldreudtalelse.pdf", "application/pdf"),
                     ("ChildPerspective", SampleFiles.Png(), "tegning.png", "image/png"),
                 })
            (await school.UploadAsync(id, part, content, name, type)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await school.PostEmptyAsync($"/api/referrals/{id}/submit")).JsonAsync();
        await (await committee.PostJsonAsync($"/api/referrals/{id}/round", new { roundId = town.OpenRound.Id })).JsonAsync();
        await (await committee.PostJsonAsync($"/api/referrals/{id}/triage", new { track = 1 })).JsonAsync();
        await (await committee.PostJsonAsync($"/api/referrals/{id}/hearings", new
        {
            sentAt = DateTimeOffset.UtcNow.AddDays(-2),
            replyDeadline = DateTimeOffset.UtcNow.AddDays(14),
            subject = "PPV'en og handleplanen",
            parentsReply = "Vi ønsker, at barnet får ro i sin klasse.",
        })).JsonAsync();
        await (await committee.PostEmptyAsync($"/api/referrals/{id}/agenda")).JsonAsync();
        await (await committee.PostJsonAsync($"/api/referrals/{id}/decision", new
        {
            outcome = "Placement", offerId = town.Offer.Id, startDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10)),
            reasons = "Små fællesskaber.", letter = DecisionLetterTests.CompleteLetter,
        })).JsonAsync();
        await WaitForDeliveredLettersAsync(committee, town.ChildA.Id, expected: 2);
        return (town, id, committee, parent);
    }

    private static ByteArrayContent File(byte[] content, string type)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        return file;
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static async Task WaitForDeliveredLettersAsync(HttpClient client, Guid childId, int expected)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        JsonArray letters = [];
        while (DateTime.UtcNow < until)
        {
            letters = (await (await client.GetAsync($"/api/children/{childId}/letters")).JsonAsync()).AsArray();
            if (letters.Count >= expected && letters.All(l => l!["deliveredAt"] is not null)) return;
            await Task.Delay(250);
        }
        Assert.Fail($"Expected {expected} delivered letters, found {letters.ToJsonString()}");
    }

    /// <summary>Counts the queries that read stored files (document bytes), which is what building a case file does.</summary>
    private sealed class StoredFileReads : DbCommandInterceptor
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Note(command);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Note(command);
            return ValueTask.FromResult(result);
        }

        private void Note(DbCommand command)
        {
            var sql = command.CommandText.TrimStart();
            if (sql.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) && sql.Contains("\"StoredFiles\"", StringComparison.Ordinal))
                Interlocked.Increment(ref _count);
        }
    }
}
