using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Diagnostics;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Dataphin.UpgradeKit.Retention;

/// <summary>Pinning and unpinning a record for <see cref="UpgradeRetention"/>: the pin and its audit entry, logged.</summary>
internal static class RetentionPins
{
    public static async Task SetAsync(IUpgradeStore store, IRetentionStore retention, IClock clock, ILogger logger, UpgradeRecordId id, OperatorIdentity actor,
        bool pinned, CancellationToken cancellationToken)
    {
        Guard.NotNull(actor);
        if (await store.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } record)
        {
            throw new UpgradeRecordNotFoundException(id);
        }

        // R-RET-1: a pin is audited like an operator's action, in every status (it is not a lifecycle action).
        var entry = new AuditEntry
        {
            RecordId = id,
            At = clock.GetCurrentInstant(),
            Actor = actor.Id,
            Operation = pinned ? UpgradeOperation.Pin : UpgradeOperation.Unpin,
            Outcome = AuditOutcome.Accepted,
            StatusBefore = record.Status,
            StatusAfter = record.Status,
            Reason = ActionReasonCode.None,
            RecordVersion = record.Version,
            Options = AuditEntry.NoOptions,
        };
        // The pin and its entry in one transaction where the store can (a failure leaves neither); in a store without the
        // combined write the entry follows the pin, so a failure in between leaves the pin without it.
        var combined = store as IRetentionPinStore;
        var applied = combined is not null
            ? await combined.SetPinnedWithAuditAsync(pinned, entry, cancellationToken).ConfigureAwait(false)
            : await retention.SetPinnedAsync(id, pinned, cancellationToken).ConfigureAwait(false);
        if (!applied)
        {
            throw new UpgradeRecordNotFoundException(id);
        }

        if (combined is null)
        {
            await store.AppendAsync(entry, cancellationToken).ConfigureAwait(false);
        }

        Log.RetentionPinChanged(logger, id, pinned ? "pinned" : "unpinned", actor.Id);
    }
}
