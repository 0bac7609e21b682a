namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// The content of saved configuration files, kept apart from the records: only downloading a configuration reads it.
/// A store writes the content together with the change that saves it (<see cref="RecordChange.Configuration"/>); finding,
/// listing and updating records never read it, and updates that save no configuration never rewrite it. Removing a
/// record removes its configuration.
/// </summary>
public interface IConfigurationContentStore
{
    /// <summary>The record's saved configuration file, content included, or null when it has none (or there is no such record).</summary>
    /// <exception cref="UpgradeStoreException">The store cannot be read.</exception>
    ValueTask<ConfigurationFile?> ReadConfigurationAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default);
}
