using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Dataphin.UpgradeKit.Diagnostics;

/// <summary>The instruments of one service; created from the host's <see cref="IMeterFactory"/> when it has one.</summary>
internal sealed class UpgradeKitTelemetry
{
    /// <summary>The one meter of the SDK's name that every component uses when the host gives no meter factory.</summary>
    internal static readonly Meter SharedMeter = new(UpgradeKitDiagnostics.MeterName);

    private readonly Counter<long> _operations;
    private readonly Counter<long> _refusals;
    private readonly Counter<long> _conflicts;
    private readonly Histogram<double> _upgradeDuration;
    private readonly Histogram<double> _maintenanceDuration;

    public UpgradeKitTelemetry(IMeterFactory? meterFactory)
    {
        var meter = meterFactory?.Create(new MeterOptions(UpgradeKitDiagnostics.MeterName)) ?? SharedMeter;
        Delivery = new DeliveryTelemetry(meter);
        _operations = meter.CreateCounter<long>(UpgradeKitDiagnostics.OperationsInstrument, "{request}", "Requests to upgrade records by operation and outcome.");
        _refusals = meter.CreateCounter<long>(UpgradeKitDiagnostics.RefusalsInstrument, "{request}", "Refused requests by operation and reason code.");
        _conflicts = meter.CreateCounter<long>(UpgradeKitDiagnostics.ConflictsInstrument, "{request}", "Requests that lost to a concurrent change.");
        _upgradeDuration = meter.CreateHistogram<double>(UpgradeKitDiagnostics.UpgradeDurationInstrument, "s", "Upgrade durations, recorded when an upgrade ends.");
        _maintenanceDuration = meter.CreateHistogram<double>(UpgradeKitDiagnostics.MaintenanceDurationInstrument, "s", "Maintenance-mode durations, recorded when maintenance mode ends.");
    }

    public static ActivitySource Source { get; } = new(UpgradeKitDiagnostics.ActivitySourceName);

    /// <summary>The instruments of notification delivery.</summary>
    public DeliveryTelemetry Delivery { get; }

    public static Activity? StartOperation(UpgradeOperation operation, UpgradeRecordId id, bool byOperator)
    {
        var activity = Source.StartActivity("upgradekit." + operation, ActivityKind.Internal);
        activity?.SetTag("upgradekit.record.id", id.ToString());
        activity?.SetTag("upgradekit.operation", operation.ToString());
        activity?.SetTag("upgradekit.actor.kind", byOperator ? "operator" : "system");
        return activity;
    }

    public void Accepted(UpgradeOperation operation, UpgradeRecord before, UpgradeRecord after, Activity? activity)
    {
        _operations.Add(1, new("operation", operation.ToString()), new("outcome", "accepted"));
        activity?.SetTag("upgradekit.outcome", "accepted");
        activity?.SetTag("upgradekit.status.after", after.Status.ToString());
        if (before.UpgradeEndedAt is null && after is { UpgradeStartedAt: { } start, UpgradeEndedAt: { } end })
        {
            _upgradeDuration.Record((end - start).TotalSeconds, new KeyValuePair<string, object?>("status", after.Status.ToString()));
        }

        if (before.MaintenanceEndedAt is null && after is { MaintenanceStartedAt: { } mStart, MaintenanceEndedAt: { } mEnd })
        {
            _maintenanceDuration.Record((mEnd - mStart).TotalSeconds, new KeyValuePair<string, object?>("status", after.Status.ToString()));
        }
    }

    public void Refused(UpgradeOperation operation, ActionReasonCode reason, Activity? activity)
    {
        _operations.Add(1, new("operation", operation.ToString()), new("outcome", "refused"));
        _refusals.Add(1, new("operation", operation.ToString()), new("reason", reason.ToString()));
        activity?.SetTag("upgradekit.outcome", "refused");
        activity?.SetTag("upgradekit.reason", reason.ToString());
        activity?.SetStatus(ActivityStatusCode.Error, reason.ToString());
    }

    public void Conflict(UpgradeOperation operation, Activity? activity)
    {
        _operations.Add(1, new("operation", operation.ToString()), new("outcome", "conflict"));
        _conflicts.Add(1, new KeyValuePair<string, object?>("operation", operation.ToString()));
        activity?.SetTag("upgradekit.outcome", "conflict");
        activity?.SetStatus(ActivityStatusCode.Error, "conflict");
    }
}
