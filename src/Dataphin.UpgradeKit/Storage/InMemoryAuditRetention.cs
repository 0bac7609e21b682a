using System.Globalization;
using Dataphin.UpgradeKit.Auditing;
using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// Retention's audit-entry period in the in-memory store, under the store's lock. An entry's id is its record and its
/// place in the record's trail (<c>{record}-{place}</c>); only the oldest entries of a trail go, so every other entry
/// keeps its place (<see cref="InMemoryRecords.AuditTrimmed"/> counts those removed).
/// </summary>
internal sealed class InMemoryAuditRetention(Lock gate, Dictionary<UpgradeRecordId, UpgradeRecord> records, Dictionary<UpgradeRecordId, List<AuditEntry>> audit,
    Dictionary<UpgradeRecordId, int> trimmed, InMemoryOutbox outbox, Func<UpgradeRecordId, bool> pinnedLocked)
{
    private readonly Lock _gate = gate;
    private readonly Dictionary<UpgradeRecordId, UpgradeRecord> _records = records;
    private readonly Dictionary<UpgradeRecordId, List<AuditEntry>> _audit = audit;
    private readonly Dictionary<UpgradeRecordId, int> _trimmed = trimmed;
    private readonly InMemoryOutbox _outbox = outbox;
    private readonly Func<UpgradeRecordId, bool> _pinnedLocked = pinnedLocked;

    public Task<IReadOnlyList<StoredAuditEntry>> SelectExpiredAsync(AuditEntrySelection selection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(selection.MaxCount);
        cancellationToken.ThrowIfCancellationRequested();
        var after = selection.After is { } text && TryParse(text, out var place) ? place : ((UpgradeRecordId, int)?)null;
        var chosen = new List<StoredAuditEntry>();
        lock (_gate)
        {
            var kept = KeptLocked();
            foreach (var recordId in _audit.Keys.Where(id => after is not { } a || id.CompareTo(a.Item1) >= 0).Order())
            {
                if (kept.Contains(recordId))
                {
                    continue;
                }

                var trail = _audit[recordId];
                var first = _trimmed.GetValueOrDefault(recordId);
                // Only a prefix of a trail goes: the walk stops at its first entry inside the period.
                for (var i = 0; i < trail.Count && trail[i].At < selection.Before; i++)
                {
                    if (after is { } a && recordId == a.Item1 && first + i <= a.Item2)
                    {
                        continue;
                    }

                    chosen.Add(new StoredAuditEntry { Id = Id(recordId, first + i), Entry = trail[i] });
                    if (chosen.Count == selection.MaxCount)
                    {
                        return Task.FromResult<IReadOnlyList<StoredAuditEntry>>(chosen);
                    }
                }
            }
        }

        return Task.FromResult<IReadOnlyList<StoredAuditEntry>>(chosen);
    }

    public Task<IReadOnlyList<string>> RemoveAsync(IReadOnlyCollection<string> ids, Instant before, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        cancellationToken.ThrowIfCancellationRequested();
        var stayed = new List<string>();
        lock (_gate)
        {
            var kept = KeptLocked();
            var places = ids.Select(id => TryParse(id, out var place) ? place : ((UpgradeRecordId, int)?)null).OfType<(UpgradeRecordId Record, int Place)>();
            foreach (var group in places.GroupBy(p => p.Record))
            {
                if (!_audit.TryGetValue(group.Key, out var trail))
                {
                    continue; // the record and its trail are gone
                }

                // The longest prefix of the trail that was asked for and is still old: the places of the others do not move.
                var asked = group.Select(p => p.Place).ToHashSet();
                var first = _trimmed.GetValueOrDefault(group.Key);
                var count = 0;
                while (!kept.Contains(group.Key) && count < trail.Count && asked.Contains(first + count) && trail[count].At < before)
                {
                    count++;
                }

                trail.RemoveRange(0, count);
                first += count;
                _trimmed[group.Key] = first;
                // The trail now holds the places first … first + Count - 1.
                stayed.AddRange(asked.Where(place => place >= first && place < first + trail.Count).Select(place => Id(group.Key, place)));
            }
        }

        return Task.FromResult<IReadOnlyList<string>>(stayed);
    }

    /// <summary>The records whose entries stay: not finished, pinned, or with a notification not yet delivered.</summary>
    private HashSet<UpgradeRecordId> KeptLocked()
    {
        var kept = _records.Values.Where(r => !r.Status.IsTerminal() || _pinnedLocked(r.Id)).Select(r => r.Id).ToHashSet();
        kept.UnionWith(_outbox.RecordsWithUndeliveredLocked());
        return kept;
    }

    private static string Id(UpgradeRecordId recordId, int place) => string.Create(CultureInfo.InvariantCulture, $"{recordId}-{place}");

    private static bool TryParse(string id, out (UpgradeRecordId, int) place)
    {
        var dash = id.LastIndexOf('-');
        if (dash > 0 && UpgradeRecordId.TryParse(id[..dash], out var recordId)
            && int.TryParse(id.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            place = (recordId, index);
            return true;
        }

        place = default;
        return false;
    }
}
