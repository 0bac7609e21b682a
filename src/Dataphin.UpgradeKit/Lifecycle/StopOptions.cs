namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>The choice of the Stop Upgrade dialog.</summary>
/// <param name="RerunForceStoppedInstances">
/// True to have the system rerun the task instances the upgrade force-stopped once it has stopped; false to
/// leave them for a manual rerun in task O&amp;M.
/// </param>
public sealed record StopOptions(bool RerunForceStoppedInstances);
