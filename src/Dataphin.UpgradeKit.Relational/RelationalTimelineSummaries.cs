using System.Data.Common;
using Dataphin.UpgradeKit.Timeline;

namespace Dataphin.UpgradeKit.Relational;

internal sealed partial class RelationalTimeline
{
    // Creates the subject's row when it is new and returns it, locked for the rest of the transaction either way: a
    // concurrent append of the same subject waits here until this one commits, then reads what it committed. So the
    // end-before-start check below sees every earlier append of the subject (R-TIME-2, R-TIME-11).
    private const string LockSummarySql =
        "INSERT INTO timeline_summaries (record_id, node, subject) VALUES (@record_id, @node, @subject) " +
        "ON CONFLICT (record_id, node, subject) DO UPDATE SET node = excluded.node RETURNING " + SummaryRow.SelectColumns;

    // Where the transaction already excludes every other writer (SQLite), reading the row is enough.
    private const string FindSummarySql =
        $"SELECT {SummaryRow.SelectColumns} FROM timeline_summaries WHERE record_id = @record_id AND node = @node AND subject = @subject";

    private const string ReadSummariesSql = $"SELECT {SummaryRow.SelectColumns} FROM timeline_summaries WHERE record_id = @record_id";

    private static readonly string UpsertSummarySql =
        "INSERT INTO timeline_summaries (record_id, node, subject, " + string.Join(", ", SummaryRow.MergedColumns) + ") " +
        "VALUES (@record_id, @node, @subject, " + string.Join(", ", SummaryRow.MergedColumns.Select(c => "@" + c)) + ") " +
        "ON CONFLICT (record_id, node, subject) DO UPDATE SET " + string.Join(", ", SummaryRow.MergedColumns.Select(c => $"{c} = excluded.{c}"));

    public Task<IReadOnlyList<TimelineSubjectSummary>> ReadSummariesAsync(UpgradeRecordId recordId, CancellationToken cancellationToken) =>
        _db.ReadAsync<IReadOnlyList<TimelineSubjectSummary>>("read timeline summaries", async connection =>
        {
            await using var command = Sql.Command(connection, null, ReadSummariesSql, _db.Id("@record_id", recordId));
            var rows = await Sql.ReadAllAsync(command, SummaryRow.Read, cancellationToken).ConfigureAwait(false);
            return rows.OfType<TimelineSubjectSummary>().ToList();
        }, cancellationToken);

    /// <summary>
    /// In the append's transaction, before its events are inserted: locks (or, where writers are serialised, reads) the
    /// summary row of every subject of the batch, refuses the whole batch when it would end a subject before its start,
    /// and upserts the merged summaries.
    /// Reads and writes one row per subject of the batch, never the stream (R-TIME-11).
    /// </summary>
    /// <exception cref="ImpossibleTimeException">An end before its start (R-TIME-2); the caller's transaction then rolls back.</exception>
    private async Task MergeSummariesAsync(DbConnection connection, DbTransaction transaction, UpgradeRecordId recordId,
        IReadOnlyList<TimelineEvent> events, CancellationToken cancellationToken)
    {
        // One lock order for every append, so two batches sharing subjects cannot each hold one the other waits for.
        var batch = TimelineSubjectSummary.Summarize(events).OrderBy(s => s.Node).ThenBy(s => s.Subject, StringComparer.Ordinal).ToList();
        var stored = new TimelineSubjectSummary?[batch.Count];
        await using (var lockRow = Sql.Command(connection, transaction, _dialect.WritersAreSerialized ? FindSummarySql : LockSummarySql, _db.Id("@record_id", recordId)))
        {
            var node = Sql.Add(lockRow, "@node", 0);
            var subject = Sql.Add(lockRow, "@subject", string.Empty);
            for (var i = 0; i < batch.Count; i++)
            {
                node.Value = (int)batch[i].Node;
                subject.Value = batch[i].Subject;
                var rows = await Sql.ReadAllAsync(lockRow, SummaryRow.Read, cancellationToken).ConfigureAwait(false);
                stored[i] = rows.Count == 0 ? null : rows[0];
                TimelineSubjectSummary.ThrowIfEndBeforeStart(recordId, stored[i], batch[i]);
            }
        }

        await using var update = Sql.Command(connection, transaction, UpsertSummarySql, _db.Id("@record_id", recordId));
        var parameters = SummaryRow.MergedColumns.Select(c => Sql.Add(update, "@" + c, DBNull.Value)).ToArray();
        var updateNode = Sql.Add(update, "@node", 0);
        var updateSubject = Sql.Add(update, "@subject", string.Empty);
        for (var i = 0; i < batch.Count; i++)
        {
            var merged = stored[i] is { } known ? known.Merge(batch[i]) : batch[i];
            if (ReferenceEquals(merged, stored[i]))
            {
                continue; // only events the summary already covers (a retried report): nothing to write
            }

            var values = SummaryRow.MergedValues(merged);
            for (var v = 0; v < values.Length; v++)
            {
                parameters[v].Value = values[v];
            }

            updateNode.Value = (int)merged.Node;
            updateSubject.Value = merged.Subject;
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
