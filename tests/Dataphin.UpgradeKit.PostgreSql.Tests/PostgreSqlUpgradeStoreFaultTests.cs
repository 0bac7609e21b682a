using System.Net;
using System.Net.Sockets;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.Storage;
using NodaTime;
using Npgsql;
using Xunit;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>Bad input and faults: each a typed error, nothing half-written.</summary>
[Collection(PostgreSqlClusterDefinition.Name)]
[RequiresPostgreSqlServer]
public sealed class PostgreSqlUpgradeStoreFaultTests(PostgreSqlClusterFixture cluster)
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 3, 1, 8, 0);

    [StoreFact]
    public async Task AnyCall_NothingListensOnThePort_ThrowsUpgradeStoreException()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        await using var store = PostgreSqlUpgradeStore.Create($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=2");

        var error = await Assert.ThrowsAsync<UpgradeStoreException>(() => store.FindAsync(UpgradeRecordId.New(T0)).AsTask());

        Assert.IsAssignableFrom<NpgsqlException>(error.InnerException);
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task AnyCall_DatabaseDoesNotExist_ThrowsUpgradeStoreException()
    {
        await using var store = PostgreSqlUpgradeStore.Create(cluster.Cluster.ConnectionString("no_such_database"));

        var error = await Assert.ThrowsAsync<UpgradeStoreException>(() => store.ListAsync(new UpgradeRecordQuery()));

        Assert.Contains("3D000", error.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task FirstUse_EmptyDatabase_ThrowsSchemaVersionMismatchUntilTheSchemaIsApplied()
    {
        await using var store = PostgreSqlUpgradeStore.Create(await cluster.CreateDatabaseAsync(withSchema: false));

        var error = await Assert.ThrowsAsync<SchemaVersionMismatchException>(() => store.ReadPendingAsync(1));
        Assert.Equal(0, error.ActualVersion);

        await store.EnsureSchemaAsync();
        Assert.Empty(await store.ReadPendingAsync(1));
    }

    [StoreFact]
    public async Task SchemaNewerThanThePackage_EnsureSchemaAndFirstUseThrowSchemaVersionMismatch()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await DirectSql.ExecuteAsync(connectionString, $"INSERT INTO schema_version (version) VALUES ({PostgreSqlUpgradeStore.SchemaVersion + 1})");
        await using var store = PostgreSqlUpgradeStore.Create(connectionString);

        var onEnsure = await Assert.ThrowsAsync<SchemaVersionMismatchException>(() => store.EnsureSchemaAsync());
        var onUse = await Assert.ThrowsAsync<SchemaVersionMismatchException>(() => store.FindAsync(UpgradeRecordId.New(T0)).AsTask());

        Assert.Equal(PostgreSqlUpgradeStore.SchemaVersion + 1, onEnsure.ActualVersion);
        Assert.Equal(PostgreSqlUpgradeStore.SchemaVersion, onUse.ExpectedVersion);
    }

    [StoreFact]
    public async Task EnsureSchema_SeveralInstancesStartingAtOnce_ApplyItOnce()
    {
        var connectionString = await cluster.CreateDatabaseAsync(withSchema: false);
        var stores = Enumerable.Range(0, 4).Select(_ => PostgreSqlUpgradeStore.Create(connectionString)).ToList();

        await Task.WhenAll(stores.Select(s => Task.Run(() => s.EnsureSchemaAsync())));

        Assert.Equal((long)PostgreSqlUpgradeStore.SchemaVersion, await ScalarAsync(connectionString, "SELECT count(*) FROM schema_version"));
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }
    }

    [StoreFact]
    public async Task SchemaScript_AppliedByTheHostsOwnTooling_IsAcceptedByTheStore()
    {
        var connectionString = await cluster.CreateDatabaseAsync(withSchema: false);
        // As docs/storage.md says: each version's parts in name order, in one transaction; past version 1, its row in schema_version.
        foreach (var version in Enumerable.Range(1, PostgreSqlUpgradeStore.SchemaVersion))
        {
            var parts = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Schema"), $"{version:D3}_*.sql").Order(StringComparer.Ordinal);
            var script = string.Join("\n", parts.Select(File.ReadAllText));
            var record = version == 1 ? "" : $"INSERT INTO schema_version (version) VALUES ({version});";
            await DirectSql.ExecuteAsync(connectionString, $"BEGIN; {script} {record} COMMIT;");
        }

        await using var store = PostgreSqlUpgradeStore.Create(connectionString);

        Assert.Empty((await store.ListAsync(new UpgradeRecordQuery())).Items);
    }

    [StoreFact]
    public async Task Update_ConnectionKilledInsideTheTransaction_ThrowsUpgradeStoreExceptionAndNothingIsHalfWritten()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using var store = PostgreSqlUpgradeStore.Create(connectionString + ";Application Name=victim");
        var record = NewRecord();
        await store.InsertAsync(record, Change(record));
        var stopped = record with { Status = UpgradeStatus.Stopped, RerunForceStoppedInstances = true, Version = 2 };
        var notification = new UpgradeStoppedNotification
        {
            Id = Guid.NewGuid(), RecordId = record.Id, OccurredAt = T0, RerunForceStoppedInstances = true, ExitMaintenanceMode = true,
        };

        // Hold a lock that makes the store's transaction wait at its last statement (the outbox insert), after it
        // has already updated the record row and written the audit entry; then kill its connection there.
        await using var blocker = new NpgsqlConnection(connectionString);
        await blocker.OpenAsync();
        await using var blockingTransaction = await blocker.BeginTransactionAsync();
        await using (var lockOutbox = new NpgsqlCommand("LOCK TABLE notification_outbox IN EXCLUSIVE MODE", blocker, blockingTransaction))
        {
            await lockOutbox.ExecuteNonQueryAsync();
        }

        var update = store.UpdateAsync(stopped, 1, Change(stopped, notification));
        var pid = await WaitForBlockedBackendAsync(connectionString, "victim");
        // The victim has already updated the record row (it holds its row lock) when it is killed.
        var locked = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(connectionString, "SELECT 1 FROM upgrade_records FOR UPDATE NOWAIT"));
        Assert.Equal(PostgresErrorCodes.LockNotAvailable, locked.SqlState);
        Assert.Equal(true, await ScalarAsync(connectionString, $"SELECT pg_terminate_backend({pid})"));
        await blockingTransaction.RollbackAsync();

        var error = await Assert.ThrowsAsync<UpgradeStoreException>(() => update);

        Assert.IsAssignableFrom<NpgsqlException>(error.InnerException);
        await using var observer = PostgreSqlUpgradeStore.Create(connectionString);
        Assert.Equal(record, await observer.FindAsync(record.Id));
        Assert.Single(await observer.ReadAsync(record.Id));
        Assert.Empty(await observer.ReadPendingAsync(10));

        // The pool dropped the dead connection: the same store works again.
        await store.UpdateAsync(stopped, 1, Change(stopped, notification));
        Assert.Equal(stopped, await observer.FindAsync(record.Id));
        Assert.Equal([notification], await observer.ReadPendingAsync(10));
    }

    private static async Task<int> WaitForBlockedBackendAsync(string connectionString, string applicationName)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await ScalarAsync(connectionString,
                    $"SELECT pid FROM pg_stat_activity WHERE application_name = '{applicationName}' AND wait_event_type = 'Lock'") is int pid)
            {
                return pid;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException("The store's transaction never reached the locked outbox.");
    }

    private static UpgradeRecord NewRecord() => new UpgradeRecordSnapshot
    {
        Id = UpgradeRecordId.New(T0),
        TargetVersion = ProductVersion.Parse("V5.0.0"),
        InitialVersion = ProductVersion.Parse("V4.3.0"),
        Mode = UpgradeMode.Maintenance,
        DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        Status = UpgradeStatus.Upgrading,
        CreatedAt = T0,
        CreatedBy = "alice",
        UpgradeStartedAt = T0,
        MaintenanceStartedAt = T0,
        Version = 1,
    }.ToRecord();

    private static RecordChange Change(UpgradeRecord record, params UpgradeNotification[] notifications) =>
        new(new AuditEntry(record.Id, T0, "alice", UpgradeOperation.Stop, AuditOutcome.Accepted, UpgradeStatus.Upgrading, record.Status,
            ActionReasonCode.None, record.Version, AuditEntry.NoOptions), notifications);

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
#pragma warning disable CA2100 // Test statements.
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        return await command.ExecuteScalarAsync();
    }
}
