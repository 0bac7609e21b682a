using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataphin.UpgradeKit.Internal;

namespace Dataphin.UpgradeKit.Retention;

/// <summary>
/// The default <see cref="IRetentionArchive"/>: gzip-compressed JSON Lines files in one directory, one file per day of
/// finish (<c>upgrades-2026-01-05.jsonl.gz</c>), and <c>manifest.json</c> listing each file with its SHA-256, length and
/// row counts, and each batch with the files that hold it. A batch whose records finished on a day that already has a
/// file adds a gzip member to that day's file: the file is rewritten under a temporary name (its current bytes, then the
/// new member), flushed to disk and renamed over the old one, and the directory is flushed; the manifest is replaced the
/// same way. So a file under its final name is always complete, and the manifest names only what is on disk. A file a
/// crash left longer than the manifest says (renamed before the manifest was) is cut back to the manifest's length the
/// next time the archive is used, and files the manifest never named are deleted: the records of that batch are still
/// in the store and the next run archives them again, once. Audit entries removed by their own period go to files of
/// their own, one per day of the entry (<c>audit-2026-01-05.jsonl.gz</c>, one line per entry keyed by the store's id of
/// it), written and listed the same way. One process at a time writes a directory (retention runs hold a lease in the store).
/// </summary>
public sealed partial class FileSystemRetentionArchive : IRetentionArchive, IDisposable
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
    public Task<IReadOnlyList<RetentionArchiveFile>> WriteBatchAsync(RetentionArchiveBatch batch, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(batch);
        return WriteDaysAsync(batch.Id, batch.CreatedAt, Prefix, batch.Records, r => r.FinishedAt, ArchiveJson.Write,
            static part => (part.Count, part.Sum(r => r.AuditEntries.Count), part.Sum(r => r.TimelineEvents.Count)),
            "recordIds", batch.Records.Select(r => r.Record.Id.ToString()), cancellationToken);
    }

    /// <summary>
    /// Writes <paramref name="items"/> into one day file each (<paramref name="prefix"/> and the day of
    /// <paramref name="day"/>), then the manifest naming the batch with <paramref name="ids"/> under <paramref name="idsName"/>;
    /// a batch the manifest already names is not written again.
    /// </summary>
    private async Task<IReadOnlyList<RetentionArchiveFile>> WriteDaysAsync<T>(Guid batchId, NodaTime.Instant createdAt, string prefix, IReadOnlyList<T> items,
        Func<T, NodaTime.Instant> day, Action<Utf8JsonWriter, T> write, Func<IReadOnlyList<T>, (int Records, int AuditEntries, int TimelineEvents)> count,
        string idsName, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var manifest = await OpenAsync(cancellationToken).ConfigureAwait(false);
            var batches = manifest["batches"]!.AsArray();
            if (batches.FirstOrDefault(b => (string?)b!["id"] == Key(batchId)) is { } known)
            {
                return FilesOf(known!);
            }

            var files = new List<RetentionArchiveFile>();
            var days = FileEntries(manifest);
            foreach (var group in items.GroupBy(i => ArchiveJson.Day(day(i))).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var name = $"{prefix}{group.Key}{Suffix}";
                var entry = days.FirstOrDefault(f => (string?)f!["name"] == name) as JsonObject;
                List<T> part = [.. group];
                var (records, auditEntries, timelineEvents) = count(part);
                var (sha256, length) = await AppendFileAsync(name, entry, part, write, cancellationToken).ConfigureAwait(false);
                files.Add(new RetentionArchiveFile { Name = name, Sha256 = sha256, Records = records, AuditEntries = auditEntries, TimelineEvents = timelineEvents });
                if (entry is null)
                {
                    entry = new JsonObject { ["name"] = name, ["records"] = 0, ["auditEntries"] = 0, ["timelineEvents"] = 0 };
                    days.Add((JsonNode)entry);
                }

                entry["sha256"] = sha256;
                entry["length"] = length;
                entry["records"] = (int)entry["records"]! + records;
                entry["auditEntries"] = (int)entry["auditEntries"]! + auditEntries;
                entry["timelineEvents"] = (int)entry["timelineEvents"]! + timelineEvents;
            }

            // The new names (and replaced files) are durable before the manifest that names them.
            DirectorySync.Flush(_directory);
            batches.Add((JsonNode)new JsonObject
            {
                ["id"] = Key(batchId),
                ["createdAt"] = NodaTime.Text.InstantPattern.ExtendedIso.Format(createdAt),
                [idsName] = new JsonArray([.. ids.Select(id => (JsonNode)JsonValue.Create(id))]),
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
        catch
        {
            _cleaned = false; // a day file may be renamed without the manifest naming its new bytes: cut it back on the next use
            throw;
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
                    RecordIds = b["recordIds"] is JsonArray records ? [.. records.Select(id => UpgradeRecordId.Parse((string)id!))] : [],
                    AuditEntryIds = b["entryIds"] is JsonArray entries ? [.. entries.Select(id => (string)id!)] : [],
                    Files = FilesOf(b),
                })];
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public Task ConfirmRemovedAsync(Guid batchId, IReadOnlyCollection<UpgradeRecordId> removed, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(removed);
        return ConfirmAsync(batchId, "recordIds", [.. removed.Select(r => r.ToString())], cancellationToken);
    }

    /// <summary>Marks the batch removed: how many of its ids went, and which stayed in the store (listed under <c>kept</c>).</summary>
    private async Task ConfirmAsync(Guid batchId, string idsName, IReadOnlyCollection<string> removed, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var manifest = await OpenAsync(cancellationToken).ConfigureAwait(false);
            if (manifest["batches"]!.AsArray().FirstOrDefault(b => (string?)b!["id"] == Key(batchId)) is not JsonObject known)
            {
                throw new InvalidOperationException($"The archive holds no batch {Key(batchId)}.");
            }

            known["removed"] = removed.Count;
            // What was archived but kept (pinned meanwhile, or given a notification) is listed; what was removed is counted.
            known["kept"] = new JsonArray([.. (known[idsName] as JsonArray ?? [])
                .Select(id => (string)id!)
                .Except(removed, StringComparer.Ordinal)
                .Select(id => (JsonNode)JsonValue.Create(id))]);
            known.Remove(idsName);
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

    /// <summary>The manifest's list of files (day files with their current hash, length and counts), made once from the batches of a manifest written before it had one.</summary>
    private JsonArray FileEntries(JsonObject manifest)
    {
        if (manifest["files"] is JsonArray files)
        {
            return files;
        }

        files = new JsonArray([.. manifest["batches"]!.AsArray().SelectMany(b => b!["files"]!.AsArray()).Select(f => (JsonNode)new JsonObject
        {
            ["name"] = (string)f!["name"]!,
            ["sha256"] = (string)f["sha256"]!,
            ["length"] = new FileInfo(Path.Combine(_directory, (string)f["name"]!)).Length,
            ["records"] = (int)f["records"]!,
            ["auditEntries"] = (int)f["auditEntries"]!,
            ["timelineEvents"] = (int)f["timelineEvents"]!,
        })]);
        manifest["files"] = files;
        return files;
    }

    /// <summary>
    /// Writes <paramref name="items"/> as a new gzip member at the end of the day file <paramref name="name"/>: a new file
    /// holding the current bytes (checked against <paramref name="entry"/>'s hash as they are copied) and the member, flushed
    /// to disk, then renamed over the old one. Answers the whole file's new hash and length.
    /// </summary>
    private async Task<(string Sha256, long Length)> AppendFileAsync<T>(string name, JsonObject? entry, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> write,
        CancellationToken cancellationToken)
    {
        var path = Path.Combine(_directory, name);
        var temporary = path + ".tmp";
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            if (entry is not null)
            {
                await CopyCheckedAsync(path, (long)entry["length"]!, (string)entry["sha256"]!, stream, cancellationToken).ConfigureAwait(false);
            }

            var gzip = new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true);
            await using (gzip.ConfigureAwait(false))
            {
                foreach (var item in items)
                {
                    var writer = new Utf8JsonWriter(gzip);
                    await using (writer.ConfigureAwait(false))
                    {
                        write(writer, item);
                    }

                    gzip.WriteByte((byte)'\n');
                }
            }

            stream.Flush(flushToDisk: true);
            stream.Position = 0;
            var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
            var length = stream.Length;
            File.Move(temporary, path, overwrite: true);
            return (sha256, length);
        }
    }

    /// <summary>Copies the first <paramref name="length"/> bytes of <paramref name="path"/> into <paramref name="target"/>; they must hash to <paramref name="sha256"/>.</summary>
    /// <exception cref="RetentionArchiveException">The file is shorter, or its bytes changed since the manifest named them.</exception>
    private static async Task CopyCheckedAsync(string path, long length, string sha256, Stream target, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (source.ConfigureAwait(false))
        {
            var buffer = new byte[64 * 1024];
            var left = length;
            while (left > 0)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                hash.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                left -= read;
            }

            if (left > 0 || !string.Equals(Convert.ToHexStringLower(hash.GetHashAndReset()), sha256, StringComparison.Ordinal))
            {
                throw new RetentionArchiveException($"The retention archive file {Path.GetFileName(path)} does not match its SHA-256 in the manifest; nothing more is written to it.");
            }
        }
    }

    private async Task<JsonObject> OpenAsync(CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, ManifestFileName);
        var manifest = File.Exists(path)
            ? JsonNode.Parse(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false))!.AsObject()
            : new JsonObject { ["format"] = ArchiveJson.FormatVersion, ["files"] = new JsonArray(), ["batches"] = new JsonArray() };
        if (!_cleaned)
        {
            // What a crash left: temporary files; files of a batch the manifest never named (their records are still in
            // the store, and the next run archives them again under a new batch); and day files renamed with a batch's
            // new member before the manifest named it, cut back to the bytes the manifest names.
            var named = FileEntries(manifest).ToDictionary(f => (string)f!["name"]!, f => f!.AsObject(), StringComparer.Ordinal);
            foreach (var file in System.IO.Directory.EnumerateFiles(_directory))
            {
                var name = Path.GetFileName(file);
                if (name.EndsWith(".tmp", StringComparison.Ordinal)
                    || ((name.StartsWith(Prefix, StringComparison.Ordinal) || name.StartsWith(AuditPrefix, StringComparison.Ordinal))
                        && name.EndsWith(Suffix, StringComparison.Ordinal) && !named.ContainsKey(name)))
                {
                    File.Delete(file);
                }
                else if (named.TryGetValue(name, out var entry) && new FileInfo(file).Length > (long)entry["length"]!)
                {
                    await CutBackAsync(file, (long)entry["length"]!, (string)entry["sha256"]!, cancellationToken).ConfigureAwait(false);
                }
            }

            DirectorySync.Flush(_directory);
            _cleaned = true;
        }

        return manifest;
    }

    /// <summary>Cuts <paramref name="path"/> back to its first <paramref name="length"/> bytes when those hash to <paramref name="sha256"/>, through a checked copy renamed over it.</summary>
    private static async Task CutBackAsync(string path, long length, string sha256, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            await CopyCheckedAsync(path, length, sha256, stream, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
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
        DirectorySync.Flush(_directory);
    }
}
