using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataphin.UpgradeKit.Internal;

namespace Dataphin.UpgradeKit.Retention;

/// <summary>
/// The default <see cref="IRetentionArchive"/>: gzip-compressed JSON Lines files in one directory, one file per day of
/// finish (<c>upgrades-2026-01-05.jsonl.gz</c>); <c>manifest.json</c>, listing each file with its SHA-256, length and row
/// counts and each batch not yet confirmed removed with the files that hold it; and <c>batches.jsonl</c>, one line per
/// confirmed batch (its files, how many records it removed, which it kept). The manifest holds one entry per day file
/// and the batches in progress, so its size does not grow with the batches a directory has seen; the batch log only
/// grows at its end. A batch whose records finished on a day that already has a file adds a gzip member at the end of
/// that day's file (its current bytes checked against the manifest's hash as they are read), flushed to disk before the
/// manifest names the new length and hash; the manifest is replaced through a temporary file and a rename, and the
/// directory is flushed. So the bytes the manifest names are always complete, and it names only what is on disk. A file
/// a crash left longer than the manifest says (a member written before the manifest named it), and a batch log longer
/// than the manifest's count of its bytes, are cut back the next time the archive is used, and files the manifest never
/// named are deleted: the records of that batch are still in the store and the next run archives them again, once.
/// Audit entries removed by their own period go to files of their own, one per day of the entry
/// (<c>audit-2026-01-05.jsonl.gz</c>, one line per entry keyed by the store's id of it), written and listed the same
/// way. One process at a time writes a directory (retention runs hold a lease in the store).
/// </summary>
public sealed partial class FileSystemRetentionArchive : IRetentionArchive, IDisposable
{
    /// <summary>The manifest's file name.</summary>
    public const string ManifestFileName = "manifest.json";

    /// <summary>The file of confirmed batches: one JSON line per batch, with its files, how many records it removed and which it kept.</summary>
    public const string BatchLogFileName = "batches.jsonl";

    // The manifest's count of the batch log's bytes: what lies beyond it was appended by a confirmation the manifest never saw.
    private const string BatchLogLength = "batchLogLength";

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
                return ArchiveJson.FilesOf(known!);
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
                    Files = ArchiveJson.FilesOf(b),
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

    /// <summary>Marks the batch removed and moves it to the batch log: how many of its ids went, and which stayed in the store (listed under <c>kept</c>).</summary>
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
            // The confirmed batch leaves the manifest for the end of the batch log: durable there before the manifest
            // stops listing it, and counted in the manifest, so a crash in between leaves a line the next use cuts off
            // (the batch is still unconfirmed in the manifest, and confirming it again appends it once).
            await AppendBatchLogAsync(manifest, [known], cancellationToken).ConfigureAwait(false);
            await SaveAsync(manifest, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _cleaned = false; // the batch log may hold a line the manifest does not count: cut it off on the next use
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Appends <paramref name="confirmed"/> to the batch log at the manifest's count of its bytes (cutting off what a crash
    /// left beyond it), flushes it to disk, and takes them out of <paramref name="manifest"/>'s batches with the new count.
    /// </summary>
    private async Task AppendBatchLogAsync(JsonObject manifest, IReadOnlyList<JsonObject> confirmed, CancellationToken cancellationToken)
    {
        var batches = manifest["batches"]!.AsArray();
        var length = (long?)manifest[BatchLogLength] ?? 0;
        var stream = new FileStream(Path.Combine(_directory, BatchLogFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 16 * 1024,
            FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            if (stream.Length < length)
            {
                throw new RetentionArchiveException($"The retention archive's {BatchLogFileName} is shorter than the manifest says; nothing more is written to it.");
            }

            stream.SetLength(length);
            stream.Position = length;
            foreach (var batch in confirmed)
            {
                batches.Remove(batch);
                var line = JsonSerializer.SerializeToUtf8Bytes(batch, ArchiveManifestLineJsonContext.Default.JsonObject);
                await stream.WriteAsync(line, cancellationToken).ConfigureAwait(false);
                stream.WriteByte((byte)'\n');
            }

            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
            manifest[BatchLogLength] = stream.Length;
        }
    }

    private static string Key(Guid id) => id.ToString("N", CultureInfo.InvariantCulture);

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
    /// Writes <paramref name="items"/> as a new gzip member at the end of the day file <paramref name="name"/>: the file's
    /// current bytes are read and checked against <paramref name="entry"/>'s hash (their hash goes on over the member),
    /// anything beyond them is cut off, the member is written after them and the file flushed to disk. A new day file is
    /// written the same way. Answers the whole file's new hash and length. Only the member is written: the work of a
    /// batch does not include copying what earlier batches wrote.
    /// </summary>
    private async Task<(string Sha256, long Length)> AppendFileAsync<T>(string name, JsonObject? entry, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> write,
        CancellationToken cancellationToken)
    {
        // The member first, in memory (at most a batch's lines, compressed).
        using var member = new MemoryStream();
        var gzip = new GZipStream(member, CompressionLevel.Optimal, leaveOpen: true);
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

        return await ArchiveFiles.AppendMemberAsync(Path.Combine(_directory, name), entry is null ? null : ((long)entry["length"]!, (string)entry["sha256"]!),
            member.GetBuffer().AsMemory(0, (int)member.Length), cancellationToken).ConfigureAwait(false);
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
                    await ArchiveFiles.CutBackAsync(file, (long)entry["length"]!, (string)entry["sha256"]!, cancellationToken).ConfigureAwait(false);
                }
            }

            // The batch log cut back to the bytes the manifest counts (a confirmation that crashed before the manifest named
            // its line); confirmed batches of a manifest written before the log existed move to it.
            var log = Path.Combine(_directory, BatchLogFileName);
            var logLength = (long?)manifest[BatchLogLength] ?? 0;
            if (File.Exists(log) && new FileInfo(log).Length > logLength)
            {
                var stream = new FileStream(log, FileMode.Open, FileAccess.Write, FileShare.None);
                await using (stream.ConfigureAwait(false))
                {
                    stream.SetLength(logLength);
                    stream.Flush(flushToDisk: true);
                }
            }

            if (manifest["batches"]!.AsArray().OfType<JsonObject>().Where(b => b["removed"] is not null).ToList() is { Count: > 0 } confirmed)
            {
                await AppendBatchLogAsync(manifest, confirmed, cancellationToken).ConfigureAwait(false);
                await SaveAsync(manifest, cancellationToken).ConfigureAwait(false);
            }

            DirectorySync.Flush(_directory);
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
        DirectorySync.Flush(_directory);
    }
}
