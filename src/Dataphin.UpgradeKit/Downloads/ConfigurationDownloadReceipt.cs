using NodaTime;

namespace Dataphin.UpgradeKit.Downloads;

/// <summary>What the audit trail recorded for one configuration download.</summary>
public sealed record ConfigurationDownloadReceipt
{
    /// <summary>The record.</summary>
    public required UpgradeRecordId RecordId { get; init; }

    /// <summary>The configuration file's name.</summary>
    public required string FileName { get; init; }

    /// <summary>The lower-case hex SHA-256 of the encrypted file handed out.</summary>
    public required string EncryptedSha256 { get; init; }

    /// <summary>When.</summary>
    public required Instant At { get; init; }

    /// <summary>Who downloaded it.</summary>
    public required string Actor { get; init; }
}
