using System.Security.Cryptography;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Protection;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// An <see cref="IUpgradeStore"/> that keeps saved configuration files protected at rest in the store it wraps
///: the content a change saves is protected by an <see cref="IConfigurationProtector"/> before the inner
/// store writes it, and the content a download reads is unprotected after the inner store returns it. Nothing else
/// touches the protector: finding, listing and watching records, and every change that saves no configuration, pass
/// through unchanged, in the inner store's transactions. The registration puts it in front of the chosen store when
/// the host registers an <see cref="IConfigurationProtector"/>; a host that builds the feature types itself
/// (<c>UpgradeCommands</c> and the others) wraps its store with it.
/// </summary>
/// <remarks>
/// <para>
/// A store written before protection was enabled stays readable: a configuration without the protected form's
/// marker is returned as it is stored, and is protected the next time a configuration is saved for its record. The
/// file name and the save time stay readable in the store (the list and the log show them); only the bytes are
/// protected.
/// </para>
/// <para>
/// Thread-safe when the inner store and the protector are. Disposing it disposes the inner store.
/// </para>
/// </remarks>
public sealed class ConfigurationProtectingStore : DelegatingUpgradeStore
{
    private readonly IConfigurationProtector _protector;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ConfigurationProtectingStore(IUpgradeStore inner, IConfigurationProtector protector)
        : base(inner)
    {
        _protector = Guard.NotNull(protector);
    }

    /// <summary>The wrapped store, which holds configurations in their protected form.</summary>
    public IUpgradeStore Inner => InnerStore;

    /// <inheritdoc />
    /// <exception cref="CryptographicException">The protector cannot protect the configuration; nothing was written.</exception>
    public override Task InsertAsync(UpgradeRecord record, RecordChange change, CancellationToken cancellationToken = default) =>
        InnerStore.InsertAsync(record, Seal(change), cancellationToken);

    /// <inheritdoc />
    /// <exception cref="CryptographicException">The protector cannot protect the configuration; nothing was written.</exception>
    public override Task UpdateAsync(UpgradeRecord record, long expectedVersion, RecordChange change, CancellationToken cancellationToken = default) =>
        InnerStore.UpdateAsync(record, expectedVersion, Seal(change), cancellationToken);

    /// <inheritdoc />
    /// <exception cref="CryptographicException">The protector cannot protect the configuration; nothing was written.</exception>
    public override Task<UpgradeRecord> InsertOrGetAsync(UpgradeRecord record, string idempotencyKey, RecordChange change,
        CancellationToken cancellationToken = default) =>
        InnerStore.InsertOrGetAsync(record, idempotencyKey, Seal(change), cancellationToken);

    /// <inheritdoc />
    /// <exception cref="ConfigurationProtectionException">The stored configuration cannot be unprotected.</exception>
    public override async ValueTask<ConfigurationFile?> ReadConfigurationAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default)
    {
        var stored = await InnerStore.ReadConfigurationAsync(recordId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        try
        {
            return new ConfigurationFile(stored.FileName, ProtectedContent.Open(_protector, stored.Content), stored.SavedAt);
        }
        catch (CryptographicException ex)
        {
            throw new ConfigurationProtectionException(recordId, ex);
        }
    }

    // The registration's hook: the chosen store, behind protection when the host registered a protector.
    internal static IUpgradeStore Over(IUpgradeStore store, IConfigurationProtector? protector) =>
        protector is null ? store : new ConfigurationProtectingStore(store, protector);

    // The store the host chose, for hosts that resolve it by its own type.
    internal static IUpgradeStore Unwrap(IUpgradeStore store) => store is ConfigurationProtectingStore protecting ? protecting.Inner : store;

    private RecordChange Seal(RecordChange change) => Guard.NotNull(change).Configuration is not { } file
        ? change
        : change with { Configuration = new ConfigurationFile(file.FileName, ProtectedContent.Seal(_protector, file.Content.Span), file.SavedAt) };
}
