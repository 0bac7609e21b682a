namespace Dataphin.UpgradeKit.Protection;

/// <summary>
/// Protects the bytes of saved configuration files while they are at rest in a store. The host supplies
/// one (the <c>Dataphin.UpgradeKit.DataProtection</c> package adapts ASP.NET Core Data Protection); the SDK protects
/// a configuration before a store writes it and unprotects it after a store reads it, through
/// <see cref="Storage.ConfigurationProtectingStore"/>, only when a configuration is saved or downloaded. Implementations must be thread-safe, must give bytes that only
/// they can unprotect, and must detect any change to those bytes (authenticated encryption).
/// </summary>
public interface IConfigurationProtector
{
    /// <summary>Returns the protected form of <paramref name="content"/>.</summary>
    /// <param name="content">The configuration file's bytes; not kept.</param>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The content cannot be protected (for example no key is available).</exception>
    byte[] Protect(ReadOnlySpan<byte> content);

    /// <summary>Returns the configuration file's bytes from a form <see cref="Protect"/> gave.</summary>
    /// <param name="protectedContent">What <see cref="Protect"/> returned, possibly under a key since rotated out of use.</param>
    /// <exception cref="System.Security.Cryptography.CryptographicException">
    /// The bytes were changed, or were protected under a key this protector does not have (or under another purpose).
    /// </exception>
    byte[] Unprotect(ReadOnlySpan<byte> protectedContent);
}
