using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using System.Text.RegularExpressions;
using Dataphin.UpgradeKit.AspNetCore.Problems;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Diagnostics;
using Dataphin.UpgradeKit.Export;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.PostgreSql;
using Dataphin.UpgradeKit.Sqlite;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.Logging;
using NodaTime;
using Xunit;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Packaging.Tests.Docs;

/// <summary>
/// docs/observability.md is true (issue 16 item 5): its log events are the <c>[LoggerMessage]</c> declarations of
/// every package, their categories are loggers the packages create, and its instruments, tags, spans and attributes
/// are what the core publishes while it serves accepted, refused and conflicting requests.
/// </summary>
public sealed partial class ObservabilityDocTests
{
    private static readonly Assembly[] Packages =
    [
        typeof(Dataphin.UpgradeKit.Commands.UpgradeCommands).Assembly, typeof(ConfigurationDecryptor).Assembly, typeof(SqliteUpgradeStore).Assembly,
        typeof(PostgreSqlUpgradeStore).Assembly, typeof(UpgradeProblemTypes).Assembly,
    ];

    private static readonly string Doc = File.ReadAllText(Path.Combine(Repository.Root, "docs", "observability.md"));

    [Fact]
    public void LogEvents_Table_IsEveryLoggerMessageOfEveryPackage()
    {
        var declared = Packages
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .Select(a => $"{a.EventId} | {a.Level} | {a.Message}")
            .Order(StringComparer.Ordinal)
            .ToList();
        var documented = Rows("Log events").Select(r => $"{r[0]} | {r[1]} | {r[3]}").Order(StringComparer.Ordinal).ToList();

        Assert.NotEmpty(declared);
        Assert.Equal(declared, documented);
    }

    [Fact]
    public void LogEvents_EveryPackageDeclaringOne_IsReadByTheTest()
    {
        // A new package with log lines must be added to Packages above, or its events would go unchecked.
        var withLogs = Directory.GetDirectories(Path.Combine(Repository.Root, "src"))
            .Where(d => Directory.GetFiles(d, "*.cs", SearchOption.AllDirectories).Any(f => File.ReadAllText(f).Contains("[LoggerMessage", StringComparison.Ordinal)))
            .Select(Path.GetFileName);
        Assert.Subset(Packages.Select(a => a.GetName().Name).ToHashSet(), withLogs.ToHashSet());
    }

