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
    /// rates, time to recover, upgrade and maintenance durations (minimum, median, 90th percentile, maximum) and
    /// maintenance overruns, overall, per mode and per target version, computed by the store.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentException">The query is invalid.</exception>
    public async Task<UpgradeInsights> GetInsightsAsync(InsightsQuery query, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(query);
        query.Validate();
        var figures = await _store.ComputeInsightsAsync(query, cancellationToken).ConfigureAwait(false);
        return InsightsAssembler.Assemble(figures, query);
    }

    /// <summary>
    /// The insights over the records <paramref name="query"/> covers, as <see cref="GetInsightsAsync(InsightsQuery, CancellationToken)"/>
    /// gives them, with the interval's ends also written in <paramref name="display"/>'s time zone and language.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> or <paramref name="display"/> is null.</exception>
    /// <exception cref="ArgumentException">The query is invalid.</exception>
    public async Task<UpgradeInsights> GetInsightsAsync(InsightsQuery query, DisplayContext display, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(display);
        var insights = await GetInsightsAsync(query, cancellationToken).ConfigureAwait(false);
        return new UpgradeInsights
        {
            From = insights.From,
            To = insights.To,
            FromText = display.FormatTime(insights.From),
            ToText = display.FormatTime(insights.To),
            MaintenanceBudget = insights.MaintenanceBudget,
            Overall = insights.Overall,
            ByMode = insights.ByMode,
            ByTargetVersion = insights.ByTargetVersion,
        };
    }

    /// <summary>
    /// Every record <paramref name="query"/> matches, in its order, read from the store one page at a time: memory holds
    /// one page whatever the number of records. The query's page size is the batch size; its token, if any, is the start.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentException">The query is invalid.</exception>
    public IAsyncEnumerable<UpgradeRecord> StreamRecordsAsync(UpgradeRecordQuery query, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(query);
        query.Validate();
        return Records(query, cancellationToken);
    }

    /// <summary>Every audit entry <paramref name="query"/> matches, newest first, read one page at a time.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentException">The query is invalid.</exception>
    public IAsyncEnumerable<AuditEntry> StreamAuditAsync(AuditTrailQuery query, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(query);
        query.Validate();
        return Audit(query, cancellationToken);
    }

    private async IAsyncEnumerable<UpgradeRecord> Records(UpgradeRecordQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var token = query.ContinuationToken;
        do
        {
            var page = await _store.ListAsync(query with { ContinuationToken = token }, cancellationToken).ConfigureAwait(false);
            foreach (var record in page.Items)
            {
                yield return record;
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
    }

    private async IAsyncEnumerable<AuditEntry> Audit(AuditTrailQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var token = query.ContinuationToken;
        do
        {
            var page = await _store.QueryAuditAsync(query with { ContinuationToken = token }, cancellationToken).ConfigureAwait(false);
            foreach (var entry in page.Items)
            {
                yield return entry;
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
    }
}
