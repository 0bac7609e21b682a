using System.Runtime.CompilerServices;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Insights;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;

namespace Dataphin.UpgradeKit.Queries;

/// <summary>
/// Questions across records: the audit trail of every record, the insights over an interval, and the records or audit
/// entries of a search one by one for reports. Reads only; nothing is audited. Thread-safe; register it as a singleton
/// (<c>AddUpgradeKit()</c> does).
/// </summary>
public sealed class UpgradeHistory
{
    private readonly IUpgradeStore _store;

    /// <summary>Creates the history over <paramref name="store"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    public UpgradeHistory(IUpgradeStore store)
    {
        _store = Guard.NotNull(store);
    }

    /// <summary>
    /// One page of the audit trail across records, newest first: who did what, when, on which record, with which result
    /// and reason. Entries hold option values (a file name, a hash), never a password or configuration content.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentException">The query is invalid.</exception>
    public Task<AuditTrailPage> QueryAuditAsync(AuditTrailQuery query, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(query);
        query.Validate();
        return _store.QueryAuditAsync(query, cancellationToken);
    }

    /// <summary>
    /// The insights over the records <paramref name="query"/> covers: counts per status, success and change-failure
    /// rates, time to recover, upgrade and maintenance durations (minimum, median, 90th percentile, maximum, each also as
    /// <c>hhh:mm:ss</c>) and maintenance overruns, overall, per mode and per target version, computed by the store. With
    /// <paramref name="display"/>, the interval's ends are also written in its time zone and language.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentException">The query is invalid.</exception>
    public async Task<UpgradeInsights> GetInsightsAsync(InsightsQuery query, DisplayContext? display = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(query);
        query.Validate();
        var figures = await _store.ComputeInsightsAsync(query, cancellationToken).ConfigureAwait(false);
        // The display settings stay in this namespace: the insights know a text function, not the projections (no cycle).
        return InsightsAssembler.Assemble(figures, query, display is null ? null : display.FormatTime);
    }

    /// <summary>
    /// Every record <paramref name="query"/> matches, in its order, read from the store one page at a time, the next page
    /// read while the caller works through the current one: memory holds two pages whatever the number of records. The
    /// query's page size is the batch size; its token, if any, is the start.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentException">The query is invalid.</exception>
    public IAsyncEnumerable<UpgradeRecord> StreamRecordsAsync(UpgradeRecordQuery query, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(query);
        query.Validate();
        return Records(query, cancellationToken);
    }

    /// <summary>Every audit entry <paramref name="query"/> matches, newest first, read one page at a time, one page ahead of the caller.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentException">The query is invalid.</exception>
    public IAsyncEnumerable<AuditEntry> StreamAuditAsync(AuditTrailQuery query, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(query);
        query.Validate();
        return Audit(query, cancellationToken);
    }

    private IAsyncEnumerable<UpgradeRecord> Records(UpgradeRecordQuery query, CancellationToken cancellationToken) =>
        ReadAhead(query.ContinuationToken, (token, cancel) => _store.ListAsync(query with { ContinuationToken = token }, cancel),
            page => (page.Items, page.ContinuationToken), cancellationToken);

    private IAsyncEnumerable<AuditEntry> Audit(AuditTrailQuery query, CancellationToken cancellationToken) =>
        ReadAhead(query.ContinuationToken, (token, cancel) => _store.QueryAuditAsync(query with { ContinuationToken = token }, cancel),
            page => (page.Items, page.ContinuationToken), cancellationToken);

    // Pages one after the other, the next one read while the caller works through the current one (a report formats and
    // writes a page while the database reads the next): memory holds two pages at most, whatever the number of rows.
    // A caller that stops early cancels the page read ahead and observes its end, so no read outlives the enumeration.
    private static async IAsyncEnumerable<TItem> ReadAhead<TPage, TItem>(string? start, Func<string?, CancellationToken, Task<TPage>> read,
        Func<TPage, (IReadOnlyList<TItem> Items, string? Next)> split, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var ahead = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<TPage>? pending = read(start, ahead.Token);
        try
        {
            while (pending is not null)
            {
                var (items, next) = split(await pending.ConfigureAwait(false));
                pending = next is null ? null : read(next, ahead.Token);
                foreach (var item in items)
                {
                    yield return item;
                }
            }
        }
        finally
        {
            if (pending is not null)
            {
                await ahead.CancelAsync().ConfigureAwait(false);
                await pending.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)
                    .ConfigureAwait(false);
            }
        }
    }
}
