using Dataphin.UpgradeKit.Internal;
using NodaTime;

namespace Dataphin.UpgradeKit;

/// <summary>
/// What an upgrade record says about its saved configuration file: the name, the save time and the length, never the
/// content.
/// Reading, listing or watching records never reads a configuration's bytes; downloading it does
/// (<see cref="Storage.IConfigurationContentStore"/>).
/// </summary>
public sealed class ConfigurationFileInfo : IEquatable<ConfigurationFileInfo>
{
    /// <summary>Describes a saved configuration file.</summary>
    /// <param name="fileName">The file name shown for download; no directory parts.</param>
    /// <param name="savedAt">When it was saved.</param>
    /// <exception cref="ArgumentException"><paramref name="fileName"/> is empty or contains a path separator.</exception>
    public ConfigurationFileInfo(string fileName, Instant savedAt)
        : this(fileName, savedAt, null)
    {
    }

    /// <summary>Describes a saved configuration file whose length may be known.</summary>
    /// <param name="fileName">The file name shown for download; no directory parts.</param>
    /// <param name="savedAt">When it was saved.</param>
    /// <param name="length">The file's length in bytes, as the operator saved it; null when it is not known.</param>
    /// <exception cref="ArgumentException"><paramref name="fileName"/> is empty or contains a path separator.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public ConfigurationFileInfo(string fileName, Instant savedAt, long? length)
    {
        FileName = ConfigurationFile.CheckFileName(fileName);
        SavedAt = savedAt;
        if (length < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "A file length cannot be negative.");
        }

        Length = length;
    }

    /// <summary>The file name shown for download.</summary>
    public string FileName { get; }

    /// <summary>When the configuration was saved.</summary>
    public Instant SavedAt { get; }

    /// <summary>
    /// The file's length in bytes as the operator saved it (not as stored: protection at rest does not change it); null
    /// for a configuration saved by an earlier version of the SDK's database stores, which did not record it.
    /// </summary>
    public long? Length { get; }

    /// <inheritdoc />
    public bool Equals(ConfigurationFileInfo? other) =>
        other is not null && string.Equals(FileName, other.FileName, StringComparison.Ordinal) && SavedAt == other.SavedAt && Length == other.Length;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ConfigurationFileInfo);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(FileName), SavedAt, Length);

    /// <summary>The file name, save time and length when known.</summary>
    public override string ToString() => Length is { } length ? $"{FileName} (saved {SavedAt}, {length} bytes)" : $"{FileName} (saved {SavedAt})";
}
