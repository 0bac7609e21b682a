namespace Dataphin.UpgradeKit.Projections;

/// <summary>The log's configuration-file entry: what to offer for download, never the content.</summary>
/// <param name="FileName">The saved file's name, or null when no configuration was saved.</param>
/// <param name="Downloadable">True when the encrypted download is permitted for the record now.</param>
public sealed record ConfigurationFileView(string? FileName, bool Downloadable);
