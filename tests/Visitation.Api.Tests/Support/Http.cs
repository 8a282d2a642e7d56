using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Visitation.Api.Tests.Support;

public static class Http
{
    /// <summary>A tiny valid PDF, enough to pass the upload's signature check.</summary>
    public static byte[] Pdf(string text = "Syntetisk testdokument") =>
        System.Text.Encoding.ASCII.GetBytes($"%PDF-1.4\n% {text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    /// <summary>Who the tests' uploaded (external) PPVs are made by.</summary>
    public const string ExternalPpvIssuer = "PPR, Nabokommunen (syntetisk)";

    /// <summary>
    /// Uploads a file as a referral part. A PPV goes with what the school states for an uploaded PPV
    /// (issuer, date, marked final), as the school's page sends it.
    /// </summary>
    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient client, Guid referralId, string part, byte[]? content = null,
        string fileName = "dokument.pdf", string contentType = "application/pdf")
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(part), "part");
        if (part == "PPV") AddExternalPpv(form);
        var file = new ByteArrayContent(content ?? Pdf());
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        return await client.PostAsync($"/api/referrals/{referralId}/documents", form);
    }

    /// <summary>The fields an uploaded PPV needs: issuer, date (a month ago) and the mark that it is final.</summary>
    public static void AddExternalPpv(MultipartFormDataContent form)
    {
        form.Add(new StringContent(ExternalPpvIssuer), "issuer");
        form.Add(new StringContent(DateTime.UtcNow.AddDays(-30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), "issuedOn");
        form.Add(new StringContent("true"), "markedFinal");
    }

    public static async Task<JsonNode> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        return JsonNode.Parse(body)!;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, JsonSerializerOptions.Web);

    public static Task<HttpResponseMessage> PostEmptyAsync(this HttpClient client, string url) =>
        client.PostAsync(url, JsonContent.Create(new { }));

    /// <summary>Asserts a ProblemDetails response with a Danish detail, and returns it.</summary>
    public static async Task<JsonNode> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", body);
        var problem = JsonNode.Parse(body)!;
        problem["detail"]?.GetValue<string>().ShouldNotBeNullOrWhiteSpace(body);
        return problem;
    }

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body) =>
        client.PutAsJsonAsync(url, body, JsonSerializerOptions.Web);

    /// <summary>POSTs <paramref name="body"/> as JSON with an If-Match header carrying <paramref name="etag"/>.</summary>
    public static Task<HttpResponseMessage> PostJsonIfMatchAsync(this HttpClient client, string url, object body, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, options: JsonSerializerOptions.Web) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return client.SendAsync(request);
    }

    /// <summary>POSTs <paramref name="text"/> as it is, for bodies no serializer would produce.</summary>
    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string text, string contentType = "application/json") =>
        client.PostAsync(url, new StringContent(text, System.Text.Encoding.UTF8, contentType));

    /// <summary>An upload where the part and the file may each be left out.</summary>
    public static async Task<HttpResponseMessage> UploadFormAsync(this HttpClient client, Guid referralId, string? part, byte[]? content,
        string fileName = "dokument.pdf", string contentType = "application/pdf")
    {
        using var form = new MultipartFormDataContent();
        if (part is not null) form.Add(new StringContent(part), "part");
        if (content is not null)
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            form.Add(file, "file", fileName);
        }
        return await client.PostAsync($"/api/referrals/{referralId}/documents", form);
    }

    /// <summary>
    /// Asserts a ProblemDetails response whose <c>detail</c> is Danish and, when <paramref name="field"/> is given,
    /// whose <c>errors</c> names that field. Returns the problem.
    /// </summary>
    public static async Task<JsonNode> DanishProblemAsync(this HttpResponseMessage response, HttpStatusCode expected, string? field = null)
    {
        var problem = await response.ProblemAsync(expected);
        var detail = problem["detail"]!.GetValue<string>();
        detail.ShouldBeDanish();
        if (field is not null)
        {
            var errors = problem["errors"]?.AsObject();
            errors.ShouldNotBeNull($"errors should name '{field}': {problem.ToJsonString()}");
            errors.Select(e => e.Key).ShouldContain(field, problem.ToJsonString());
        }
        return problem;
    }

    private static readonly System.Text.RegularExpressions.Regex DanishMarkers = new(
        @"[æøåÆØÅ]|\b(?:ikke|skal|findes|angiv|vælg|kan|er|har|eller|til|af|den|det|du|og|for|at)\b",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    private static readonly System.Text.RegularExpressions.Regex EnglishMarkers = new(
        @"\b(?:the|was|were|failed|required|invalid|error|must|cannot|could|should|request|parameter|exception|value)\b",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    /// <summary>A rough check that a message is written in Danish for the person, not framework English.</summary>
    public static void ShouldBeDanish(this string text)
    {
        text.ShouldNotBeNullOrWhiteSpace();
        DanishMarkers.IsMatch(text).ShouldBeTrue($"Not Danish: '{text}'");
        EnglishMarkers.IsMatch(text).ShouldBeFalse($"Reads as English: '{text}'");
    }

    public static readonly string[] AllParts = ["SignedReferralForm", "PPV", "ActionPlan", "PupilPlan", "ParentStatement", "ChildPerspective"];
}
