using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Protection;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dataphin.UpgradeKit.DependencyInjection;

/// <summary>
/// Chooses the store after <c>AddUpgradeKit</c>. Exactly one store must
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

    /// <summary>
    /// Uses <paramref name="factory"/>'s store for everything (a singleton). When the host registers an
    /// <see cref="IConfigurationProtector"/>, <see cref="IUpgradeStore"/> resolves to that store behind a
    /// <see cref="ConfigurationProtectingStore"/>, and <typeparamref name="TStore"/> to the store itself.
    /// </summary>
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
        // A registered IConfigurationProtector puts the store behind ConfigurationProtectingStore (R-SEC-6).
        Services.AddSingleton<IUpgradeStore>(sp => ConfigurationProtectingStore.Over(
            factory(sp) ?? throw new InvalidOperationException("The upgrade store factory returned null."), sp.GetService<IConfigurationProtector>()));
        if (typeof(TStore) != typeof(IUpgradeStore))
        {
            Services.AddSingleton(sp => (TStore)ConfigurationProtectingStore.Unwrap(sp.GetRequiredService<IUpgradeStore>()));
        }

        Services.TryAddSingleton<IUpgradeRecordStore>(sp => sp.GetRequiredService<IUpgradeStore>());
        Services.TryAddSingleton<IAuditTrail>(sp => sp.GetRequiredService<IUpgradeStore>());
        Services.TryAddSingleton<INotificationOutbox>(sp => sp.GetRequiredService<IUpgradeStore>());
        Services.TryAddSingleton<ITimelineEventStore>(sp => sp.GetRequiredService<IUpgradeStore>());
        Services.TryAddSingleton<IConfigurationContentStore>(sp => sp.GetRequiredService<IUpgradeStore>());
        return this;
    }

    /// <summary>Keeps everything in process memory: records are lost when the host stops. For tests and demos.</summary>
    public UpgradeKitBuilder UseInMemory() => UseStore(_ => new InMemoryUpgradeStore());

    /// <summary>
    /// Keeps everything in process memory, with the store's <see cref="InMemoryUpgradeStoreOptions"/> bound from
    /// <paramref name="configuration"/> (e.g. the section <c>UpgradeKit:InMemory</c>: <c>{ "MaxFinishedRecords": 10000 }</c>).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="configuration"/> is null.</exception>
    /// <exception cref="ArgumentException">A value cannot be read or is invalid; the message names its configuration key.</exception>
    /// <exception cref="InvalidOperationException">A store was already chosen.</exception>
    public UpgradeKitBuilder UseInMemory(IConfiguration configuration)
    {
        Guard.NotNull(configuration);
        var options = ReadInMemoryOptions(configuration);
        return UseStore(_ => new InMemoryUpgradeStore(options));
    }

    /// <summary>The in-memory store's options as <paramref name="configuration"/> sets them; throws listing every problem under its key.</summary>
    internal static InMemoryUpgradeStoreOptions ReadInMemoryOptions(IConfiguration configuration)
    {
        var problems = new List<string>();
        var section = new OptionsSection(configuration, problems);
        var options = new InMemoryUpgradeStoreOptions();
        section.NullableInt32(nameof(InMemoryUpgradeStoreOptions.MaxFinishedRecords), v => options.MaxFinishedRecords = v);
        problems.AddRange(options.Problems().Select(p => OptionsSection.NameKey(p, section.Path)));
        OptionsSection.ThrowIfAny(problems, "Invalid in-memory upgrade store options:");
        return options;
    }
}
