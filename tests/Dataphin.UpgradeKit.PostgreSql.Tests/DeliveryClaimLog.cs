using Npgsql;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>
/// A test database's record of every claim of the outbox (R-DLV-2): a trigger writes a row each time a claim raises a
/// notification's attempt count, with the lease that claim took, so a test can compare what the handlers saw with the
/// leases the store actually granted.
/// </summary>
internal static class DeliveryClaimLog
{
    /// <summary>One claim: the notification, the attempt it counted, and its lease's token and end (unix ticks).</summary>
    public readonly record struct Claim(Guid Id, int Attempt, Guid Token, long LeaseUntil);

    /// <summary>One outbox row at the end of a test.</summary>
    public readonly record struct OutboxRow(long Seq, Guid Id, Guid RecordId, int Attempts, long? DeliveredAt, long? DeadLetteredAt);

    public static async Task InstallAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            CREATE TABLE test_claim_log (id uuid NOT NULL, attempts integer NOT NULL, lease_token uuid, lease_until bigint);
            CREATE FUNCTION test_log_claim() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO test_claim_log (id, attempts, lease_token, lease_until) VALUES (NEW.id, NEW.attempts, NEW.lease_token, NEW.lease_until);
                RETURN NULL;
            END $$;
            CREATE TRIGGER test_log_claim AFTER UPDATE ON notification_outbox FOR EACH ROW
                WHEN (NEW.attempts > OLD.attempts) EXECUTE FUNCTION test_log_claim();
            """, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<List<Claim>> ReadClaimsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id, attempts, lease_token, lease_until FROM test_claim_log", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var claims = new List<Claim>();
        while (await reader.ReadAsync())
        {
            claims.Add(new Claim(reader.GetGuid(0), reader.GetInt32(1), reader.GetGuid(2), reader.GetInt64(3)));
        }

        return claims;
    }

    public static async Task<List<OutboxRow>> ReadOutboxAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT seq, id, record_id, attempts, delivered_at, dead_lettered_at FROM notification_outbox ORDER BY seq", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<OutboxRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new OutboxRow(reader.GetInt64(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetInt64(5)));
        }

        return rows;
    }

    public static async Task<long> CountUndeliveredAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM notification_outbox WHERE delivered_at IS NULL", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