    [Fact]
    public void LogCategories_EachEventsCategory_IsALoggerItsPackageCreates()
    {
        var events = Rows("Log events").ToDictionary(r => int.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture), r => Unquote(r[2]));
        var problems = new List<string>();
        foreach (var method in Packages.SelectMany(a => a.GetTypes()).SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)))
        {
            if (method.GetCustomAttribute<LoggerMessageAttribute>() is { } log && events.TryGetValue(log.EventId, out var category)
                && !CategoriesCreatedBy(method.DeclaringType!.Assembly).Contains(category))
            {
                problems.Add($"event {log.EventId}: {category} is not a logger category {method.DeclaringType.Assembly.GetName().Name} creates");
            }
        }

        Assert.Empty(problems);
        var everyCategory = events.Values.Concat(Rows("Store log events").Select(r => Unquote(r[2]))).ToHashSet();
        Assert.Equal(everyCategory, Rows("Log categories").Select(r => Unquote(r[0])).ToHashSet());
    }

    [Fact]
    public async Task Metrics_Table_IsWhatTheServicePublishesWhileServingRequests()
    {
        // The service's meter comes from this test's own factory, and only its instruments are observed: other tests of
        // the process create services (and stall checks) on the shared meter of the same name at the same time.
        using var meters = new OwnMeterFactory();
        var instruments = new ConcurrentDictionary<string, (Instrument Instrument, ConcurrentDictionary<string, bool> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    Assert.Equal(UpgradeKitDiagnostics.MeterName, instrument.Meter.Name);
                    instruments.TryAdd(instrument.Name, (instrument, new()));
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, _, tags, _) => Record(i, tags));
        listener.SetMeasurementEventCallback<double>((i, _, tags, _) => Record(i, tags));
        listener.Start();

        await ServeAcceptedRefusedAndConflictingRequestsAsync(meters);

        var observed = instruments.Values
            .Select(x => $"{x.Instrument.Name} | {Kind(x.Instrument)} | {x.Instrument.Unit} | {string.Join(", ", x.Tags.Keys.Order(StringComparer.Ordinal))}")
            .Order(StringComparer.Ordinal);
        var documented = Rows("Metrics")
            .Select(r => $"{Unquote(r[0])} | {r[1]} | {Unquote(r[2])} | {string.Join(", ", r[3].Split(',').Select(t => Unquote(t.Trim())).Order(StringComparer.Ordinal))}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(documented, observed);

        void Record(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (instruments.TryGetValue(instrument.Name, out var entry))
            {
                foreach (var tag in tags)
                {
                    entry.Tags.TryAdd(tag.Key, true);
                }
            }
        }
    }

    [Fact]
    public async Task Traces_SpanNamesAndAttributes_AreWhatTheServiceEmits()
    {
        var names = new ConcurrentDictionary<string, bool>();
        var attributes = new ConcurrentDictionary<string, bool>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == UpgradeKitDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                names.TryAdd(a.OperationName, true);
                foreach (var tag in a.TagObjects)
                {
                    attributes.TryAdd(tag.Key, true);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await ServeAcceptedRefusedAndConflictingRequestsAsync();

        var operations = Enum.GetNames<UpgradeOperation>().Select(n => "upgradekit." + n).ToHashSet();
        Assert.NotEmpty(names);
        Assert.All(names.Keys, n => Assert.Contains(n, operations));
        Assert.Contains("upgradekit.<operation>", Section("Traces"), StringComparison.Ordinal);
        Assert.Equal(Rows("Traces").Select(r => Unquote(r[0])).ToHashSet(), attributes.Keys.ToHashSet());
    }

    /// <summary>A full upgrade to success with maintenance mode, a refused request, and a stale-version conflict.</summary>
    private static async Task ServeAcceptedRefusedAndConflictingRequestsAsync(IMeterFactory? meterFactory = null)
    {
        // A handler that always fails and one attempt allowed: the completion's notification is dead-lettered (R-DLV-4).
        // The clock moves a minute per reading, so the lease is long enough for the whole pass to hand its batch over.
        var service = new UpgradeKitFeatures(new InMemoryUpgradeStore(), new TickingClock(), notificationHandler: new FailingHandler(),
            options: new UpgradeKitOptions { Delivery = { MaxAttempts = 1, LeaseDuration = Duration.FromDays(1) } }, meterFactory: meterFactory);
        var me = new OperatorIdentity("observer");
        var request = new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("V5.0.0"), InitialVersion = ProductVersion.Parse("V4.0.0"),
            Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.DoNotUpgrade,
        };

        var done = await service.Commands.CreateAsync(request, me);
        await service.Commands.SaveConfigurationAsync(done.Id, new ConfigurationFile("c.yaml", "x"u8.ToArray(), Instant.FromUnixTimeSeconds(0)), me);
        await service.HostReports.StartAsync(done.Id);
        await service.HostReports.MarkStepsCompletedAsync(done.Id);
        await service.HostReports.ExitMaintenanceModeAsync(done.Id);
        await service.Commands.CompleteAsync(done.Id, me);
        await Assert.ThrowsAsync<OperationNotPermittedException>(() => service.Commands.CompleteAsync(done.Id, me));

        var stale = await service.Commands.CreateAsync(request, me);
        await service.Commands.SaveConfigurationAsync(stale.Id, new ConfigurationFile("c.yaml", "x"u8.ToArray(), Instant.FromUnixTimeSeconds(0)), me);
        var running = await service.HostReports.StartAsync(stale.Id);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => service.Commands.StopAsync(stale.Id, me, new StopOptions(false), running.Version - 1));
        await service.Delivery.DeliverPendingNotificationsAsync();
    }

    /// <summary>A host's meter factory: every meter it creates is new and names this factory as its scope.</summary>
    private sealed class OwnMeterFactory : IMeterFactory
    {
        private readonly ConcurrentBag<Meter> _created = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
            _created.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in _created)
            {
                meter.Dispose();
            }
        }
    }

    private sealed class FailingHandler : Dataphin.UpgradeKit.Notifications.IUpgradeNotificationHandler
    {
        public Task HandleAsync(Dataphin.UpgradeKit.Notifications.UpgradeNotification notification, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The host is down (simulated).");
    }

    private static string Kind(Instrument instrument) => instrument switch
    {
        Counter<long> => "counter (long)",
        Histogram<double> => "histogram (double)",
        _ => instrument.GetType().Name,
    };

    private static HashSet<string> CategoriesCreatedBy(Assembly assembly)
    {
        // ILogger<T> taken by a public constructor: the category is T's full name.
        var typed = assembly.GetTypes()
            .SelectMany(t => t.GetConstructors())
            .SelectMany(c => c.GetParameters())
            .Select(p => p.ParameterType)
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(ILogger<>))
            .Select(t => t.GetGenericArguments()[0].FullName!);

        // CreateLogger("...") with a literal in the package's sources.
        var folder = Path.Combine(Repository.Root, "src", assembly.GetName().Name!);
        var named = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => CreateLoggerLiteral().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value));
        return [.. typed, .. named];
    }

    /// <summary>The text of the section under <c>## {heading}</c>, up to the next heading of that level.</summary>
    private static string Section(string heading)
    {
        var start = Doc.IndexOf("\n## " + heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/observability.md has no section '## {heading}'");
        var end = Doc.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? Doc[start..] : Doc[start..end];
    }

    /// <summary>The body rows of the first table of a section, cells trimmed.</summary>
    private static List<string[]> Rows(string heading) =>
        [.. Section(heading).Split('\n')
            .Where(l => l.StartsWith('|'))
            .Skip(2)
            .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray())];

    private static string Unquote(string cell) => cell.Trim().Trim('`');

    [GeneratedRegex("CreateLogger\\(\"([^\"]+)\"\\)")]
    private static partial Regex CreateLoggerLiteral();

    /// <summary>A clock that moves a minute on every reading, so every duration recorded is positive.</summary>
    private sealed class TickingClock : IClock
    {
        private Instant _now = Instant.FromUtc(2026, 12, 1, 0, 0);

        public Instant GetCurrentInstant() => _now = _now + Duration.FromMinutes(1);
    }
}
