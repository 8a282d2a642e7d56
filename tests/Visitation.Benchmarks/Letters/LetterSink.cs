using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Visitation.Api.Infrastructure.Files;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Documents.Rendering;
using Visitation.Workflows.Decisions;

namespace Visitation.Benchmarks.Letters;

/// <summary>
/// Stores a rendered letter the way <c>DeliverDecisionLetters</c> does: a <see cref="StoredFile"/> with the
/// PDF and its SHA-256 plus a <see cref="Letter"/> row, through a new scope's <see cref="VisitationDbContext"/>
/// (the app's <c>SqliteVisitationDbContext</c> with its <c>CaseChangeInterceptor</c>, which adds the
/// "Dannede afgørelsesbrevet" audit entry) and one <c>SaveChangesAsync</c>. The app saves both guardians'
/// letters in one commit; here every letter is its own commit, which is the dearer case.
/// </summary>
internal sealed class LetterSink(BenchStore store, LetterFixture fixture)
{
    private readonly TimeProvider _clock = store.Services.GetRequiredService<TimeProvider>();

    /// <summary>The child, guardians and issued decision the letters belong to (the decision's outbox and audit rows come with it).</summary>
    public static async Task<LetterSink> CreateAsync(BenchStore store, LetterFixture fixture)
    {
        await using var scope = store.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VisitationDbContext>();
        db.Guardians.AddRange(fixture.Guardians);
        db.Children.Add(fixture.Child);
        db.WrittenDecisions.Add(fixture.Decision);
        await db.SaveChangesAsync();
        return new LetterSink(store, fixture);
    }

    public Task StoreAsync(RenderedLetter rendered, int guardianIndex) => StoreAsync([(rendered, guardianIndex)]);

    /// <summary>Several letters in one commit, as <c>DeliverDecisionLetters</c> stores one decision's letters.</summary>
    public async Task StoreAsync(IReadOnlyList<(RenderedLetter Rendered, int Guardian)> letters)
    {
        var now = _clock.GetUtcNow();
        await using var scope = store.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VisitationDbContext>();
        foreach (var (rendered, guardianIndex) in letters)
        {
            var file = new StoredFile(Guid.NewGuid(), fixture.FileName(guardianIndex), "application/pdf", rendered.Pdf, rendered.Sha256, now);
            // Letters are unique per (decision, guardian); every stored copy gets its own synthetic guardian id.
            var letter = new Letter(Guid.NewGuid(), fixture.Decision, Guid.NewGuid(), fixture.Guardians[guardianIndex].Name, fixture.Subject, file.Id,
                rendered.Sha256, rendered.PageCount, rendered.TemplateVersion, LetterFixture.DeliveredOn, now, replacesLetterId: null);
            db.StoredFiles.Add(file);
            db.Letters.Add(letter);
        }

        await db.SaveChangesAsync();
    }

    /// <summary>Row counts, and the stored bytes of the newest letter hashed again against its recorded SHA-256.</summary>
    public async Task<string> CheckAsync()
    {
        await using var scope = store.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VisitationDbContext>();
        var letters = await db.Letters.CountAsync(l => l.WrittenDecisionId == fixture.Decision.Id);
        var files = await db.StoredFiles.CountAsync(f => f.ContentType == "application/pdf" && f.FileName.StartsWith("afgoerelse-"));
        var bytes = await db.StoredFiles.Where(f => f.ContentType == "application/pdf").SumAsync(f => f.Length);
        var audits = await db.AuditEntries.CountAsync(a => a.CaseType == "Afgørelsesbrev");
        var newest = await db.Letters.AsNoTracking().OrderByDescending(l => l.CreatedAt).ThenBy(l => l.Id).FirstOrDefaultAsync();
        var verdict = "no letter stored";
        if (newest is not null)
        {
            var file = await db.StoredFiles.AsNoTracking().FirstAsync(f => f.Id == newest.StoredFileId);
            verdict = LetterHash.Sha256Hex(file.Content) == newest.Sha256 && file.Sha256 == newest.Sha256
                ? "the newest stored PDF hashes to its recorded SHA-256"
                : "MISMATCH between a stored PDF and its recorded SHA-256";
        }

        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"SQLite check: {letters} letter rows, {files} stored PDF files ({bytes / 1024.0 / 1024.0:F1} MiB), {audits} letter audit entries; {verdict}.");
    }
}
