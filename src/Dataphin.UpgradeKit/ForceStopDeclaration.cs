using Dataphin.UpgradeKit.Internal;

namespace Dataphin.UpgradeKit;

/// <summary>
/// The declaration an engineer accepts before force-stopping an upgrade, exactly as it was shown: the version of its
/// wording, the language it was shown in and its text. Recorded with the force-stop in the audit trail, so an
/// auditor reads what the engineer agreed to, not today's wording. Immutable.
/// </summary>
public sealed record ForceStopDeclaration
{
    /// <summary>The most characters <see cref="Text"/> may have.</summary>
    public const int MaxTextLength = 4000;

    /// <summary>The most characters <see cref="Version"/> and <see cref="Language"/> may have.</summary>
    public const int MaxTagLength = 64;

    /// <summary>The version of the wording, e.g. <c>2026-12-06</c>; a new wording gets a new version.</summary>
    public required string Version { get; init; }

    /// <summary>The language it was shown in, as a culture name, e.g. <c>en</c> or <c>zh-CN</c>.</summary>
    public required string Language { get; init; }

    /// <summary>The text shown, exactly.</summary>
    public required string Text { get; init; }

    /// <summary>Checks the declaration can be recorded: every part present, within its length, and without control characters in the version and language.</summary>
    /// <exception cref="ArgumentException">A part is empty or too long.</exception>
    internal ForceStopDeclaration Validated()
    {
        Tag(Version, nameof(Version));
        Tag(Language, nameof(Language));
        Guard.NotNullOrWhiteSpace(Text, nameof(Text));
        if (Text.Length > MaxTextLength)
        {
            throw new ArgumentException($"The declaration's text may have at most {MaxTextLength} characters.", nameof(Text));
        }

        return this;
    }

    private static void Tag(string value, string name)
    {
        Guard.NotNullOrWhiteSpace(value, name);
        if (value.Length > MaxTagLength || value.Any(char.IsControl))
        {
            throw new ArgumentException($"The declaration's {name.ToLowerInvariant()} must be 1 to {MaxTagLength} characters without control characters.", name);
        }
    }
}
