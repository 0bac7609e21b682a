using Microsoft.Extensions.Logging;

namespace Dataphin.UpgradeKit.Diagnostics;

// Storage under faults (R-STORE-*): event ids 1400–1449.
internal static partial class Log
{
    [LoggerMessage(1400, LogLevel.Information, "Creation of upgrade record {RecordId} repeated by {Actor} with the same idempotency key: the stored record is returned")]
    public static partial void RecordCreationRepeated(ILogger logger, UpgradeRecordId recordId, string actor);
}
