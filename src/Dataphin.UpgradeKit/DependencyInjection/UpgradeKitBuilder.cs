using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dataphin.UpgradeKit.DependencyInjection;

/// <summary>
/// Chooses the store after <see cref="Microsoft.Extensions.DependencyInjection.UpgradeKitServiceCollectionExtensions.AddUpgradeKit"/>. Exactly one store must
/// be chosen: a host that names none gets a start-up error, never a volatile store it did not ask for.
/// </summary>
public sealed class UpgradeKitBuilder
{
    internal UpgradeKitBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>The service collection, for store packages' extension methods.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Uses <paramref name="factory"/>'s store for everything (a singleton).</summary>
    /// <exception cref="InvalidOperationException">A store was already chosen.</exception>
    public UpgradeKitBuilder UseStore<TStore>(Func<IServiceProvider, TStore> factory)
        where TStore : class, IUpgradeStore
    {
        Guard.NotNull(factory);
        if (Services.Any(d => d.ServiceType == typeof(IUpgradeStore)))
        {
            throw new InvalidOperationException("An upgrade store was already chosen for UpgradeKit; choose exactly one.");
        }

        // One singleton, registered as IUpgradeStore; the concrete type forwards to it (when it is not IUpgradeStore
        // itself: forwarding a service to itself would make the container wait on its own lock forever).
        Services.AddSingleton<IUpgradeStore>(sp => factory(sp) ?? throw new InvalidOperationException("The upgrade store factory returned null."));
        if (typeof(TStore) != typeof(IUpgradeStore))
        {
            Services.AddSingleton(sp => (TStore)sp.GetRequiredService<IUpgradeStore>());
        }

        Services.TryAddSingleton<IUpgradeRecordStore>(sp => sp.GetRequiredService<IUpgradeStore>());
        Services.TryAddSingleton<IAuditTrail>(sp => sp.GetRequiredService<IUpgradeStore>());
        Services.TryAddSingleton<INotificationOutbox>(sp => sp.GetRequiredService<IUpgradeStore>());
        Services.TryAddSingleton<ITimelineEventStore>(sp => sp.GetRequiredService<IUpgradeStore>());
        return this;
    }

    /// <summary>Keeps everything in process memory: records are lost when the host stops. For tests and demos.</summary>
    public UpgradeKitBuilder UseInMemory() => UseStore(_ => new InMemoryUpgradeStore());
}
