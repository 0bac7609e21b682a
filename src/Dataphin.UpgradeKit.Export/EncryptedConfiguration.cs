using Dataphin.UpgradeKit.Export.Passwords;

namespace Dataphin.UpgradeKit.Export;

/// <summary>
/// The result of one encrypted configuration download: the one-time password to show once,
/// and the length and SHA-256 of the encrypted file the audit records. The file itself went
/// to the destination stream given to <see cref="ConfigurationEncryptor"/>.
/// </summary>
/// <remarks>
/// <see cref="ToString"/> never contains the password. Dispose the instance (or clear
/// <see cref="Password"/>) once the password has been shown.
/// </remarks>
public sealed class EncryptedConfiguration : IDisposable
{
    private readonly byte[] _sha256;

    internal EncryptedConfiguration(OneTimePassword password, long length, byte[] sha256)
    {
        Password = password;
        Length = length;
        _sha256 = sha256;
    }

    /// <summary>The freshly generated one-time password; the file opens with its text exactly as shown.</summary>
    public OneTimePassword Password { get; }

    /// <summary>Length in bytes of the encrypted file written to the destination.</summary>
    public long Length { get; }

    /// <summary>SHA-256 of the encrypted file (32 bytes): what the audit trail records, never the password.</summary>
    public ReadOnlyMemory<byte> Sha256 => _sha256;

    /// <summary>SHA-256 of the encrypted file as 64 lower-case hexadecimal digits.</summary>
    public string Sha256Hex => Convert.ToHexStringLower(_sha256);

    /// <summary>Clears the password.</summary>
    public void Dispose() => Password.Clear();

    /// <summary>Length and hash of the file; the password is never included.</summary>
    /// <returns>A text such as <c>EncryptedConfiguration { Length = 412, Sha256 = 3f… }</c>.</returns>
    public override string ToString() => $"EncryptedConfiguration {{ Length = {Length}, Sha256 = {Sha256Hex} }}";
}
