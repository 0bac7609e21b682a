namespace Dataphin.UpgradeKit.Export.Age;

/// <summary>Constants of the age v1 format (C2SP age specification).</summary>
internal static class AgeFormat
{
    /// <summary>The first line of every age file, without its line feed.</summary>
    public const string VersionLine = "age-encryption.org/v1";

    /// <summary>What every age version line starts with; a file without it is foreign.</summary>
    public const string Magic = "age-encryption.org/";

    /// <summary>Size of the symmetric file key.</summary>
    public const int FileKeySize = 16;

    /// <summary>Size of the payload nonce that follows the header.</summary>
    public const int PayloadNonceSize = 16;

    /// <summary>Plaintext bytes in every STREAM chunk but the last.</summary>
    public const int ChunkSize = 64 * 1024;

    /// <summary>Size of a ChaCha20-Poly1305 tag.</summary>
    public const int TagSize = 16;

    /// <summary>Size of a full encrypted chunk.</summary>
    public const int EncryptedChunkSize = ChunkSize + TagSize;

    /// <summary>Columns of a full stanza body line.</summary>
    public const int BodyLineColumns = 64;

    /// <summary>Size of the header MAC (HMAC-SHA-256).</summary>
    public const int MacSize = 32;

    /// <summary>Longest header line accepted; post-quantum stanzas carry arguments of about 1.5 KB.</summary>
    public const int MaxLineLength = 8 * 1024;

    /// <summary>Largest header accepted, so a hostile file cannot make the reader buffer without bound.</summary>
    public const int MaxHeaderSize = 1024 * 1024;
}
