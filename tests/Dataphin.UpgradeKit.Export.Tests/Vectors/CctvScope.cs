namespace Dataphin.UpgradeKit.Export.Tests.Vectors;

/// <summary>Which CCTV vectors this implementation runs, and how.</summary>
public enum CctvScope
{
    /// <summary>Passphrase vector: decrypted end to end with its passphrase.</summary>
    Scrypt,

    /// <summary>Format vector for another recipient type whose outcome depends only on header framing, MAC and STREAM: run with its file key.</summary>
    FileKey,

    /// <summary>ASCII armor: not supported by this reader (out of scope).</summary>
    OutOfScopeArmor,

    /// <summary>Outcome decided by X25519 or ML-KEM recipient rules (no match, share checks): out of scope.</summary>
    OutOfScopeRecipient,
}
