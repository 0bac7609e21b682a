using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Service;

namespace Dataphin.UpgradeKit.Export;

/// <summary>
/// The download of a record's configuration file (SPEC §7): an age v1 file under a fresh one-time password, audited on
/// the record without the password (R-CFG-1..5). Thread-safe.
/// </summary>
public sealed class ConfigurationExporter
{
    private readonly UpgradeRecordService _service;

    /// <summary>Creates the exporter over <paramref name="service"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="service"/> is null.</exception>
    public ConfigurationExporter(UpgradeRecordService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        _service = service;
    }

    /// <summary>
    /// Writes the encrypted configuration of <paramref name="id"/> to <paramref name="destination"/> and returns the
    /// one-time password with the audit receipt. On any error, discard what <paramref name="destination"/> received.
    /// </summary>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="OperationNotPermittedException">View log is not offered for the record, or no configuration was saved.</exception>
    public async Task<ConfigurationExport> ExportAsync(UpgradeRecordId id, OperatorIdentity actor, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(destination);
        var encryptor = new AgeEncryptor();
        try
        {
            var receipt = await _service.DownloadConfigurationAsync(id, actor, encryptor, destination, cancellationToken).ConfigureAwait(false);
            var encrypted = encryptor.Result!;
            return new ConfigurationExport(encrypted.Password, receipt.FileName + ".age", encrypted.Length, receipt);
        }
        catch
        {
            encryptor.Result?.Dispose();
            throw;
        }
    }

    /// <summary>Encrypts one download and keeps the result (with its password) for the exporter.</summary>
    private sealed class AgeEncryptor : IConfigurationEncryptor
    {
        public EncryptedConfiguration? Result { get; private set; }

        public string Encrypt(ConfigurationFile configuration, Stream destination)
        {
            Result = ConfigurationEncryptor.Encrypt(configuration.Content.Span, destination);
            return Result.Sha256Hex;
        }
    }
}
