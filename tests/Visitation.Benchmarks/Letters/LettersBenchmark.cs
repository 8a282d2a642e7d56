using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Visitation.Api.Features.Decisions;
using Visitation.Documents.Fonts;
using Visitation.Documents.Rendering;

namespace Visitation.Benchmarks.Letters;

/// <summary>
/// Decision letters per second, rendered by <see cref="LetterRenderer"/> and stored as the app stores
/// them, beside raw PDFsharp drawing of the same lines and Chromium printing the same letter as HTML,
/// in one run. See README.md ("letters").
/// </summary>
internal static partial class LettersBenchmark
{
    private const double OursOverRawTarget = 1.5;
    private const double ChromiumOverOursTarget = 10;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>One row: what one letter costs (<see cref="Op"/>), and what its rounds measured.</summary>
    /// <param name="lettersPerOp">Letters one call of <paramref name="op"/> makes; its latency is divided among them.</param>
    private sealed class Row(string name, int threads, Func<int, ValueTask> op, byte[] sample, bool processTree = false, int lettersPerOp = 1)
    {
        private readonly List<double> _ms = [];

        public string Name => name;
        public int Threads => threads;
        public Func<int, ValueTask> Op => op;
        public bool ProcessTree => processTree;
        public int Pages { get; } = PageCount(sample);
        public int Bytes => sample.Length;
        public Dictionary<int, (int Letters, double Seconds)> Rounds { get; } = [];
        public int Letters => _ms.Count * lettersPerOp;
        public double Seconds { get; private set; }
        public double? CpuMs { get; private set; } = 0;
        public double PerSecond => Letters / Seconds;
        public double CpuPerLetter => (CpuMs ?? double.NaN) / Letters;

        public long AllocatedBytes { get; private set; }

        public double AllocatedKiBPerLetter => AllocatedBytes / 1024.0 / Letters;

        public double? Cpu() => processTree ? ProcessTreeCpu.Milliseconds() : Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;

        public void Add(int round, List<double> ms, double seconds, double? cpuMs, long allocated)
        {
            AllocatedBytes += allocated;
            _ms.AddRange(ms.Select(m => m / lettersPerOp));
            _ms.Sort();
            Seconds += seconds;
            CpuMs = CpuMs + cpuMs;
            Rounds[round] = (ms.Count * lettersPerOp, seconds);
        }

        public double P(double p) => Program.Percentile(_ms, p);
    }

