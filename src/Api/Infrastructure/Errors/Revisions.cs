using System.Globalization;
using Visitation.Workflows.Common;

namespace Visitation.Api.Infrastructure.Errors;

/// <summary>
/// Optimistic concurrency over HTTP, the same for every kind of case: a response carries the case's revision as its
/// ETag, and a change sent with <c>If-Match</c> naming an older revision is refused (409) with the caller's Danish words.
/// No If-Match, or <c>*</c>, changes whatever is current.
/// </summary>
public static class Revisions
{
    public static void EnsureIfMatch(HttpContext http, int revision, string refusal)
    {
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (!string.IsNullOrEmpty(ifMatch) && ifMatch != "*" && ifMatch.Trim('"', 'W', '/') != revision.ToString(CultureInfo.InvariantCulture))
            throw new ConcurrentChangeException(refusal);
    }

    public static void SetETag(HttpContext http, int revision) => http.Response.Headers.ETag = $"\"{revision}\"";
}
