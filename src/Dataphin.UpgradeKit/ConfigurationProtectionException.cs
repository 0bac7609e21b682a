namespace Dataphin.UpgradeKit;

/// <summary>
/// A stored configuration file could not be unprotected: its protected bytes were changed, or they were
/// protected under a key the host's protector no longer has (a lost or replaced Data Protection key ring, another
/// application's keys or purpose). No plaintext was returned. The inner exception is the protector's.
/// </summary>
public sealed class ConfigurationProtectionException : UpgradeKitException
{
    /// <summary>Creates the exception.</summary>
    public ConfigurationProtectionException(UpgradeRecordId recordId, Exception? innerException = null)
        : base($"The saved configuration of upgrade record {recordId} cannot be unprotected: its stored bytes were changed, " +
            "or they were protected with a key the configured protector does not have (check that the host uses the same key ring and purpose).",
            innerException)
    {
        RecordId = recordId;
    }

    /// <summary>The record whose configuration could not be read.</summary>
    public UpgradeRecordId RecordId { get; }
}
