using Dataphin.UpgradeKit.Downloads;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Queries;

namespace Dataphin.UpgradeKit.Export;

/// <summary>
/// The download of a record's configuration file: an age v1 file under a fresh one-time password, audited on
/// the record without the password. Thread-safe.
/// </summary>
public sealed class ConfigurationExporter
{
    private readonly UpgradeQueries _queries;

    /// <summary>Creates the exporter over <paramref name="queries"/>, which audits each download.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="queries"/> is null.</exception>
    public ConfigurationExporter(UpgradeQueries queries)
    {
        ArgumentNullException.ThrowIfNull(queries);
        _queries = queries;
    }

    /// <summary>
    /// Writes the encrypted configuration of <paramref name="id"/> to <paramref name="destination"/> and returns the
    /// one-time password with the audit receipt. On any error, discard what <paramref name="destination"/> received.
    /// </summary>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="OperationNotPermittedException">View log is not offered for the record, or no configuration was saved.</exception>
    public Task<ConfigurationExport> ExportAsync(UpgradeRecordId id, OperatorIdentity actor, Stream destination, CancellationToken cancellationToken) =>
        ExportAsync(id, actor, destination, EncryptedFileFormat.Binary, cancellationToken);

    /// <summary>
    /// Writes the encrypted configuration of <paramref name="id"/> to <paramref name="destination"/> as a binary age
    /// file and returns the one-time password with the audit receipt. On any error, discard what
    /// <paramref name="destination"/> received.
    /// </summary>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="OperationNotPermittedException">View log is not offered for the record, or no configuration was saved.</exception>
    public Task<ConfigurationExport> ExportAsync(UpgradeRecordId id, OperatorIdentity actor, Stream destination) =>
        ExportAsync(id, actor, destination, EncryptedFileFormat.Binary, CancellationToken.None);

    /// <summary>
    /// Writes the encrypted configuration of <paramref name="id"/> to <paramref name="destination"/> in the chosen
    /// <paramref name="format"/> (armored for pasting into a ticket) and returns the one-time password with the audit
    /// receipt; the audited hash is of the bytes written in that format. On any error, discard what
    /// <paramref name="destination"/> received.
    /// </summary>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="OperationNotPermittedException">View log is not offered for the record, or no configuration was saved.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> is not a defined value.</exception>
    public async Task<ConfigurationExport> ExportAsync(UpgradeRecordId id, OperatorIdentity actor, Stream destination, EncryptedFileFormat format,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(destination);
        if (format is not (EncryptedFileFormat.Binary or EncryptedFileFormat.Armored))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "Choose EncryptedFileFormat.Binary or EncryptedFileFormat.Armored.");
        }

        var encryptor = new AgeEncryptor(format);
        try
        {
            var receipt = await _queries.DownloadConfigurationAsync(id, actor, encryptor, destination, cancellationToken).ConfigureAwait(false);
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
    private sealed class AgeEncryptor(EncryptedFileFormat format) : IConfigurationEncryptor
    {
        public EncryptedConfiguration? Result { get; private set; }

        public string Encrypt(ConfigurationFile configuration, Stream destination)
        {
            Result = ConfigurationEncryptor.Encrypt(configuration.Content.Span, destination, format);
            return Result.Sha256Hex;
        }
    }
}
