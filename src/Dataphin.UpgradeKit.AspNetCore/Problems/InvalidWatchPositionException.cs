using System.Globalization;

namespace Dataphin.UpgradeKit.AspNetCore.Problems;

/// <summary>
/// An event stream's resume position (<c>Last-Event-ID</c>, or the <c>lastEventId</c> query parameter) that is not a
/// position a stream can resume after. It never leaves the endpoints: it becomes a 400 problem naming the parameter and
/// the range (R-SEC-3).
/// </summary>
internal sealed class InvalidWatchPositionException : ArgumentException
{
    /// <summary>The first position of a change feed follows 0, the position before any change.</summary>
    public const long Minimum = 0;

    /// <summary>
    /// A stream resumes with the change after the position, so the largest 64-bit position has no successor: it is refused
    /// here rather than overflowing in the service.
    /// </summary>
    public const long Maximum = long.MaxValue - 1;

    public InvalidWatchPositionException(string parameter, int maxLength)
        : base(string.Create(CultureInfo.InvariantCulture,
            $"{parameter} must be the id of an event this stream sent: a whole number from {Minimum} to {Maximum} ({maxLength} digits at most)."))
    {
        Parameter = parameter;
    }

    public InvalidWatchPositionException()
        : this("Last-Event-ID", 19)
    {
    }

    public InvalidWatchPositionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Parameter = "Last-Event-ID";
    }

    /// <summary>Which input carried the position: <c>Last-Event-ID</c> or <c>lastEventId</c>.</summary>
    public string Parameter { get; }
}
