namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>
/// Progress facts the host reports while an upgrade is configured or running. Facts only ever become true:
/// reporting <c>false</c> leaves a fact that is already true as it is, so reports may arrive in any order.
/// </summary>
/// <param name="ForceStopTaskRan">True once the task that force-stops running task instances has run.</param>
/// <param name="ApplicationShutdownStarted">True once application shutdown has started.</param>
/// <param name="CurrentStep">The configuration or execution step the upgrade is now at; null leaves it as it is.</param>
public sealed record ProgressReport(bool ForceStopTaskRan = false, bool ApplicationShutdownStarted = false, string? CurrentStep = null);
