using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Storage;
using NodaTime;

namespace Dataphin.UpgradeKit.Testing.HostTools;

/// <summary>
/// Fills a store's outbox for delivery tests and benchmarks through the store's own writes: new records, then one change
/// per notification, interleaved across records (the first of every record, then the second, …), as concurrent hosts
/// would store them.
/// </summary>
public static class NotificationSeeding
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 3, 1, 8, 0, 0);

    /// <summary>Stores <paramref name="perRecord"/> stop notifications for each of <paramref name="records"/> new records; returns them per record in store order.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<UpgradeNotification>>> SeedAsync(IUpgradeStore store, int records, int perRecord,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var current = new UpgradeRecord[records];
        var byRecord = new List<UpgradeNotification>[records];
        for (var r = 0; r < records; r++)
        {
            var record = NewRecord(T0 + Duration.FromSeconds(r));
            await store.InsertAsync(record, new RecordChange(Audit(record, UpgradeOperation.Create, null), []), cancellationToken);
            current[r] = record;
            byRecord[r] = [];
        }

        for (var i = 0; i < perRecord; i++)
        {
            for (var r = 0; r < records; r++)
            {
                var record = current[r];
                var next = (UpgradeRecordSnapshot.From(record) with { Version = record.Version + 1 }).ToRecord();
                UpgradeNotification notification = new UpgradeStoppedNotification
                {
                    Id = Guid.NewGuid(),
                    RecordId = record.Id,
                    OccurredAt = T0 + Duration.FromMinutes(i),
                    RerunForceStoppedInstances = true,
                    ExitMaintenanceMode = true,
                };
                await store.UpdateAsync(next, record.Version, new RecordChange(Audit(next, UpgradeOperation.Stop, record.Status), [notification]),
                    cancellationToken);
                current[r] = next;
                byRecord[r].Add(notification);
            }
        }

        return byRecord;
    }

    private static UpgradeRecord NewRecord(Instant createdAt) => new UpgradeRecordSnapshot
    {
        Id = UpgradeRecordId.New(createdAt),
        TargetVersion = ProductVersion.Parse("V5.1.0"),
        InitialVersion = ProductVersion.Parse("V4.3.0"),
        Mode = UpgradeMode.Maintenance,
        DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        Status = UpgradeStatus.Configuring,
        CreatedAt = createdAt,
        CreatedBy = "alice",
        Version = 1,
    }.ToRecord();

    private static AuditEntry Audit(UpgradeRecord record, UpgradeOperation operation, UpgradeStatus? before) =>
        new(record.Id, record.CreatedAt + Duration.FromMinutes(record.Version), "alice", operation, AuditOutcome.Accepted, before, record.Status,
            ActionReasonCode.None, record.Version, AuditEntry.NoOptions);
}
