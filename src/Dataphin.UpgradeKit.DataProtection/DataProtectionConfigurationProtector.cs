using Dataphin.UpgradeKit.Protection;
using Microsoft.AspNetCore.DataProtection;

namespace Dataphin.UpgradeKit.DataProtection;

/// <summary>
/// An <see cref="IConfigurationProtector"/> over ASP.NET Core Data Protection: configuration bytes are
/// protected by an <see cref="IDataProtector"/> for <see cref="Purpose"/>, under the host's key ring. The key ring
/// rotates keys by itself (every 90 days by default) and keeps retired keys for unprotecting, so a configuration saved
/// under an older key still opens; revoking or losing a key makes what it protected unreadable, by design.
/// Thread-safe.
/// </summary>
public sealed class DataProtectionConfigurationProtector : IConfigurationProtector
{
    /// <summary>The purpose used when none is given. Configurations protected under one purpose do not open under another.</summary>
    public const string DefaultPurpose = "Dataphin.UpgradeKit.ConfigurationFiles.v1";

    private readonly IDataProtector _protector;

    /// <summary>Creates the protector.</summary>
    /// <param name="provider">The host's Data Protection provider (<c>services.AddDataProtection()</c>).</param>
    /// <param name="purpose">The purpose string isolating these payloads from the host's other uses of the key ring.</param>
    /// <exception cref="ArgumentNullException"><paramref name="provider"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="purpose"/> is empty.</exception>
    public DataProtectionConfigurationProtector(IDataProtectionProvider provider, string purpose = DefaultPurpose)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        Purpose = purpose;
        _protector = provider.CreateProtector(purpose);
    }

    /// <summary>The purpose string of the payloads.</summary>
    public string Purpose { get; }

    /// <inheritdoc />
    public byte[] Protect(ReadOnlySpan<byte> content) => _protector.Protect(content.ToArray());

    /// <inheritdoc />
    public byte[] Unprotect(ReadOnlySpan<byte> protectedContent) => _protector.Unprotect(protectedContent.ToArray());
}
