namespace Dataphin.UpgradeKit.AspNetCore.Endpoints;

/// <summary>
/// The body of <c>POST {prefix}/{id}/download</c>: the encrypted configuration (an age v1 file) and the
/// one-time password that opens it. The password appears in this response and nowhere else: the endpoint
/// sends <c>Cache-Control: no-store</c>, and neither the SDK nor the endpoint logs it or puts it in a metric or a trace.
/// </summary>
public sealed class ConfigurationDownloadResponse
{
    /// <summary>The name to save the file under: the configuration's name with <c>.age</c> appended.</summary>
    public required string FileName { get; init; }

    /// <summary>The one-time temporary password, exactly as the decryptor, the CLI and <c>age -d</c> expect it.</summary>
    public required string Password { get; init; }

    /// <summary>The encrypted file, base64-encoded.</summary>
    public required string ContentBase64 { get; init; }

    /// <summary>How many bytes the encrypted file has.</summary>
    public required long Length { get; init; }

    /// <summary>The SHA-256 of the encrypted file in lower-case hex, as the audit trail recorded it.</summary>
    public required string EncryptedSha256 { get; init; }

    /// <summary>Describes the download without the password.</summary>
    public override string ToString() => $"{FileName} ({Length} bytes, sha256 {EncryptedSha256})";
}
