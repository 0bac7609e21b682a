namespace Dataphin.UpgradeKit.Projections;

/// <summary>The log's configuration-file entry: what to offer for download, never the content.</summary>
public sealed record ConfigurationFileView
{
    /// <summary>The saved file's name, or null when no configuration was saved.</summary>
    public string? FileName { get; init; }

    /// <summary>The saved file's length in bytes; null when no configuration was saved or its length was not recorded.</summary>
    public long? Length { get; init; }

    /// <summary>True when the encrypted download is permitted for the record now.</summary>
    public required bool Downloadable { get; init; }
}
