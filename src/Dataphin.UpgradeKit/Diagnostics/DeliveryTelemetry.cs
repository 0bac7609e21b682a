using System.Diagnostics.Metrics;

namespace Dataphin.UpgradeKit.Diagnostics;

/// <summary>The delivery instruments of one service (R-DLV-4), on the meter of its <see cref="UpgradeKitTelemetry"/>.</summary>
internal sealed class DeliveryTelemetry
{
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _deadLettered;

    public DeliveryTelemetry(Meter meter)
    {
        _attempts = meter.CreateCounter<long>(UpgradeKitDiagnostics.DeliveryAttemptsInstrument, "{attempt}",
            "Notifications handed to the host's handler, by outcome.");
        _delivered = meter.CreateCounter<long>(UpgradeKitDiagnostics.DeliveredInstrument, "{notification}",
            "Notifications the host's handler accepted and the store marked delivered.");
        _deadLettered = meter.CreateCounter<long>(UpgradeKitDiagnostics.DeadLetteredInstrument, "{notification}",
            "Notifications dead-lettered after their attempts or time ran out.");
    }

    /// <summary>One attempt ended: <c>delivered</c>, <c>failed</c> (a retry is scheduled) or <c>dead_lettered</c>.</summary>
    public void Attempt(string outcome, string notificationType) =>
        _attempts.Add(1, new("outcome", outcome), new("type", notificationType));

    public void Delivered(int count)
    {
        if (count > 0)
        {
            _delivered.Add(count);
        }
    }

    public void DeadLettered(string notificationType) => _deadLettered.Add(1, new KeyValuePair<string, object?>("type", notificationType));
}
