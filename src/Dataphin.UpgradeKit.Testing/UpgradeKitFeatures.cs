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
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Dataphin.UpgradeKit.Testing;

/// <summary>
/// Every feature type of the SDK over one store, clock and set of options, as <c>AddUpgradeKit()</c> wires them: the
/// contract's way to drive commands, host reports, queries, watches and delivery together without a container.
/// </summary>
internal sealed class UpgradeKitFeatures
{
    /// <summary>Builds every feature type over <paramref name="store"/>; <paramref name="logger"/> receives the lines of all of them.</summary>
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

    /// <summary>The operator's commands.</summary>
    public UpgradeCommands Commands { get; }

    /// <summary>What the host reports.</summary>
    public UpgradeHostReports HostReports { get; }

    /// <summary>The read side.</summary>
    public UpgradeQueries Queries { get; }

    /// <summary>The live watches.</summary>
    public UpgradeWatches Watches { get; }

    /// <summary>The outbox's delivery and dead letters.</summary>
    public NotificationDelivery Delivery { get; }

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
