using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataphin.UpgradeKit.Internal;

namespace Dataphin.UpgradeKit.Retention;

/// <summary>
/// Reads back what <see cref="FileSystemRetentionArchive"/> wrote: every file the manifest lists, checked against its
/// SHA-256 before a line of it is read, one record at a time (memory does not grow with the archive).
/// </summary>
public static class RetentionArchiveReader
{
    /// <summary>The records the archive in <paramref name="directory"/> holds, file by file in the manifest's order (a day's file holds its batches in the order they were written).</summary>
    /// <exception cref="RetentionArchiveException">The manifest or a file is missing, or a file's hash does not match.</exception>
    public static async IAsyncEnumerable<ArchivedRecord> ReadAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var line in ReadLinesAsync(directory, auditFiles: false, cancellationToken).ConfigureAwait(false))
        {
            yield return ArchiveJson.Read(line.RootElement);
            line.Dispose();
        }
    }

    /// <summary>
    /// The audit entries the archive in <paramref name="directory"/> holds on their own (removed by the audit-entry period
    /// while their record stayed), each with the store's id of it, file by file in the manifest's order. The entries
    /// archived with their record are in that record (<see cref="ReadAsync"/>).
    /// </summary>
    /// <exception cref="RetentionArchiveException">The manifest or a file is missing, or a file's hash does not match.</exception>
    public static async IAsyncEnumerable<Storage.StoredAuditEntry> ReadAuditEntriesAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var line in ReadLinesAsync(directory, auditFiles: true, cancellationToken).ConfigureAwait(false))
        {
            yield return ArchiveJson.ReadAuditLine(line.RootElement);
            line.Dispose();
        }
    }

    private static async IAsyncEnumerable<JsonDocument> ReadLinesAsync(string directory, bool auditFiles, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Guard.NotNullOrWhiteSpace(directory);
        var manifestPath = Path.Combine(directory, FileSystemRetentionArchive.ManifestFileName);
        if (!File.Exists(manifestPath))
        {
            throw new RetentionArchiveException($"No retention archive manifest at {manifestPath}.");
        }

        var manifest = JsonNode.Parse(await File.ReadAllBytesAsync(manifestPath, cancellationToken).ConfigureAwait(false))!;
        // The day files with their current hash; a manifest written before it listed them names each batch's own file.
        var files = manifest["files"] is JsonArray days ? days : manifest["batches"]!.AsArray().SelectMany(b => b!["files"]!.AsArray());
        foreach (var file in files)
        {
            var name = (string)file!["name"]!;
            if (FileSystemRetentionArchive.IsAuditFile(name) != auditFiles)
            {
                continue;
            }

            var path = Path.Combine(directory, name);
            if (!File.Exists(path))
            {
                throw new RetentionArchiveException($"The retention archive file {name} the manifest lists is missing.");
            }

            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
                if (!string.Equals(sha256, (string)file["sha256"]!, StringComparison.Ordinal))
                {
                    throw new RetentionArchiveException($"The retention archive file {name} does not match its SHA-256 in the manifest.");
                }

                stream.Position = 0;
                var gzip = new GZipStream(stream, CompressionMode.Decompress);
                await using (gzip.ConfigureAwait(false))
                {
                    using var reader = new StreamReader(gzip);
                    while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
                    {
                        if (line.Length == 0)
                        {
                            continue;
                        }

                        yield return JsonDocument.Parse(line); // disposed by the caller once read
                    }
                }
            }
        }
    }
}
