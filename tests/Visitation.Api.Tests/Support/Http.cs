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

    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient client, Guid referralId, string part, byte[]? content = null,
        string fileName = "dokument.pdf", string contentType = "application/pdf")
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(part), "part");
        var file = new ByteArrayContent(content ?? Pdf());
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        return await client.PostAsync($"/api/referrals/{referralId}/documents", form);
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

    public static readonly string[] AllParts = ["SignedReferralForm", "PPV", "ActionPlan", "PupilPlan", "ParentStatement", "ChildPerspective"];
}
