namespace Dataphin.UpgradeKit.Auditing;

/// <summary>Whether an audited request was carried out.</summary>
public enum AuditOutcome
{
    /// <summary>The change was stored.</summary>
    Accepted = 1,

    /// <summary>The request was well formed but refused; the record is unchanged.</summary>
    Refused = 2,
}
