namespace Dataphin.UpgradeKit.Diagnostics;

/// <summary>
/// Names under which the SDK publishes metrics and traces, for a host to subscribe with one line, e.g.
/// <c>.WithMetrics(m =&gt; m.AddMeter(UpgradeKitDiagnostics.MeterName))</c> and
/// <c>.WithTracing(t =&gt; t.AddSource(UpgradeKitDiagnostics.ActivitySourceName))</c> in OpenTelemetry.
/// No metric tag or span attribute carries a password, a key or configuration content.
/// </summary>
public static class UpgradeKitDiagnostics
{
    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name: <c>Dataphin.UpgradeKit</c>.</summary>
    public const string MeterName = "Dataphin.UpgradeKit";

    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> name: <c>Dataphin.UpgradeKit</c>.</summary>
    public const string ActivitySourceName = "Dataphin.UpgradeKit";

    /// <summary>Counter of requests by <c>operation</c> and <c>outcome</c> (accepted, refused, conflict).</summary>
    public const string OperationsInstrument = "upgradekit.operations";

    /// <summary>Counter of refused requests by <c>operation</c> and <c>reason</c>.</summary>
    public const string RefusalsInstrument = "upgradekit.refusals";

    /// <summary>Counter of requests that lost to a concurrent change, by <c>operation</c>.</summary>
    public const string ConflictsInstrument = "upgradekit.conflicts";

    /// <summary>Histogram of upgrade durations in seconds, by final <c>status</c>, recorded when an upgrade ends.</summary>
    public const string UpgradeDurationInstrument = "upgradekit.upgrade.duration";

    /// <summary>Histogram of maintenance-mode durations in seconds, recorded when maintenance mode ends.</summary>
    public const string MaintenanceDurationInstrument = "upgradekit.maintenance.duration";

    /// <summary>Counter of delivery attempts by <c>outcome</c> (delivered, failed, dead_lettered) and notification <c>type</c>.</summary>
    public const string DeliveryAttemptsInstrument = "upgradekit.notifications.attempts";

    /// <summary>Counter of notifications delivered to the host's handler and marked delivered.</summary>
    public const string DeliveredInstrument = "upgradekit.notifications.delivered";

    /// <summary>Counter of notifications dead-lettered, by notification <c>type</c>.</summary>
    public const string DeadLetteredInstrument = "upgradekit.notifications.dead_lettered";
}
