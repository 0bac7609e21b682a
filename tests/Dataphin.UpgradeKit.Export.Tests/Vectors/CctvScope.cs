namespace Dataphin.UpgradeKit.Export.Tests.Vectors;

/// <summary>Which CCTV vectors this implementation runs, and how.</summary>
public enum CctvScope
{
    /// <summary>Passphrase vector, binary or armored: decrypted end to end with its passphrase.</summary>
    Scrypt,

    /// <summary>Format vector for another recipient type whose outcome depends only on armor, header framing, MAC and STREAM: run with its file key.</summary>
    FileKey,

    /// <summary>Outcome decided by X25519 or ML-KEM recipient rules (no match, share checks): out of scope.</summary>
    OutOfScopeRecipient,
}
