using Microsoft.Extensions.Logging;
using NodaTime;

namespace Dataphin.UpgradeKit.Diagnostics;

// Notification delivery under leases (R-DLV-2, R-DLV-3): event ids 1220–1229.
internal static partial class Log
{
    [LoggerMessage(1220, LogLevel.Warning, "{Skipped} of {Claimed} claimed notifications were not handed over: the batch's lease of {LeaseDuration} ran out first; the next claim takes them")]
    public static partial void DeliveryLeaseRanOut(ILogger logger, int skipped, int claimed, Duration leaseDuration);
}
