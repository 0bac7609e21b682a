namespace Dataphin.UpgradeKit.Downloads;

/// <summary>
/// Encrypts one configuration download. The SDK's implementation lives in the
/// <c>Dataphin.UpgradeKit.Export</c> package (age v1 under a one-time password); this interface keeps that
/// package's cryptographic dependency out of the core.
/// </summary>
public interface IConfigurationEncryptor
{
    /// <summary>
    /// Writes <paramref name="configuration"/>, encrypted, to <paramref name="destination"/> and returns the lower-case
    /// hex SHA-256 of the bytes written; that hash, never the password, goes into the audit trail.
    /// </summary>
    string Encrypt(ConfigurationFile configuration, Stream destination);
}
