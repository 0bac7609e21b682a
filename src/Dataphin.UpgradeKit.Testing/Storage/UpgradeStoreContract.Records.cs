using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Testing.Notifications;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Storage;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.Storage;

public abstract partial class UpgradeStoreContract
{
    /// <summary>Finding an id that was never stored returns null.</summary>
    [StoreFact]
    public async Task Find_UnknownId_ReturnsNull()
    {
        var store = await NewStoreAsync();

        Assert.Null(await store.FindAsync(UpgradeRecordId.New(T0)));
    }

    /// <summary>A record with nothing optional set is found with its absent fields still absent.</summary>
    [StoreFact]
    public async Task Insert_MinimalRecord_FindReturnsItWithAbsentFieldsAbsent()
    {
        var store = await NewStoreAsync();
        var record = await InsertAsync(store, (UpgradeRecordSnapshot.From(NewRecord(T0)) with { Mode = UpgradeMode.ZeroDowntime, DataServiceStudioMode = DataServiceStudioUpgradeMode.DoNotUpgrade }).ToRecord());

        AssertSameRecord(record, await store.FindAsync(record.Id));
    }

    /// <summary>
    /// Records with every field their status allows set, their configuration included, round-trip exactly: the stop
    /// option of a stopped upgrade, the declared result of a force-stopped one and the reason of a failed one each
    /// exist only in that status, so three records together set every field.
    /// </summary>
    [StoreFact]
    public async Task Insert_EveryFieldSet_RoundTripsEveryField()
    {
        var store = await NewStoreAsync();
        var content = new byte[70_000];
        new Random(7).NextBytes(content);
        var created = T0 + Duration.FromTicks(1234567);
        var ended = (UpgradeRecordSnapshot.From(NewRecord(created, UpgradeStatus.Stopped, target: "5.1.2.3", initial: "v4.3")) with
        {
            Mode = UpgradeMode.Maintenance,
            DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeSeparately,
            CreatedBy = "ops-李",
            UpgradeStartedAt = created + Duration.FromMinutes(5),
            UpgradeEndedAt = created + Duration.FromHours(3) + Duration.FromTicks(9),
            MaintenanceStartedAt = created + Duration.FromMinutes(5),
            MaintenanceEndedAt = created + Duration.FromHours(3) + Duration.FromTicks(9),
            ForceStopTaskRan = true,
            ApplicationShutdownStarted = true,
            CurrentStep = "data-update/step-3",
            RerunForceStoppedInstances = false,
            Version = 7,
        });
        UpgradeRecord[] records =
        [
            ended.ToRecord(),
            (ended with
            {
                Id = UpgradeRecordId.New(created + Duration.FromSeconds(1)),
                Status = UpgradeStatus.ForceStoppedSucceeded,
                MaintenanceEndedAt = null,
                RerunForceStoppedInstances = null,
                ForceStopResult = ForceStopResult.Succeeded,
            }).ToRecord(),
            (ended with
            {
                Id = UpgradeRecordId.New(created + Duration.FromSeconds(2)),
                Status = UpgradeStatus.Failed,
                Mode = UpgradeMode.ZeroDowntime,
                MaintenanceStartedAt = null,
                MaintenanceEndedAt = null,
                RerunForceStoppedInstances = null,
                FailureReason = "disk full on node 'b'",
            }).ToRecord(),
        ];

        foreach (var record in records)
        {
            var saved = await InsertAsync(store, record, new ConfigurationFile("upgrade-config.yaml", content, created + Duration.FromMinutes(1)));

            AssertSameRecord(saved, await store.FindAsync(record.Id));
            var listed = Assert.Single((await store.ListAsync(new UpgradeRecordQuery())).Items, r => r.Id == record.Id);
            AssertSameRecord(saved, listed);
        }
    }

