namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>
/// Progress facts the host reports while an upgrade is configured or running. Facts only ever become true:
/// reporting <c>false</c> leaves a fact that is already true as it is, so reports may arrive in any order.
/// </summary>
public sealed record ProgressReport
{
    /// <summary>True once the task that force-stops running task instances has run.</summary>
    /// <value>The default value is false.</value>
    public bool ForceStopTaskRan { get; init; }

    /// <summary>True once application shutdown has started.</summary>
    /// <value>The default value is false.</value>
    public bool ApplicationShutdownStarted { get; init; }

    /// <summary>The configuration or execution step the upgrade is now at; null leaves it as it is.</summary>
    /// <value>The default value is null.</value>
    public string? CurrentStep { get; init; }
}
