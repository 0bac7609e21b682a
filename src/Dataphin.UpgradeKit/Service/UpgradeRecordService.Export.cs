using System.Globalization;
using Dataphin.UpgradeKit.Diagnostics;
using Dataphin.UpgradeKit.Downloads;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;

namespace Dataphin.UpgradeKit.Service;

public sealed partial class UpgradeRecordService
{
    /// <summary>
    /// Hands out the record's configuration file encrypted by <paramref name="encryptor"/> into
    /// <paramref name="destination"/>, where View log is offered and a configuration was saved. The download is
    /// audited (who, when, file name, SHA-256 of the encrypted file), never with the password (R-CFG-5). Hosts usually
    /// call this through <c>ConfigurationExporter</c> of the Export package, which supplies the encryptor.
    /// </summary>
    /// <remarks>
    /// The audit entry is written after the encryption: if writing it fails, the exception reaches the caller, who must
    /// discard what <paramref name="destination"/> received, so no download goes unaudited.
    /// </remarks>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="OperationNotPermittedException">View log is not offered for the record's status, or no configuration was saved.</exception>
    public async Task<ConfigurationDownloadReceipt> DownloadConfigurationAsync(UpgradeRecordId id, OperatorIdentity actor,
        IConfigurationEncryptor encryptor, Stream destination, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(id);
        Guard.NotNull(encryptor);
        Guard.NotNull(destination);
        var request = OperatorRequest(UpgradeOperation.DownloadConfiguration, actor);
        using var activity = UpgradeKitTelemetry.StartOperation(request.Operation, id, byOperator: true);
        var record = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        var result = _lifecycle.Apply(record, request, _clock.GetCurrentInstant());
        if (result.Effect == LifecycleEffect.Refused)
        {
            _telemetry.Refused(request.Operation, result.Reason, activity);
            await StoreAsync(record, result, cancellationToken).ConfigureAwait(false); // audits the refusal and throws
        }

        // Only here are a configuration's bytes read: records carry its name and save time.
        var configuration = await _store.ReadConfigurationAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new UpgradeRecordNotFoundException(id);
        var sha256 = encryptor.Encrypt(configuration, destination);
        var audit = result.Audit with
        {
            Options = new Dictionary<string, string>(3)
            {
                ["fileName"] = configuration.FileName,
                ["configurationBytes"] = configuration.Content.Length.ToString(CultureInfo.InvariantCulture),
                ["encryptedSha256"] = sha256,
            },
        };
        await _store.AppendAsync(audit, cancellationToken).ConfigureAwait(false);
        _telemetry.Accepted(request.Operation, record, record, activity);
        Log.OperationAccepted(_logger, request.Operation, id, audit.Actor, record.Status, record.Status);
        return new ConfigurationDownloadReceipt(id, configuration.FileName, sha256, audit.At, audit.Actor);
    }
}
