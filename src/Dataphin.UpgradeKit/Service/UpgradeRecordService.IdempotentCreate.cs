using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Diagnostics;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;

namespace Dataphin.UpgradeKit.Service;

public sealed partial class UpgradeRecordService
{
    /// <summary>
    /// Stores <paramref name="record"/> under <paramref name="key"/> unless an earlier creation with that key stored
    /// one; that earlier record is returned when it was made from the same choices, and refused otherwise (R-STORE-3).
    /// </summary>
    private async Task<UpgradeRecord> CreateOnceAsync(NewUpgradeRequest request, string key, UpgradeRecord record, AuditEntry audit,
        OperatorIdentity actor, CancellationToken cancellationToken)
    {
        var stored = await _store.InsertOrGetAsync(record, key, new RecordChange(audit, []), cancellationToken).ConfigureAwait(false);
        if (stored.Id == record.Id)
        {
            Log.RecordCreated(_logger, record.Id, actor.Id, record.InitialVersion, record.TargetVersion, record.Mode);
            return stored;
        }

        if (!stored.TargetVersion.Equals(request.TargetVersion) || !stored.InitialVersion.Equals(request.InitialVersion)
            || stored.Mode != request.Mode || stored.DataServiceStudioMode != request.DataServiceStudioMode)
        {
            throw new IdempotencyKeyReusedException(key, stored.Id);
        }

        Log.RecordCreationRepeated(_logger, stored.Id, actor.Id);
        return stored;
    }
}
