using System.Data.Common;
using Dataphin.UpgradeKit.Storage;
using NodaTime;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>
/// The force-stop requests of a relational store (R-GOV-2): reads, and the write a record change makes in its own
/// transaction. Opening relies on the partial unique index (one pending request per record); closing is a
/// compare-and-set from pending. Either failing is a conflict that rolls the whole change back.
/// </summary>
internal sealed class RelationalForceStopRequests(RelationalDatabase db)
{
    private const string Columns = "id, record_id, state, result, declaration_version, declaration_language, declaration_text, reason, "
        + "requested_by, requested_at, expires_at, decided_by, decided_at, decision_reason";

    private const string InsertSql = $"INSERT INTO upgrade_force_stop_requests ({Columns}) VALUES (@id, @record_id, 0, @result, @declaration_version, "
        + "@declaration_language, @declaration_text, @reason, @requested_by, @requested_at, @expires_at, NULL, NULL, NULL)";

    private const string CloseSql = "UPDATE upgrade_force_stop_requests SET state = @state, decided_by = @decided_by, decided_at = @decided_at, "
        + "decision_reason = @decision_reason WHERE id = @id AND record_id = @record_id AND state = 0";

    private const string PendingOfRecordSql = "SELECT 1 FROM upgrade_force_stop_requests WHERE record_id = @record_id AND state = 0";

    private const string FindPendingSql = $"SELECT {Columns} FROM upgrade_force_stop_requests WHERE record_id = @record_id AND state = 0";

    private const string ReadSql = $"SELECT {Columns} FROM upgrade_force_stop_requests WHERE record_id = @record_id ORDER BY requested_at, id";

    private const string ExpiredSql = $"SELECT {Columns} FROM upgrade_force_stop_requests WHERE state = 0 AND expires_at <= @now ORDER BY expires_at, id LIMIT @max";

    private readonly RelationalDatabase _db = db;

    public Task<ForceStopApprovalRequest?> FindPendingAsync(UpgradeRecordId recordId, CancellationToken cancellationToken) =>
        _db.ReadAsync("read a pending force-stop request", async connection =>
        {
            await using var command = Sql.Command(connection, null, FindPendingSql, _db.Id("@record_id", recordId));
            var rows = await Sql.ReadAllAsync(command, Read, cancellationToken).ConfigureAwait(false);
            return rows.Count == 0 ? null : rows[0];
        }, cancellationToken);

    public Task<IReadOnlyList<ForceStopApprovalRequest>> ReadAsync(UpgradeRecordId recordId, CancellationToken cancellationToken) =>
        _db.ReadAsync<IReadOnlyList<ForceStopApprovalRequest>>("read force-stop requests", async connection =>
        {
            await using var command = Sql.Command(connection, null, ReadSql, _db.Id("@record_id", recordId));
            return await Sql.ReadAllAsync(command, Read, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task<IReadOnlyList<ForceStopApprovalRequest>> ListExpiredAsync(Instant now, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        return _db.ReadAsync<IReadOnlyList<ForceStopApprovalRequest>>("list expired force-stop requests", async connection =>
        {
            await using var command = Sql.Command(connection, null, ExpiredSql, Sql.P("@now", now.ToUnixTimeTicks()), Sql.P("@max", maxCount));
            return await Sql.ReadAllAsync(command, Read, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>
    /// Writes <paramref name="change"/>'s request in the change's transaction. Returns false when it cannot apply (a
    /// request already pending, or the one to close no longer pending): the caller rolls back and reports a conflict.
    /// </summary>
    public async Task<bool> ApplyAsync(DbConnection connection, DbTransaction transaction, UpgradeRecordId recordId, RecordChange change,
        CancellationToken cancellationToken)
    {
        if (change.ForceStopRequest is not { } request)
        {
            return true;
        }

        if (request.Opened is { } opened)
        {
            // Checked first so the usual loser gets a plain "no" instead of a unique violation; the index still decides a race.
            if (await Sql.ScalarAsync(connection, transaction, PendingOfRecordSql, cancellationToken, _db.Id("@record_id", recordId)).ConfigureAwait(false)
                is not (null or DBNull))
            {
                return false;
            }

            return await Sql.ExecuteAsync(connection, transaction, InsertSql, cancellationToken,
                Sql.P("@id", _db.Dialect.Uuid(opened.Id)), _db.Id("@record_id", recordId), Sql.P("@result", (int)opened.Result),
                Sql.P("@declaration_version", opened.Declaration.Version), Sql.P("@declaration_language", opened.Declaration.Language),
                Sql.P("@declaration_text", opened.Declaration.Text), Sql.P("@reason", (object?)opened.Reason ?? DBNull.Value),
                Sql.P("@requested_by", opened.RequestedBy), Sql.P("@requested_at", opened.RequestedAt.ToUnixTimeTicks()),
                Sql.P("@expires_at", opened.ExpiresAt.ToUnixTimeTicks())).ConfigureAwait(false) == 1;
        }

        return await Sql.ExecuteAsync(connection, transaction, CloseSql, cancellationToken,
            Sql.P("@state", (int)request.State), Sql.P("@decided_by", (object?)request.DecidedBy ?? DBNull.Value),
            Sql.P("@decided_at", (object?)request.DecidedAt?.ToUnixTimeTicks() ?? DBNull.Value),
            Sql.P("@decision_reason", (object?)request.DecisionReason ?? DBNull.Value),
            Sql.P("@id", _db.Dialect.Uuid(request.RequestId)), _db.Id("@record_id", recordId)).ConfigureAwait(false) == 1;
    }

    private static ForceStopApprovalRequest Read(DbDataReader reader) => new()
    {
        Id = reader.GetGuid(0),
        RecordId = new UpgradeRecordId(reader.GetGuid(1)),
        State = (ForceStopRequestState)reader.GetInt32(2),
        Result = (ForceStopResult)reader.GetInt32(3),
        Declaration = new ForceStopDeclaration { Version = reader.GetString(4), Language = reader.GetString(5), Text = reader.GetString(6) },
        Reason = reader.IsDBNull(7) ? null : reader.GetString(7),
        RequestedBy = reader.GetString(8),
        RequestedAt = Instant.FromUnixTimeTicks(reader.GetInt64(9)),
        ExpiresAt = Instant.FromUnixTimeTicks(reader.GetInt64(10)),
        DecidedBy = reader.IsDBNull(11) ? null : reader.GetString(11),
        DecidedAt = reader.IsDBNull(12) ? null : Instant.FromUnixTimeTicks(reader.GetInt64(12)),
        DecisionReason = reader.IsDBNull(13) ? null : reader.GetString(13),
    };
}