    /// <summary>Inserting an id that is stored raises ConcurrencyConflictException and keeps the first record.</summary>
    [StoreFact]
    public async Task Insert_IdAlreadyStored_ThrowsConflictAndKeepsTheFirst()
    {
        var store = await NewStoreAsync();
        var first = await InsertAsync(store, NewRecord(T0));
        var second = (UpgradeRecordSnapshot.From(first) with { CreatedBy = "mallory" }).ToRecord();

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.InsertAsync(second, Creation(second)));

        Assert.Equal(first.Id, conflict.RecordId);
        Assert.Equal(1, conflict.ActualVersion);
        AssertSameRecord(first, await store.FindAsync(first.Id));
        Assert.Single(await store.ReadAsync(first.Id));
    }

    /// <summary>An update at the current version stores the record, its audit entry and its notifications together.</summary>
    [StoreFact]
    public async Task Update_CurrentVersion_StoresRecordAuditAndNotificationsTogether()
    {
        var store = await NewStoreAsync();
        var record = await InsertAsync(store, NewRecord(T0, UpgradeStatus.Upgrading));
        var stopped = (UpgradeRecordSnapshot.From(record) with { Status = UpgradeStatus.Stopped, RerunForceStoppedInstances = true, UpgradeEndedAt = T0 + Duration.FromHours(1), Version = 2 }).ToRecord();
        var notification = Stopped(stopped);
        var audit = Audit(stopped, UpgradeOperation.Stop, UpgradeStatus.Upgrading, actor: "bob") with
        {
            Options = new Dictionary<string, string> { ["rerunForceStoppedInstances"] = "true" },
        };

        await store.UpdateAsync(stopped, 1, new RecordChange(audit, [notification]));

        AssertSameRecord(stopped, await store.FindAsync(record.Id));
        var trail = await store.ReadAsync(record.Id);
        Assert.Equal(2, trail.Count);
        AssertSameAudit(audit, trail[1]);
        Assert.Equal([notification], await store.ReadPendingAsync(10));
    }

    /// <summary>An update at a stale version raises ConcurrencyConflictException with the stored version and writes nothing.</summary>
    [StoreFact]
    public async Task Update_StaleVersion_ThrowsConflictWithActualVersionAndWritesNothing()
    {
        var store = await NewStoreAsync();
        var record = await InsertAsync(store, NewRecord(T0, UpgradeStatus.Upgrading));
        var v2 = (UpgradeRecordSnapshot.From(record) with { CurrentStep = "step-2", Version = 2 }).ToRecord();
        await store.UpdateAsync(v2, 1, new RecordChange(Audit(v2, UpgradeOperation.ReportProgress, UpgradeStatus.Upgrading), []));
        var stale = (UpgradeRecordSnapshot.From(record) with { Status = UpgradeStatus.Stopped, Version = 2 }).ToRecord();

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(
            () => store.UpdateAsync(stale, 1, new RecordChange(Audit(stale, UpgradeOperation.Stop, UpgradeStatus.Upgrading), [Stopped(stale)])));

        Assert.Equal(1, conflict.ExpectedVersion);
        Assert.Equal(2, conflict.ActualVersion);
        AssertSameRecord(v2, await store.FindAsync(record.Id));
        Assert.Equal(2, (await store.ReadAsync(record.Id)).Count);
        Assert.Empty(await store.ReadPendingAsync(10));
    }

    /// <summary>An update of a removed record raises ConcurrencyConflictException without a stored version.</summary>
    [StoreFact]
    public async Task Update_RecordGone_ThrowsConflictWithoutActualVersion()
    {
        var store = await NewStoreAsync();
        var record = (UpgradeRecordSnapshot.From(NewRecord(T0)) with { Version = 2 }).ToRecord();

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(
            () => store.UpdateAsync(record, 1, new RecordChange(Audit(record, UpgradeOperation.Start, UpgradeStatus.Configuring), [])));

        Assert.Null(conflict.ActualVersion);
        Assert.Null(await store.FindAsync(record.Id));
        Assert.Empty(await store.ReadAsync(record.Id));
    }

    /// <summary>A configuration replaced, then removed, is found as last written.</summary>
    [StoreFact]
    public async Task Update_ConfigurationReplacedThenRemoved_FindFollowsIt()
    {
        var store = await NewStoreAsync();
        var record = await InsertAsync(store, NewRecord(T0), new ConfigurationFile("a.yaml", new byte[] { 1, 2, 3 }, T0));
        var file = new ConfigurationFile("b.yaml", new byte[] { 9 }, T0 + Duration.FromSeconds(1));
        var replaced = (UpgradeRecordSnapshot.From(record) with { Configuration = file.Info, Version = 2 }).ToRecord();
        await store.UpdateAsync(replaced, 1,
            new RecordChange(Audit(replaced, UpgradeOperation.SaveConfiguration, UpgradeStatus.Configuring), []) { Configuration = file });
        AssertSameRecord(replaced, await store.FindAsync(record.Id));
        await AssertStoredConfigurationAsync(store, record.Id, file);

        var removed = (UpgradeRecordSnapshot.From(replaced) with { Configuration = null, Version = 3 }).ToRecord();
        await store.UpdateAsync(removed, 2, new RecordChange(Audit(removed, UpgradeOperation.SaveConfiguration, UpgradeStatus.Configuring), []));

        AssertSameRecord(removed, await store.FindAsync(record.Id));
        await AssertStoredConfigurationAsync(store, record.Id, null);
    }

    /// <summary>Of many writers racing with the same expected version exactly one wins; the others get ConcurrencyConflictException.</summary>
    [StoreFact]
    public async Task Update_ManyWritersWithTheSameExpectedVersion_ExactlyOneWins()
    {
        var store = await NewStoreAsync();
        var record = await InsertAsync(store, NewRecord(T0, UpgradeStatus.Upgrading));

        var attempts = Enumerable.Range(0, 8).Select(async i =>
        {
            var next = (UpgradeRecordSnapshot.From(record) with { CurrentStep = $"writer-{i}", Version = 2 }).ToRecord();
            try
            {
                await store.UpdateAsync(next, 1, new RecordChange(Audit(next, UpgradeOperation.ReportProgress, UpgradeStatus.Upgrading, actor: $"w{i}"), []));
                return next;
            }
            catch (ConcurrencyConflictException)
            {
                return null;
            }
        });
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r is not null);
        AssertSameRecord(winner!, await store.FindAsync(record.Id));
        Assert.Equal(2, (await store.ReadAsync(record.Id)).Count);
    }

    /// <summary>A removal at the current version removes the record but keeps its audit trail.</summary>
    [StoreFact]
    public async Task Delete_CurrentVersion_RemovesRecordButKeepsItsAuditTrail()
    {
        var store = await NewStoreAsync();
        var record = await InsertAsync(store, NewRecord(T0), new ConfigurationFile("c.yaml", new byte[] { 4 }, T0));
        var audit = Audit(record, UpgradeOperation.Cancel, UpgradeStatus.Configuring) with { StatusAfter = null, RecordVersion = 2 };

        await store.DeleteAsync(record.Id, 1, new RecordChange(audit, []));

        Assert.Null(await store.FindAsync(record.Id));
        await AssertStoredConfigurationAsync(store, record.Id, null);
        Assert.Empty((await store.ListAsync(new UpgradeRecordQuery())).Items);
        var trail = await store.ReadAsync(record.Id);
        Assert.Equal(2, trail.Count);
        AssertSameAudit(audit, trail[1]);
        var again = await InsertAsync(store, record, new ConfigurationFile("d.yaml", new byte[] { 5 }, T0));
        AssertSameRecord(again, await store.FindAsync(record.Id));
    }

    /// <summary>A removal at a stale version raises ConcurrencyConflictException and keeps the record.</summary>
    [StoreFact]
    public async Task Delete_StaleVersion_ThrowsConflictAndKeepsRecord()
    {
        var store = await NewStoreAsync();
        var record = await InsertAsync(store, NewRecord(T0));
        var file = new ConfigurationFile("c.yaml", new byte[] { 4 }, T0);
        var v2 = (UpgradeRecordSnapshot.From(record) with { Configuration = file.Info, Version = 2 }).ToRecord();
        await store.UpdateAsync(v2, 1, new RecordChange(Audit(v2, UpgradeOperation.SaveConfiguration, UpgradeStatus.Configuring), []) { Configuration = file });

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(
            () => store.DeleteAsync(record.Id, 1, new RecordChange(Audit(record, UpgradeOperation.Cancel, UpgradeStatus.Configuring), [])));

        Assert.Equal(2, conflict.ActualVersion);
        AssertSameRecord(v2, await store.FindAsync(record.Id));
        Assert.Equal(2, (await store.ReadAsync(record.Id)).Count);
    }

    /// <summary>A whole lifecycle through the feature types stores and audits every step.</summary>
    [StoreFact]
    public async Task Service_FullLifecycle_EveryStepIsStoredAndAudited()
    {
        var store = await NewStoreAsync();
        var clock = new NodaTime.Testing.FakeClock(T0, Duration.FromSeconds(1));
        var handler = new RecordingNotificationHandler();
        var service = new UpgradeKitFeatures(store, clock, notificationHandler: handler);
        var operatorId = new Operators.OperatorIdentity("alice");

        var record = await service.Commands.CreateAsync(new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("V5.0.0"), InitialVersion = ProductVersion.Parse("V4.3.0"),
            Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        }, operatorId);
        await service.Commands.SaveConfigurationAsync(record.Id, new ConfigurationFile("u.yaml", new byte[] { 1, 2 }, clock.GetCurrentInstant()), operatorId);
        await service.HostReports.StartAsync(record.Id);
        await service.HostReports.ReportProgressAsync(record.Id, new ProgressReport { CurrentStep = "backup" });
        var verifying = await service.HostReports.MarkStepsCompletedAsync(record.Id);
        var completed = await service.Commands.CompleteAsync(record.Id, operatorId);

        AssertSameRecord(completed, await store.FindAsync(record.Id));
        Assert.Equal(UpgradeStatus.Succeeded, completed.Status);
        // The end of the steps is kept from the change to Verifying on, inside the upgrade.
        Assert.NotNull(verifying.StepsCompletedAt);
        Assert.Equal(verifying.StepsCompletedAt, completed.StepsCompletedAt);
        Assert.InRange(verifying.StepsCompletedAt.Value, completed.UpgradeStartedAt!.Value, completed.UpgradeEndedAt!.Value);
        Assert.Equal(6, (await store.ReadAsync(record.Id)).Count);
        Assert.Empty(handler.Received); // the dispatcher delivers, not the operation (R-DLV-1)
        Assert.Equal(1, await service.Delivery.DeliverPendingNotificationsAsync());
        var delivered = Assert.Single(handler.Received);
        Assert.IsType<UpgradeCompletedNotification>(delivered);
        Assert.Empty(await store.ReadPendingAsync(10));
    }

    /// <summary>
    /// A change that saves no configuration leaves the saved content as it is: the record still names it and a download
    /// reads the bytes saved before.
    /// </summary>
    [StoreFact]
    public async Task Update_WithoutSavingAConfiguration_KeepsTheSavedContent()
    {
        var store = await NewStoreAsync();
        var file = new ConfigurationFile("kept.yaml", new byte[] { 5, 6, 7 }, T0);
        var record = await InsertAsync(store, NewRecord(T0, UpgradeStatus.Upgrading), file);
        var progressed = (UpgradeRecordSnapshot.From(record) with { CurrentStep = "step-2", Version = 2 }).ToRecord();

        await store.UpdateAsync(progressed, 1, new RecordChange(Audit(progressed, UpgradeOperation.ReportProgress, UpgradeStatus.Upgrading), []));

        AssertSameRecord(progressed, await store.FindAsync(record.Id));
        await AssertStoredConfigurationAsync(store, record.Id, file);
        Assert.Null(await store.ReadConfigurationAsync(UpgradeRecordId.New(T0)));
    }
}
