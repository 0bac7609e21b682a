using System.Globalization;

namespace Dataphin.UpgradeKit;

/// <summary>
/// A text given as the reason for stopping, force-stopping or cancelling an upgrade is not a valid
/// <see cref="OperatorReason"/>. Nothing was changed or audited. The message never repeats the text.
/// </summary>
public sealed class InvalidOperatorReasonException : UpgradeKitException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problem">What is wrong with the text.</param>
    /// <param name="position">The position (UTF-16 index, after trimming) of the offending character; -1 when the problem is not one character.</param>
    public InvalidOperatorReasonException(OperatorReasonProblem problem, int position = -1)
        : base(Describe(problem, position))
    {
        Problem = problem;
        Position = position;
    }

    /// <summary>What is wrong with the text.</summary>
    public OperatorReasonProblem Problem { get; }

    /// <summary>The position (UTF-16 index, after trimming) of the offending character; -1 when the problem is not one character.</summary>
    public int Position { get; }

    private static string Describe(OperatorReasonProblem problem, int position)
    {
        var at = position >= 0 ? string.Create(CultureInfo.InvariantCulture, $" (at position {position})") : string.Empty;
        return problem switch
        {
            OperatorReasonProblem.Empty => "The reason is empty. Say in a few words why you take this action.",
            OperatorReasonProblem.TooLong => string.Create(CultureInfo.InvariantCulture, $"The reason is longer than {OperatorReason.MaxLength} characters."),
            OperatorReasonProblem.ControlCharacter => "The reason holds a control character, a line break or a tab" + at + "; write it on one line.",
            OperatorReasonProblem.BidirectionalFormatting => "The reason holds a bidirectional formatting character" + at + ", which could make it read differently from what is stored.",
            OperatorReasonProblem.InvalidCharacter => "The reason is not well-formed text" + at + ".",
            OperatorReasonProblem.None => "The reason is valid.",
            _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, "Not a reason problem."),
        };
    }
}
