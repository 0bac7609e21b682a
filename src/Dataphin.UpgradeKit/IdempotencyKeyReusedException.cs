namespace Dataphin.UpgradeKit;

/// <summary>
/// A creation named an idempotency key that an earlier creation with different choices (versions or modes) already
/// used: nothing was created. A retry must repeat the request it retries; a new request needs a new key.
/// </summary>
public sealed class IdempotencyKeyReusedException : UpgradeKitException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="idempotencyKey">The key that was reused.</param>
    /// <param name="recordId">The record the earlier creation with that key made.</param>
    public IdempotencyKeyReusedException(string idempotencyKey, UpgradeRecordId recordId)
        : base($"The idempotency key '{idempotencyKey}' was already used to create upgrade record {recordId} with other versions or modes; nothing was created. Use a new key for a new request.")
    {
        IdempotencyKey = idempotencyKey;
        RecordId = recordId;
    }

    /// <summary>The key that was reused.</summary>
    public string IdempotencyKey { get; }

    /// <summary>The record the earlier creation with that key made.</summary>
    public UpgradeRecordId RecordId { get; }
}
