using Dataphin.UpgradeKit.Internal;
using NodaTime;

namespace Dataphin.UpgradeKit;

/// <summary>
/// What an upgrade record says about its saved configuration file: the name and the save time, never the content.
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
    {
        FileName = ConfigurationFile.CheckFileName(fileName);
        SavedAt = savedAt;
    }

    /// <summary>The file name shown for download.</summary>
    public string FileName { get; }

    /// <summary>When the configuration was saved.</summary>
    public Instant SavedAt { get; }

    /// <inheritdoc />
    public bool Equals(ConfigurationFileInfo? other) =>
        other is not null && string.Equals(FileName, other.FileName, StringComparison.Ordinal) && SavedAt == other.SavedAt;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ConfigurationFileInfo);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(FileName), SavedAt);

    /// <summary>The file name and save time.</summary>
    public override string ToString() => $"{FileName} (saved {SavedAt})";
}
