namespace Dataphin.UpgradeKit;

/// <summary>What is wrong with a text given as an <see cref="OperatorReason"/>.</summary>
public enum OperatorReasonProblem
{
    /// <summary>Nothing: the text is a valid reason.</summary>
    None = 0,

    /// <summary>The text is empty or only white space.</summary>
    Empty = 1,

    /// <summary>The text has more than <see cref="OperatorReason.MaxLength"/> characters after trimming.</summary>
    TooLong = 2,

    /// <summary>The text holds a control character, a line break or a tab.</summary>
    ControlCharacter = 3,

    /// <summary>The text holds a bidirectional embedding, override or isolate character.</summary>
    BidirectionalFormatting = 4,

    /// <summary>The text is not well-formed UTF-16 (a lone surrogate).</summary>
    InvalidCharacter = 5,
}
