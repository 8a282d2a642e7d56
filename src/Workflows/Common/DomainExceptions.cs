namespace Visitation.Workflows.Common;

/// <summary>
/// A rule of the domain refused a request. <see cref="Exception.Message"/> is Danish and is shown to
/// the person who made the request, so it must explain what to do, not how the code failed.
/// </summary>
public abstract class DomainException(string message) : Exception(message);

/// <summary>Input is malformed or incomplete. <see cref="Field"/> names the offending field.</summary>
public sealed class InvalidInputException(string field, string message) : DomainException(message)
{
    public string Field { get; } = field;
}

/// <summary>The person's role or scope does not allow the action.</summary>
public sealed class NotPermittedException(string message) : DomainException(message);

/// <summary>The case is in a state where the action cannot be taken (now).</summary>
public sealed class WrongStateException(string message) : DomainException(message);

/// <summary>Someone else changed the case since it was read.</summary>
public sealed class ConcurrentChangeException(string message) : DomainException(message);
