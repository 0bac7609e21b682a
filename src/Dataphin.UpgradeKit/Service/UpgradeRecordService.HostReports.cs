using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Lifecycle;

namespace Dataphin.UpgradeKit.Service;

public sealed partial class UpgradeRecordService
{
    /// <summary>
    /// The host started the upgrade: Configuring to Upgrading. Sets the upgrade start and, in maintenance mode, the
    /// maintenance start to the same instant.
    /// </summary>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="OperationNotPermittedException">The record is not Configuring.</exception>
    public async Task<UpgradeRecord> StartAsync(UpgradeRecordId id, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(id, SystemRequest(UpgradeOperation.Start), null, cancellationToken).ConfigureAwait(false)).Record;

    /// <summary>The host reports progress facts; retried on concurrent changes, so no report is lost.</summary>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="OperationNotPermittedException">The record is terminal.</exception>
    public async Task<UpgradeRecord> ReportProgressAsync(UpgradeRecordId id, ProgressReport report, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(report);
        var request = SystemRequest(UpgradeOperation.ReportProgress) with { Progress = report };
        return (await ExecuteAsync(id, request, null, cancellationToken).ConfigureAwait(false)).Record;
    }

    /// <summary>The host reports the upgrade steps completed: Upgrading to Verifying.</summary>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="OperationNotPermittedException">The record is not Upgrading.</exception>
    public async Task<UpgradeRecord> MarkStepsCompletedAsync(UpgradeRecordId id, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(id, SystemRequest(UpgradeOperation.CompleteSteps), null, cancellationToken).ConfigureAwait(false)).Record;

    /// <summary>
    /// The host reports the upgrade failed: Upgrading to Failed; the upgrade ends now. Maintenance mode stays on
    /// until the host reports it exited (<see cref="ExitMaintenanceModeAsync"/>).
    /// </summary>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="OperationNotPermittedException">The record is not Upgrading.</exception>
    public async Task<UpgradeRecord> MarkFailedAsync(UpgradeRecordId id, string? reason = null, CancellationToken cancellationToken = default)
    {
        var request = SystemRequest(UpgradeOperation.Fail) with { FailureReason = reason };
        return (await ExecuteAsync(id, request, null, cancellationToken).ConfigureAwait(false)).Record;
    }

    /// <summary>The host reports maintenance upgrade mode was exited; the maintenance end is now.</summary>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="OperationNotPermittedException">Maintenance mode is not on.</exception>
    public async Task<UpgradeRecord> ExitMaintenanceModeAsync(UpgradeRecordId id, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(id, SystemRequest(UpgradeOperation.ExitMaintenanceMode), null, cancellationToken).ConfigureAwait(false)).Record;
}
