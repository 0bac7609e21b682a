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

public static class CctvClassifier
{
    public static CctvScope Classify(CctvVector vector)
    {
        if (vector.Armored)
        {
            return CctvScope.OutOfScopeArmor;
        }

        if (vector.Passphrases.Count > 0)
        {
            return CctvScope.Scrypt;
        }

        var recipientSpecific = vector.Expect == "no match"
            || (vector.Expect == "header failure" && (vector.Name.StartsWith("x25519", StringComparison.Ordinal) || vector.Name.StartsWith("hybrid", StringComparison.Ordinal)));
        return recipientSpecific ? CctvScope.OutOfScopeRecipient : CctvScope.FileKey;
    }
}
