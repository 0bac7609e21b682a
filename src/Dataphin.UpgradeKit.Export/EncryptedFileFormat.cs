namespace Dataphin.UpgradeKit.Export;

/// <summary>How an encrypted configuration file is written. Both open with the SDK's decryptor, the CLI and <c>age -d</c>.</summary>
public enum EncryptedFileFormat
{
    /// <summary>The binary age v1 file (the default): smallest, for a download saved as a file.</summary>
    Binary = 0,

    /// <summary>
    /// The same file in age's ASCII armor (what <c>age -a</c> writes): text lines of base64 between
    /// <c>-----BEGIN AGE ENCRYPTED FILE-----</c> and <c>-----END AGE ENCRYPTED FILE-----</c>, about 35 % larger, for
    /// pasting into a ticket, a chat or a mail body.
    /// </summary>
    Armored = 1,
}
