using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataphin.UpgradeKit.Internal;

namespace Dataphin.UpgradeKit.Retention;

/// <summary>
/// The default <see cref="IRetentionArchive"/>: gzip-compressed JSON Lines files in one directory, one file per day of
/// finish in each batch (<c>upgrades-2026-01-05-&lt;batch&gt;.jsonl.gz</c>), and <c>manifest.json</c> listing each
/// batch with its files' SHA-256 and row counts. Every file is written under a temporary name, flushed to disk and then
/// renamed, so a file under its final name is always complete; the manifest is replaced the same way. Files a crash
/// left before the manifest named them are deleted the next time the archive is used. One process at a time writes a
/// directory (retention runs hold a lease in the store).
/// </summary>
public sealed class FileSystemRetentionArchive : IRetentionArchive, IDisposable
{
    /// <summary>The manifest's file name.</summary>
    public const string ManifestFileName = "manifest.json";

    private const string Prefix = "upgrades-";
    private const string Suffix = ".jsonl.gz";

    private readonly string _directory;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _cleaned;

    /// <summary>An archive in <paramref name="directory"/>, created (owner-only on Unix) when missing.</summary>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is null, empty or white space.</exception>
    public FileSystemRetentionArchive(string directory)
    {
        Guard.NotNullOrWhiteSpace(directory);
        _directory = Path.GetFullPath(directory);
    }

    /// <summary>The archive's directory.</summary>
    public string Directory => _directory;

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    /// <inheritdoc />
    public async Task<IReadOnlyList<RetentionArchiveFile>> WriteBatchAsync(RetentionArchiveBatch batch, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(batch);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var manifest = await OpenAsync(cancellationToken).ConfigureAwait(false);
            var batches = manifest["batches"]!.AsArray();
            if (batches.FirstOrDefault(b => (string?)b!["id"] == Key(batch.Id)) is { } known)
            {
                return FilesOf(known!);
            }

            var files = new List<RetentionArchiveFile>();
            foreach (var day in batch.Records.GroupBy(r => ArchiveJson.Day(r.FinishedAt)).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                files.Add(await WriteFileAsync($"{Prefix}{day.Key}-{Key(batch.Id)}{Suffix}", [.. day], cancellationToken).ConfigureAwait(false));
            }

            batches.Add((JsonNode)new JsonObject
            {
                ["id"] = Key(batch.Id),
                ["createdAt"] = NodaTime.Text.InstantPattern.ExtendedIso.Format(batch.CreatedAt),
                ["recordIds"] = new JsonArray([.. batch.Records.Select(r => (JsonNode)JsonValue.Create(r.Record.Id.ToString()))]),
                ["files"] = new JsonArray([.. files.Select(f => (JsonNode)new JsonObject
                {
                    ["name"] = f.Name,
                    ["sha256"] = f.Sha256,
                    ["records"] = f.Records,
                    ["auditEntries"] = f.AuditEntries,
                    ["timelineEvents"] = f.TimelineEvents,
                })]),
                ["removed"] = null,
            });
            await SaveAsync(manifest, cancellationToken).ConfigureAwait(false);
            return files;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RetentionArchiveBatchInfo>> ReadUnconfirmedBatchesAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var manifest = await OpenAsync(cancellationToken).ConfigureAwait(false);
            return [.. manifest["batches"]!.AsArray()
                .Where(b => b!["removed"] is null)
                .Select(b => new RetentionArchiveBatchInfo
                {
                    Id = Guid.ParseExact((string)b!["id"]!, "N"),
                    RecordIds = [.. b["recordIds"]!.AsArray().Select(id => UpgradeRecordId.Parse((string)id!))],
                    Files = FilesOf(b),
                })];
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task ConfirmRemovedAsync(Guid batchId, IReadOnlyCollection<UpgradeRecordId> removed, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(removed);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var manifest = await OpenAsync(cancellationToken).ConfigureAwait(false);
            if (manifest["batches"]!.AsArray().FirstOrDefault(b => (string?)b!["id"] == Key(batchId)) is not JsonObject known)
            {
                throw new InvalidOperationException($"The archive holds no batch {Key(batchId)}.");
            }

            known["removed"] = removed.Count;
            // Records archived but kept (pinned meanwhile, or given a notification) are listed; the removed ones are counted.
            known["kept"] = new JsonArray([.. known["recordIds"]!.AsArray()
                .Select(id => (string)id!)
                .Except(removed.Select(r => r.ToString()), StringComparer.Ordinal)
                .Select(id => (JsonNode)JsonValue.Create(id))]);
            known.Remove("recordIds");
            await SaveAsync(manifest, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string Key(Guid id) => id.ToString("N", CultureInfo.InvariantCulture);

    private static List<RetentionArchiveFile> FilesOf(JsonNode batch) => [.. batch["files"]!.AsArray().Select(f => new RetentionArchiveFile
    {
        Name = (string)f!["name"]!,
        Sha256 = (string)f["sha256"]!,
        Records = (int)f["records"]!,
        AuditEntries = (int)f["auditEntries"]!,
        TimelineEvents = (int)f["timelineEvents"]!,
    })];

    private async Task<RetentionArchiveFile> WriteFileAsync(string name, IReadOnlyList<ArchivedRecord> records, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_directory, name);
        var temporary = path + ".tmp";
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            var gzip = new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true);
            await using (gzip.ConfigureAwait(false))
            {
                foreach (var record in records)
                {
                    var writer = new Utf8JsonWriter(gzip);
                    await using (writer.ConfigureAwait(false))
                    {
                        ArchiveJson.Write(writer, record);
                    }

                    gzip.WriteByte((byte)'\n');
                }
            }

            stream.Flush(flushToDisk: true);
            stream.Position = 0;
            var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
            File.Move(temporary, path, overwrite: true);
            return new RetentionArchiveFile
            {
                Name = name,
                Sha256 = sha256,
                Records = records.Count,
                AuditEntries = records.Sum(r => r.AuditEntries.Count),
                TimelineEvents = records.Sum(r => r.TimelineEvents.Count),
            };
        }
    }

    private async Task<JsonObject> OpenAsync(CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, ManifestFileName);
        var manifest = File.Exists(path)
            ? JsonNode.Parse(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false))!.AsObject()
            : new JsonObject { ["format"] = ArchiveJson.FormatVersion, ["batches"] = new JsonArray() };
        if (!_cleaned)
        {
            // What a crash left: temporary files, and files of a batch the manifest never named (their records are still
            // in the store, and the next run archives them again under a new batch).
            var named = manifest["batches"]!.AsArray().SelectMany(b => b!["files"]!.AsArray()).Select(f => (string)f!["name"]!).ToHashSet(StringComparer.Ordinal);
            foreach (var file in System.IO.Directory.EnumerateFiles(_directory))
            {
                var name = Path.GetFileName(file);
                if (name.EndsWith(".tmp", StringComparison.Ordinal)
                    || (name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(Suffix, StringComparison.Ordinal) && !named.Contains(name)))
                {
                    File.Delete(file);
                }
            }

            _cleaned = true;
        }

        return manifest;
    }

    private async Task SaveAsync(JsonObject manifest, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_directory, ManifestFileName);
        var temporary = path + ".tmp";
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 16 * 1024, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            await JsonSerializer.SerializeAsync(stream, manifest, ArchiveManifestJsonContext.Default.JsonObject, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
