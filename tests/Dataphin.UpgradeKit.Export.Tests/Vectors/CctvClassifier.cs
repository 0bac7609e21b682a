namespace Dataphin.UpgradeKit.Export.Tests.Vectors;

/// <summary>Sorts the CCTV vectors into what this implementation runs and what is out of scope.</summary>
public static class CctvClassifier
{
    public static CctvScope Classify(CctvVector vector)
    {
        if (vector.Passphrases.Count > 0)
        {
            return CctvScope.Scrypt;
        }

        var recipientSpecific = vector.Expect == "no match"
            || (vector.Expect == "header failure" && (vector.Name.StartsWith("x25519", StringComparison.Ordinal) || vector.Name.StartsWith("hybrid", StringComparison.Ordinal)));
        return recipientSpecific ? CctvScope.OutOfScopeRecipient : CctvScope.FileKey;
    }
}
