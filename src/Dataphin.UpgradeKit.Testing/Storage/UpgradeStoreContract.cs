using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Storage;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.Storage;

/// <summary>
/// The behaviours every <see cref="IUpgradeStore"/> must show.
/// Derive it once per store and implement <see cref="CreateStoreAsync"/>; every test asks for a new, empty store.
/// </summary>
public abstract partial class UpgradeStoreContract : IAsyncLifetime
{
    /// <summary>A fixed instant the tests count from.</summary>
    protected static readonly Instant T0 = Instant.FromUtc(2026, 3, 1, 8, 0, 0);

    private readonly List<IUpgradeStore> _stores = [];

    /// <summary>Creates a new, empty store whose schema is ready.</summary>
    protected abstract Task<IUpgradeStore> CreateStoreAsync();

    /// <summary>A new, empty store, disposed after the test.</summary>
    protected async Task<IUpgradeStore> NewStoreAsync()
    {
        var store = await CreateStoreAsync();
        _stores.Add(store);
        return store;
    }

    /// <inheritdoc />
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            switch (store)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    /// <summary>A Configuring record created at <paramref name="createdAt"/> with nothing optional set.</summary>
    protected static UpgradeRecord NewRecord(Instant createdAt, UpgradeStatus status = UpgradeStatus.Configuring,
        string target = "V5.1.0", string initial = "V4.3.0") => new UpgradeRecordSnapshot
    {
        Id = UpgradeRecordId.New(createdAt),
        TargetVersion = ProductVersion.Parse(target),
        InitialVersion = ProductVersion.Parse(initial),
        Mode = UpgradeMode.Maintenance,
        DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        Status = status,
        CreatedAt = createdAt,
        CreatedBy = "alice",
        Version = 1,
    }.ToRecord();

    /// <summary>The audit entry of an accepted change of <paramref name="record"/>.</summary>
    protected static AuditEntry Audit(UpgradeRecord record, UpgradeOperation operation, UpgradeStatus? before, string actor = "alice") =>
        new(record.Id, record.CreatedAt + Duration.FromMinutes(record.Version), actor, operation, AuditOutcome.Accepted, before, record.Status,
            ActionReasonCode.None, record.Version, AuditEntry.NoOptions);

    /// <summary>The change that creates <paramref name="record"/>.</summary>
    protected static RecordChange Creation(UpgradeRecord record) => new(Audit(record, UpgradeOperation.Create, null), []);

    /// <summary>A stop notification about <paramref name="record"/>.</summary>
    protected static UpgradeStoppedNotification Stopped(UpgradeRecord record, bool rerun = true) => new()
    {
        Id = Guid.NewGuid(),
        RecordId = record.Id,
        OccurredAt = record.CreatedAt + Duration.FromHours(1),
        RerunForceStoppedInstances = rerun,
        ExitMaintenanceMode = true,
    };

    /// <summary>Stores <paramref name="record"/> through <see cref="IUpgradeRecordStore.InsertAsync"/>.</summary>
    protected static async Task<UpgradeRecord> InsertAsync(IUpgradeStore store, UpgradeRecord record)
    {
        await store.InsertAsync(record, Creation(record));
        return record;
    }

    /// <summary>Inserts <paramref name="record"/> (version 1) saving <paramref name="configuration"/> with it; returns the record, which names it.</summary>
    protected static async Task<UpgradeRecord> InsertAsync(IUpgradeStore store, UpgradeRecord record, ConfigurationFile configuration)
    {
        record = (UpgradeRecordSnapshot.From(record) with { Configuration = configuration.Info }).ToRecord();
        await store.InsertAsync(record, Creation(record) with { Configuration = configuration });
        return record;
    }

    /// <summary>Asserts the store holds <paramref name="expected"/> as the record's configuration, content included (null: none).</summary>
    protected static async Task AssertStoredConfigurationAsync(IUpgradeStore store, UpgradeRecordId recordId, ConfigurationFile? expected)
    {
        var actual = await store.ReadConfigurationAsync(recordId);
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }

        Assert.NotNull(actual);
        Assert.Equal(expected.FileName, actual.FileName);
        Assert.Equal(expected.SavedAt, actual.SavedAt);
        Assert.Equal(expected.Content.ToArray(), actual.Content.ToArray());
    }

    /// <summary>Asserts two records are equal field by field, the configuration's name and save time included.</summary>
    protected static void AssertSameRecord(UpgradeRecord expected, UpgradeRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected, actual);
    }

    /// <summary>Asserts two audit entries are equal, options compared by content.</summary>
    protected static void AssertSameAudit(AuditEntry expected, AuditEntry actual)
    {
        Assert.Equal(expected with { Options = AuditEntry.NoOptions }, actual with { Options = AuditEntry.NoOptions });
        Assert.Equal(expected.Options.OrderBy(o => o.Key), actual.Options.OrderBy(o => o.Key));
    }
}