    public static async Task<int> RunAsync(string[] args)
    {
        if (!TryParse(args, out var seconds, out var warmup, out var skipChromium))
        {
            Console.Error.WriteLine("usage: dotnet run -c Release --project tests/Visitation.Benchmarks -- letters [--seconds 10] [--warmup 2] [--skip-chromium]");
            return 2;
        }

#if DEBUG
        Console.WriteLine("WARNING: Debug build; run with -c Release for numbers worth comparing.");
#endif
        var notes = new List<string>();
        var checks = new List<string>();
        var samples = Path.Combine(Path.GetTempPath(), "visitation-bench-letters", DateTime.Now.ToString("yyyyMMdd-HHmmss", Inv));
        Directory.CreateDirectory(samples);

        // AddDecisions is the app's registration for letters: the LetterRenderer singleton and what the save interceptor records for them.
        await using var store = await BenchStore.SqliteAsync((services, config) => services.AddDecisions(config));
        var fixture = LetterFixture.Create(store.DistrictSchool.Id);
        var sink = await LetterSink.CreateAsync(store, fixture);
        var renderer = store.Services.GetRequiredService<LetterRenderer>();
        var raw = new RawPdfSharp(fixture.Laid);

        // Sanity before timing: determinism, page counts, and that the profile replicates RenderLetter.
        var ours = renderer.RenderLetter(fixture.Letters[0]);
        var oursAgain = renderer.RenderLetter(fixture.Letters[0]);
        var rawPdf = raw.Draw(0);
        checks.Add(ours.Pdf.AsSpan().SequenceEqual(oursAgain.Pdf) ? "Ours is deterministic: two renders of the same letter gave the same bytes." : "CHECK FAILED: two renders of the same letter differ.");
        if (ours.PageCount != 2) notes.Add($"The letter has {ours.PageCount} pages, not the intended 2; adjust LetterFixture's text.");
        RenderProfile? profile = null;
        try
        {
            profile = new RenderProfile();
            var replicated = profile.Render(fixture.Letters[0], new StepClock(RenderProfile.Steps.Length));
            checks.Add(replicated.AsSpan().SequenceEqual(ours.Pdf)
                ? "The step profile replicates RenderLetter byte for byte."
                : "CHECK FAILED: the step profile's PDF differs from RenderLetter's; its breakdown is approximate.");
        }
        catch (Exception e) when (e is TypeLoadException or MissingMethodException or ArgumentException)
        {
            notes.Add($"Step profile unavailable (src/Documents changed shape): {e.Message}");
        }

        await File.WriteAllBytesAsync(Path.Combine(samples, "ours.pdf"), ours.Pdf);
        await File.WriteAllBytesAsync(Path.Combine(samples, "raw-pdfsharp.pdf"), rawPdf);
        var regular = Path.Combine(samples, "DejaVuSans.ttf");
        var bold = Path.Combine(samples, "DejaVuSans-Bold.ttf");
        await File.WriteAllBytesAsync(regular, LetterFonts.Resolver.GetFont("DejaVuSans") ?? throw new InvalidOperationException("No DejaVuSans from LetterFonts.Resolver."));
        await File.WriteAllBytesAsync(bold, LetterFonts.Resolver.GetFont("DejaVuSans-Bold") ?? throw new InvalidOperationException("No DejaVuSans-Bold from LetterFonts.Resolver."));
        var html = fixture.Composed.Select(document => LetterHtmlWriter.Write(document, fixture.Subject, new Uri(regular), new Uri(bold))).ToList();
        await File.WriteAllTextAsync(Path.Combine(samples, "letter.html"), html[0].Page);
        await File.WriteAllTextAsync(Path.Combine(samples, "footer.html"), html[0].Footer);

        var text = string.Join('\n', fixture.Laid[0].Pages.SelectMany(p => p.Texts).Select(t => t.Text));
        var words = text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length;
        Console.WriteLine($"Visitation benchmark — decision letters (rendered and stored) — {DateTime.Now.ToString("yyyy-MM-dd", Inv)}, {Environment.ProcessorCount} cores");
        Console.WriteLine($"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}; {warmup} s warm-up and {seconds} × 1 s measured per row; load average {Program.LoadAverage()}");
        Console.WriteLine($"Letter: committee placement for a synthetic child, built as the app builds it (WrittenDecision.Issue → LetterComposition.Compose), one letter per guardian (2, used alternately);");
        Console.WriteLine(string.Create(Inv, $"  template v{ours.TemplateVersion}, rule set {ours.RuleSetVersion}; {ours.PageCount} A4 pages, {raw.TextLines(0)} text lines, {words} words, {text.Length} characters; æ/ø/å present: {(text.Contains('æ') && text.Contains('ø') && text.Contains('å') ? "yes" : "NO")}; PDF {ours.Pdf.Length / 1024.0:F1} KiB."));
        Console.WriteLine("Ours = LetterRenderer.RenderLetter from the app's DI (validate, compose, layout, paint, save, determinism fix-up, SHA-256; as DeliverDecisionLetters calls it)");
        Console.WriteLine("  + store through the app's real DbContext: StoredFile (PDF bytes + SHA-256) and Letter row in a new scope, one SaveChangesAsync per letter");
        Console.WriteLine("  (its CaseChangeInterceptor adds the audit entry; the app commits both guardians' letters at once, so per letter is the dearer case).");
        Console.WriteLine("  " + await store.DescribeAsync());
        Console.WriteLine($"Raw PDFsharp = PDFsharp {PackageVersion("PDFsharp")}: our precomputed lines drawn with XGraphics.DrawString, fonts via LetterFonts.Resolver (same DejaVu TTFs, Unicode), saved to memory; no layout, metadata, determinism, hash or storage.");

        var split = new List<(double Render, double Store)>();
        var oursSplit = new List<(double Render, double Store)>();
        async ValueTask RenderAndStore(int i)
        {
            var guardian = i % 2;
            var start = Stopwatch.GetTimestamp();
            var rendered = renderer.RenderLetter(fixture.Letters[guardian]);
            var rendering = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            await sink.StoreAsync(rendered, guardian);
            var total = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            lock (split) split.Add((rendering, total - rendering));
        }

        // As DeliverDecisionLetters does it: both guardians' letters rendered, then stored in one SaveChangesAsync.
        async ValueTask DecisionAtOnce(int i)
        {
            var first = renderer.RenderLetter(fixture.Letters[0]);
            var second = renderer.RenderLetter(fixture.Letters[1]);
            await sink.StoreAsync([(first, 0), (second, 1)]);
        }

        var oursRow = new Row("ours: render + store", 1, RenderAndStore, ours.Pdf);
        var perDecisionRow = new Row("ours: 2 letters per commit", 1, DecisionAtOnce, ours.Pdf, lettersPerOp: 2);
        var rawRow = new Row("raw PDFsharp DrawString", 1, i => { raw.Draw(i % 2); return ValueTask.CompletedTask; }, rawPdf);
        List<Row> rows = [oursRow, perDecisionRow, new Row("ours: render + store, ×2 threads", 2, RenderAndStore, ours.Pdf), rawRow];

        Row? chromiumRow = null;
        ChromiumPdf? chromium = null;
        if (skipChromium)
        {
            notes.Add("Chromium skipped (--skip-chromium).");
        }
        else
        {
            try
            {
                var launch = Stopwatch.StartNew();
                chromium = await ChromiumPdf.StartAsync(samples);
                var started = launch.Elapsed.TotalSeconds;
                var chromiumPdf = await chromium.PrintAsync(html[0]);
                var fonts = await chromium.FontStatusAsync();
                await File.WriteAllBytesAsync(Path.Combine(samples, "chromium.pdf"), chromiumPdf);
                Console.WriteLine(string.Create(Inv, $"Chromium = Playwright {PackageVersion("Microsoft.Playwright")} → {ChromiumPdf.ExecutablePath} {chromium.Version} ({string.Join(' ', ChromiumPdf.Arguments)}), started in {started:F1} s;"));
                Console.WriteLine("  one browser, one page; per letter SetContentAsync(html) + PdfAsync(A4, CSS page size, footer template). HTML = the same composed blocks as CSS-styled HTML");
                Console.WriteLine($"  (Chromium breaks lines and pages itself), @font-face on the shipped DejaVu TTFs (file://); font status: {fonts}.");
                if (!fonts.Contains("loaded", StringComparison.Ordinal) || fonts.Contains("error", StringComparison.Ordinal))
                {
                    notes.Add($"Chromium did not load the @font-face fonts ({fonts}); it fell back to other fonts.");
                }

                var browser = chromium;
                chromiumRow = new Row("Chromium HTML→PDF (Playwright)", 1, async i => await browser.PrintAsync(html[i % 2]), chromiumPdf, processTree: true);
                rows.Add(chromiumRow);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Console.WriteLine($"Chromium not measured: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
                notes.Add($"Chromium not measured: {e.GetType().Name}: {e.Message}");
                if (chromium is not null) await chromium.DisposeAsync();
                chromium = null;
            }
        }

        try
        {
            var rounds = Math.Max(1, seconds);
            Console.WriteLine($"Measuring: each row warms up for {warmup} s, then {rounds} rounds of 1 s per row, rows interleaved and rotated each round,");
            Console.WriteLine("  so every row sees the same machine (others' load drifts over seconds). Single thread per row unless it says ×2.");
            foreach (var row in rows)
            {
                Console.WriteLine($"  warm-up: {row.Name} ...");
                await RunAsync(row.Threads, row.Op, TimeSpan.FromSeconds(warmup));
            }

            split.Clear();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            for (var round = 0; round < rounds; round++)
            {
                for (var k = 0; k < rows.Count; k++)
                {
                    var row = rows[(round + k) % rows.Count];
                    var splitBefore = split.Count;
                    var cpuBefore = row.Cpu();
                    var allocatedBefore = GC.GetTotalAllocatedBytes();
                    List<double> ms;
                    TimeSpan elapsed;
                    try
                    {
                        (ms, elapsed) = await RunAsync(row.Threads, row.Op, TimeSpan.FromSeconds(1));
                    }
                    catch (Exception e) when (row == chromiumRow && e is not OutOfMemoryException)
                    {
                        // A browser that dies mid-run costs its row, not the run.
                        Console.WriteLine($"Chromium failed in round {round + 1}: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
                        notes.Add($"Chromium left out: it failed in round {round + 1} ({e.GetType().Name}: {e.Message})");
                        rows.Remove(row);
                        chromiumRow = null;
                        break;
                    }

                    row.Add(round, ms, elapsed.TotalSeconds, row.Cpu() - cpuBefore, GC.GetTotalAllocatedBytes() - allocatedBefore);
                    if (row == oursRow) oursSplit.AddRange(split.Skip(splitBefore));
                }

                Console.Write(round == rounds - 1 ? $"  {rounds} rounds done.\n" : ".");
            }
        }
        finally
        {
            if (chromium is not null) await chromium.DisposeAsync();
        }

        List<(StepClock Ours, StepClock Raw)>? profiled = null;
        if (profile is not null)
        {
            var profileSeconds = Math.Max(2, seconds / 2);
            Console.WriteLine($"Step profile: RenderLetter step by step and raw PDFsharp (draw, save), alternating letter by letter, {warmup} s warm-up and {profileSeconds} s ...");
            profiled = [];
            var collected = profiled;
            ValueTask Both(int i)
            {
                var oursClock = new StepClock(RenderProfile.Steps.Length);
                var rawClock = new StepClock(2);
                profile.Render(fixture.Letters[i % 2], oursClock);
                raw.Draw(i % 2, rawClock);
                collected.Add((oursClock, rawClock));
                return ValueTask.CompletedTask;
            }

            await RunAsync(1, Both, TimeSpan.FromSeconds(warmup));
            collected.Clear();
            await RunAsync(1, Both, TimeSpan.FromSeconds(profileSeconds));
        }

        List<string> storeReport;
        {
            var storeSeconds = Math.Max(2, seconds / 4);
            Console.WriteLine($"Store profile: storing already rendered letters one by one with EF Core's diagnostic events on, 1 s warm-up and {storeSeconds} s ...");
            using var storeProfile = new StoreProfile();
            RenderedLetter[] rendered = [.. fixture.Letters.Select(renderer.RenderLetter)];
            async ValueTask StoreOnly(int i) => await storeProfile.StoreAsync(sink, rendered[i % 2], i % 2);
            await RunAsync(1, StoreOnly, TimeSpan.FromSeconds(1));
            storeProfile.Clear();
            await RunAsync(1, StoreOnly, TimeSpan.FromSeconds(storeSeconds));
            storeReport = [.. storeProfile.Report()];
        }

        checks.Add(await sink.CheckAsync());

        Console.WriteLine();
        Console.WriteLine($"{"row",-34} {"letters",7} {"seconds",7} {"letters/s",9} {"p50 ms",7} {"p95 ms",7} {"pages",5} {"KiB",5} {"cpu ms/letter",13} {"alloc KiB/letter",16}");
        foreach (var r in rows)
        {
            var cpu = r.CpuMs is { } c ? (c / r.Letters).ToString("F2", Inv) + (r.ProcessTree ? "*" : "") : "-";
            Console.WriteLine(string.Create(Inv,
                $"{r.Name,-34} {r.Letters,7} {r.Seconds,7:F1} {r.PerSecond,9:F1} {r.P(0.50),7:F2} {r.P(0.95),7:F2} {r.Pages,5} {r.Bytes / 1024.0,5:F0} {cpu,13} {r.AllocatedKiBPerLetter,16:F0}"));
        }

        Console.WriteLine("cpu ms/letter: this process's CPU time (all threads, GC included) ÷ letters; * = with every process it started (node driver, Chromium).");
        Console.WriteLine("alloc KiB/letter: managed bytes allocated in this process ÷ letters (Chromium: the .NET client side only). KiB: size of one letter's PDF.");
        Console.WriteLine();
        var oursOverRaw = rawRow.PerSecond / oursRow.PerSecond;
        Console.WriteLine("Targets (issue 3, item 9); time per letter = 1 ÷ letters/s of the single-thread rows over all rounds, \"ours\" = render + store:");
        Console.WriteLine(string.Create(Inv,
            $"  ours ÷ raw PDFsharp      {oursOverRaw,6:F2}×  target ≤ {OursOverRawTarget}×  {Verdict(oursOverRaw <= OursOverRawTarget)}   {Spread(oursRow, rawRow, invert: true)}; CPU {oursRow.CpuPerLetter / rawRow.CpuPerLetter:F2}×; p50 {oursRow.P(0.5) / rawRow.P(0.5):F2}×"));
        if (chromiumRow is not null)
        {
            var chromiumOverOurs = oursRow.PerSecond / chromiumRow.PerSecond;
            Console.WriteLine(string.Create(Inv,
                $"  Chromium ÷ ours          {chromiumOverOurs,6:F1}×  target ≥ {ChromiumOverOursTarget}×   {Verdict(chromiumOverOurs >= ChromiumOverOursTarget)}   {Spread(oursRow, chromiumRow, invert: false)}; CPU {chromiumRow.CpuPerLetter / oursRow.CpuPerLetter:F1}×; p50 {chromiumRow.P(0.5) / oursRow.P(0.5):F1}×"));
        }
        else
        {
            Console.WriteLine($"  Chromium ÷ ours               -  target ≥ {ChromiumOverOursTarget}×   not measured");
        }

        Console.WriteLine("  per-round = the same ratio within each 1 s round (median [min–max]); CPU = ratio of the cpu ms/letter column; p50 = ratio of the p50 column.");
        Console.WriteLine("For information (same run):");
        var appWay = rawRow.PerSecond / perDecisionRow.PerSecond;
        Console.WriteLine(string.Create(Inv,
            $"  ours with 2 letters per commit (as the app stores a decision) ÷ raw PDFsharp: {appWay:F2}×  {Within(appWay)}   {Spread(perDecisionRow, rawRow, invert: true)}"));
        if (oursSplit.Count > 0)
        {
            var render = oursSplit.Select(s => s.Render).Order().ToList();
            var storing = oursSplit.Select(s => s.Store).Order().ToList();
            var renderShare = render.Sum() / (render.Sum() + storing.Sum());
            var renderOnly = render.Average() / (rawRow.Seconds * 1000 / rawRow.Letters);
            Console.WriteLine(string.Create(Inv,
                $"  ours render only (RenderLetter part of the \"ours\" row) ÷ raw PDFsharp, mean ms: {renderOnly:F2}×  {Within(renderOnly)}"));
            Console.WriteLine(string.Create(Inv,
                $"  the \"ours\" row split: render p50 {Program.Percentile(render, 0.5):F2} / p95 {Program.Percentile(render, 0.95):F2} ms, store p50 {Program.Percentile(storing, 0.5):F2} / p95 {Program.Percentile(storing, 0.95):F2} ms; rendering is {renderShare:P0} of its time."));
        }

        Console.WriteLine("  \"2 letters per commit\" row: p50/p95 are per decision ÷ 2.");
        if (profiled is { Count: > 0 })
        {
            PrintProfile(profiled);
        }

        foreach (var line in storeReport) Console.WriteLine(line);
        foreach (var line in checks.Concat(notes)) Console.WriteLine(line);
        Console.WriteLine($"Samples (ours, raw, Chromium PDFs; the HTML): {samples}");
        Console.WriteLine($"Load average at the end: {Program.LoadAverage()} (other work on the machine skews every row; compare rows of the same run).");
        return 0;
    }

    private static void PrintProfile(List<(StepClock Ours, StepClock Raw)> profiled)
    {
        double CpuMean(Func<(StepClock Ours, StepClock Raw), double> pick) => profiled.Average(pick);
        double WallP50(Func<(StepClock Ours, StepClock Raw), double> pick) => Program.Percentile([.. profiled.Select(pick).Order()], 0.5);

        var oursCpu = CpuMean(p => p.Ours.CpuMs.Sum());
        var rawCpu = CpuMean(p => p.Raw.CpuMs.Sum());
        Console.WriteLine(string.Create(Inv,
            $"Where the render time goes ({profiled.Count} letters each, alternating; thread CPU mean and wall p50 in ms; storage not included):"));
        for (var i = 0; i < RenderProfile.Steps.Length; i++)
        {
            var step = i;
            var cpu = CpuMean(p => p.Ours.CpuMs[step]);
            Console.WriteLine(string.Create(Inv, $"  ours  {RenderProfile.Steps[i],-34} cpu {cpu,7:F3}  wall {WallP50(p => p.Ours.WallMs[step]),7:F3}  {cpu / oursCpu,4:P0}"));
        }

        Console.WriteLine(string.Create(Inv, $"  ours  {"total",-34} cpu {oursCpu,7:F3}  wall {WallP50(p => p.Ours.WallMs.Sum()),7:F3}"));
        string[] rawSteps = ["draw (pages, DrawString)", "save (fonts subset + write)"];
        for (var i = 0; i < rawSteps.Length; i++)
        {
            var step = i;
            var cpu = CpuMean(p => p.Raw.CpuMs[step]);
            Console.WriteLine(string.Create(Inv, $"  raw   {rawSteps[i],-34} cpu {cpu,7:F3}  wall {WallP50(p => p.Raw.WallMs[step]),7:F3}  {cpu / rawCpu,4:P0}"));
        }

        Console.WriteLine(string.Create(Inv, $"  raw   {"total",-34} cpu {rawCpu,7:F3}  wall {WallP50(p => p.Raw.WallMs.Sum()),7:F3}"));
        var layoutEtc = CpuMean(p => p.Ours.CpuMs[0] + p.Ours.CpuMs[1] + p.Ours.CpuMs[2]);
        var identity = CpuMean(p => p.Ours.CpuMs[3] + p.Ours.CpuMs[6] + p.Ours.CpuMs[8] + p.Ours.CpuMs[9]);
        var paintDelta = CpuMean(p => p.Ours.CpuMs[4] + p.Ours.CpuMs[5] - p.Raw.CpuMs[0]);
        var saveDelta = CpuMean(p => p.Ours.CpuMs[7] - p.Raw.CpuMs[1]);
        Console.WriteLine(string.Create(Inv,
            $"  ours − raw = {oursCpu - rawCpu:+0.000;-0.000} ms CPU ({oursCpu / rawCpu:F2}×): validate+compose+layout {layoutEtc:+0.000;-0.000}, hashes+determinism {identity:+0.000;-0.000}, metadata+paint vs draw {paintDelta:+0.000;-0.000}, save vs save {saveDelta:+0.000;-0.000}"));
    }

    private static string Verdict(bool met) => met ? "PASS" : "MISS";

    private static string Within(double ratio) => ratio <= OursOverRawTarget
        ? string.Create(Inv, $"(within {OursOverRawTarget}×)")
        : string.Create(Inv, $"(above {OursOverRawTarget}×)");

    /// <summary>The paired ratio per round: median and range, so one noisy second cannot decide the verdict.</summary>
    private static string Spread(Row ours, Row other, bool invert)
    {
        var ratios = ours.Rounds.Keys.Intersect(other.Rounds.Keys)
            .Select(round => (Ours: ours.Rounds[round], Other: other.Rounds[round]))
            .Where(pair => pair.Ours.Letters > 0 && pair.Other.Letters > 0)
            .Select(pair => invert
                ? (pair.Ours.Seconds / pair.Ours.Letters) / (pair.Other.Seconds / pair.Other.Letters)
                : (pair.Other.Seconds / pair.Other.Letters) / (pair.Ours.Seconds / pair.Ours.Letters))
            .Order()
            .ToList();
        return ratios.Count == 0
            ? "per-round -"
            : string.Create(Inv, $"per-round median {Program.Percentile(ratios, 0.5):F2}× [{ratios[0]:F2}–{ratios[^1]:F2}]");
    }

    /// <summary>Runs <paramref name="threads"/> loops until the time is up; each loop alternates the two guardians' letters.</summary>
    private static async Task<(List<double> Ms, TimeSpan Elapsed)> RunAsync(int threads, Func<int, ValueTask> op, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        var perThread = await Task.WhenAll(Enumerable.Range(0, threads).Select(thread => Task.Run(async () =>
        {
            var ms = new List<double>();
            for (var i = thread; clock.Elapsed < duration; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await op(i);
                ms.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            return ms;
        })));
        return ([.. perThread.SelectMany(ms => ms)], clock.Elapsed);
    }

    private static int PageCount(byte[] pdf) => PageObject().Count(Encoding.Latin1.GetString(pdf));

    [GeneratedRegex(@"/Type\s*/Page(?![A-Za-z])")]
    private static partial Regex PageObject();

    /// <summary>The NuGet package version this program was built against, from its deps.json.</summary>
    private static string PackageVersion(string id)
    {
        var deps = Path.Combine(AppContext.BaseDirectory, $"{typeof(LettersBenchmark).Assembly.GetName().Name}.deps.json");
        if (!File.Exists(deps)) return "?";
        using var json = JsonDocument.Parse(File.ReadAllText(deps));
        return json.RootElement.GetProperty("libraries").EnumerateObject()
            .Select(library => library.Name)
            .FirstOrDefault(name => name.StartsWith(id + "/", StringComparison.OrdinalIgnoreCase))?[(id.Length + 1)..] ?? "?";
    }

    private static bool TryParse(string[] args, out int seconds, out int warmup, out bool skipChromium)
    {
        seconds = 10;
        warmup = 2;
        skipChromium = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seconds" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var s) && s > 0:
                    seconds = s;
                    i++;
                    break;
                case "--warmup" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var w) && w >= 0:
                    warmup = w;
                    i++;
                    break;
                case "--skip-chromium":
                    skipChromium = true;
                    break;
                default:
                    return false;
            }
        }

        return true;
    }
}
