using Dataphin.UpgradeKit.Internal;
using NodaTime;

namespace Dataphin.UpgradeKit;

/// <summary>
/// The saved configuration file of an upgrade. Its content is a secret of the platform: the SDK never
/// logs it, and it leaves the SDK only encrypted.
/// </summary>
public sealed class ConfigurationFile
{
    /// <summary>Creates a saved configuration file.</summary>
    /// <param name="fileName">The file name shown for download, e.g. <c>upgrade-config.yaml</c>; no directory parts.</param>
    /// <param name="content">The file's bytes. The SDK keeps the memory it is given: do not change it afterwards.</param>
    /// <param name="savedAt">When it was saved.</param>
    /// <exception cref="ArgumentException"><paramref name="fileName"/> is empty or contains a path separator.</exception>
    public ConfigurationFile(string fileName, ReadOnlyMemory<byte> content, Instant savedAt)
    {
        FileName = CheckFileName(fileName);
        Content = content;
        SavedAt = savedAt;
    }

    /// <summary>The file name shown for download.</summary>
    public string FileName { get; }

    /// <summary>The file's bytes.</summary>
    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>When the configuration was saved.</summary>
    public Instant SavedAt { get; }

    /// <summary>The name and save time, as an upgrade record keeps them.</summary>
    public ConfigurationFileInfo Info => new(FileName, SavedAt, Content.Length);

    /// <summary>A description without the content.</summary>
    public override string ToString() => $"{FileName} ({Content.Length} bytes)";

    internal static string CheckFileName(string fileName, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(fileName))] string? parameter = null)
    {
        Guard.NotNullOrWhiteSpace(fileName, parameter);
        if (fileName.AsSpan().IndexOfAny('/', '\\') >= 0 || fileName is "." or "..")
        {
            throw new ArgumentException($"A configuration file name cannot contain directories: '{fileName}'.", parameter);
        }

        return fileName;
    }
}
