using Dataphin.UpgradeKit.Downloads;
using Dataphin.UpgradeKit.Export.Passwords;

namespace Dataphin.UpgradeKit.Export;

/// <summary>
/// One configuration download: the one-time password to show the operator once, and what was audited. Dispose it
/// once the password was shown; that clears the password from memory.
/// </summary>
public sealed class ConfigurationExport : IDisposable
{
    internal ConfigurationExport(OneTimePassword password, string downloadFileName, long length, ConfigurationDownloadReceipt receipt)
    {
        Password = password;
        DownloadFileName = downloadFileName;
        Length = length;
        Receipt = receipt;
    }

    /// <summary>The one-time temporary password; show it once. Never logged by the SDK.</summary>
    public OneTimePassword Password { get; }

    /// <summary>The name to offer for the encrypted file: the configuration file's name with <c>.age</c> appended.</summary>
    public string DownloadFileName { get; }

    /// <summary>How many bytes the encrypted file has.</summary>
    public long Length { get; }

    /// <summary>What the audit trail recorded (who, when, file name, SHA-256 of the encrypted file).</summary>
    public ConfigurationDownloadReceipt Receipt { get; }

    /// <summary>Describes the download without the password.</summary>
    public override string ToString() => $"{DownloadFileName} ({Length} bytes, sha256 {Receipt.EncryptedSha256})";

    /// <summary>Clears the password.</summary>
    public void Dispose() => Password.Dispose();
}
