using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Insights;
using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>The history of the in-memory store: the audit trail's search and the insights, over the store's tables under its lock.</summary>
internal sealed class InMemoryHistory(Lock gate, Dictionary<UpgradeRecordId, UpgradeRecord> records, Dictionary<UpgradeRecordId, List<AuditEntry>> audit,
    Dictionary<UpgradeRecordId, int> auditTrimmed)
{
    private readonly Dictionary<UpgradeRecordId, int> _auditTrimmed = auditTrimmed;
    private readonly Lock _gate = gate;
    private readonly Dictionary<UpgradeRecordId, UpgradeRecord> _records = records;
    private readonly Dictionary<UpgradeRecordId, List<AuditEntry>> _audit = audit;

    public Task<AuditTrailPage> QueryAuditAsync(AuditTrailQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var after = query.ContinuationToken is { } token ? AuditPosition.Decode(token) : (AuditPosition?)null;
        cancellationToken.ThrowIfCancellationRequested();
        List<(AuditEntry Entry, AuditPosition Position)> matches = [];
        lock (_gate)
        {
            foreach (var (recordId, trail) in _audit)
            {
                // The entry's place counts the entries retention removed before it, so a page's token stays valid.
                var trimmed = _auditTrimmed.GetValueOrDefault(recordId);
                for (var i = 0; i < trail.Count; i++)
                {
                    var position = new AuditPosition(trail[i].At, recordId, trimmed + i);
                    if (query.Matches(trail[i]) && (after is not { } a || position.CompareTo(a) < 0))
                    {
                        matches.Add((trail[i], position));
                    }
                }
            }
        }

        // Newest first: at, then record id, then the entry's place in its record's append-only trail, all descending.
        matches.Sort(static (x, y) => y.Position.CompareTo(x.Position));
        var items = matches.Take(query.PageSize).Select(m => m.Entry).ToList();
        var next = matches.Count > query.PageSize ? matches[query.PageSize - 1].Position.Encode() : null;
        return Task.FromResult(new AuditTrailPage { Items = items, ContinuationToken = next });
    }

    public Task<InsightsFigures> ComputeInsightsAsync(InsightsQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        List<UpgradeRecord> records;
        lock (_gate)
        {
            records = [.. _records.Values];
        }

        return Task.FromResult(InsightsReference.Compute(records, query));
    }

    /// <summary>A place in the in-memory audit order; trails are append-only, so an entry's index never changes.</summary>
    private readonly record struct AuditPosition(Instant At, UpgradeRecordId RecordId, int Index) : IComparable<AuditPosition>
    {
        private const string Prefix = "m:";

        public int CompareTo(AuditPosition other)
        {
            var c = At.CompareTo(other.At);
            if (c == 0) c = RecordId.CompareTo(other.RecordId);
            return c != 0 ? c : Index.CompareTo(other.Index);
        }

        public string Encode() => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{Prefix}{At.ToUnixTimeTicks()}:{RecordId}:{Index}")));

        public static AuditPosition Decode(string token)
        {
            try
            {
                var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token));
                var parts = text.StartsWith(Prefix, StringComparison.Ordinal) ? text[Prefix.Length..].Split(':') : [];
                if (parts.Length == 3
                    && long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ticks)
                    && UpgradeRecordId.TryParse(parts[1], out var id)
                    && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    return new AuditPosition(Instant.FromUnixTimeTicks(ticks), id, index);
                }
            }
            catch (FormatException)
            {
            }
            catch (ArgumentOutOfRangeException)
            {
            }

            throw new ArgumentException("The continuation token is not one this store issued.", nameof(token));
        }
    }
}
