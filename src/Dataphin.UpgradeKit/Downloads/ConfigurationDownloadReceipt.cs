using NodaTime;

namespace Dataphin.UpgradeKit.Downloads;

/// <summary>What the audit trail recorded for one configuration download.</summary>
/// <param name="RecordId">The record.</param>
/// <param name="FileName">The configuration file's name.</param>
/// <param name="EncryptedSha256">The lower-case hex SHA-256 of the encrypted file handed out.</param>
/// <param name="At">When.</param>
/// <param name="Actor">Who downloaded it.</param>
public sealed record ConfigurationDownloadReceipt(UpgradeRecordId RecordId, string FileName, string EncryptedSha256, Instant At, string Actor);
