using System.Diagnostics.Metrics;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Delivery;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.Live;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Queries;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Dataphin.UpgradeKit.DependencyInjection;

/// <summary>
/// The SDK's feature types over one store, clock and set of options, wired as <c>AddUpgradeKit()</c> wires them: for
/// a tool, a test or a script that drives commands, host reports, queries, watches and notification delivery together
/// without a container, or that takes them all from one.
/// </summary>
/// <remarks>
/// A host with a container injects the feature types it uses (<see cref="UpgradeCommands"/>,
/// <see cref="UpgradeQueries"/>, …), each registered by <c>AddUpgradeKit()</c>; this bundle is not registered, so that
/// a class asks for what it needs rather than for everything. Build one with the constructor, or take the registered
/// ones with <see cref="From"/>.
/// </remarks>
public sealed class UpgradeKitFeatures
{
    /// <summary>Builds every feature type over <paramref name="store"/>.</summary>
    /// <param name="store">The store all of them use.</param>
    /// <param name="clock">The clock that stamps every change.</param>
    /// <param name="qualification">Who may act on upgrades that need a qualified operator; null for the default.</param>
    /// <param name="notificationHandler">Where delivery hands notifications; null to leave them in the outbox.</param>
    /// <param name="options">The rules and texts; null for the defaults.</param>
    /// <param name="logger">Receives the log lines of all of them; null for none.</param>
    /// <param name="meterFactory">Creates their meters; null for the shared ones.</param>
    /// <param name="policy">Decides which actions are offered; null for the lifecycle's own rules.</param>
    /// <param name="texts">The texts shown to operators; null for the SDK's own.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> or <paramref name="clock"/> is null.</exception>
    public UpgradeKitFeatures(
        IUpgradeStore store,
        IClock clock,
        IOperatorQualification? qualification = null,
        IUpgradeNotificationHandler? notificationHandler = null,
        UpgradeKitOptions? options = null,
        ILogger? logger = null,
        IMeterFactory? meterFactory = null,
        IActionEligibilityPolicy? policy = null,
        UpgradeKitTexts? texts = null)
    {
        Commands = new UpgradeCommands(store, clock, qualification, options, Typed<UpgradeCommands>(logger), meterFactory, policy, texts);
        HostReports = new UpgradeHostReports(store, clock, options, Typed<UpgradeHostReports>(logger), meterFactory, texts);
        Queries = new UpgradeQueries(store, clock, qualification, options, Typed<UpgradeQueries>(logger), meterFactory, policy, texts);
        Watches = new UpgradeWatches(store, qualification, options, Typed<UpgradeWatches>(logger), policy, texts);
        Delivery = new NotificationDelivery(store, clock, notificationHandler, options, Typed<NotificationDelivery>(logger), meterFactory);
    }

    private UpgradeKitFeatures(IServiceProvider services)
    {
        Commands = services.GetRequiredService<UpgradeCommands>();
        HostReports = services.GetRequiredService<UpgradeHostReports>();
        Queries = services.GetRequiredService<UpgradeQueries>();
        Watches = services.GetRequiredService<UpgradeWatches>();
        Delivery = services.GetRequiredService<NotificationDelivery>();
    }

    /// <summary>The operator's commands.</summary>
    public UpgradeCommands Commands { get; }

    /// <summary>What the host reports: starts, progress, steps, failures, timeline events.</summary>
    public UpgradeHostReports HostReports { get; }

    /// <summary>The read side: records, list rows, View log, timeline, audit trail, download.</summary>
    public UpgradeQueries Queries { get; }

    /// <summary>The live watches of a record or of the list.</summary>
    public UpgradeWatches Watches { get; }

    /// <summary>The outbox's delivery, dead letters and redrive.</summary>
    public NotificationDelivery Delivery { get; }

    /// <summary>The feature types a container resolves, after <c>AddUpgradeKit()</c> and a store were registered.</summary>
    /// <param name="services">The container.</param>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    /// <exception cref="InvalidOperationException">A feature type is not registered.</exception>
    public static UpgradeKitFeatures From(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return new UpgradeKitFeatures(services);
    }

    private static ILogger<T>? Typed<T>(ILogger? logger) => logger switch
    {
        null => null,
        ILogger<T> typed => typed,
        _ => new TypedLogger<T>(logger),
    };

    private sealed class TypedLogger<T>(ILogger inner) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
