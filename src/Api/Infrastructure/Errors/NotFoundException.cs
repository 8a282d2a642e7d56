namespace Visitation.Api.Infrastructure.Errors;

/// <summary>An id in the URL names nothing the caller can see. Mapped to 404.</summary>
public sealed class NotFoundException(string message) : Exception(message)
{
    public static NotFoundException Of(string what) => new($"{what} findes ikke.");
}
