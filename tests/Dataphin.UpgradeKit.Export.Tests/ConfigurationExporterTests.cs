using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Diagnostics;
using Dataphin.UpgradeKit.Export;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;
using Xunit;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Export.Tests;

public sealed partial class ConfigurationExporterTests : IDisposable
{
    private const string SecretConfiguration = "database.password: s3cr3t-Pa55w0rd-in-config\ncluster: prod-east\n";
    private static readonly OperatorIdentity Alice = new("alice");
    private static readonly OperatorIdentity Olga = new("olga", roles: [RoleOperatorQualification.DefaultRole]);

    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 11, 25, 8, 0));
    private readonly InMemoryUpgradeStore _store = new();
    private readonly CapturingLogger _logger = new();
    private readonly ConcurrentBag<Activity> _spans = [];
    private readonly ActivityListener _listener;
    private readonly UpgradeKitFeatures _service;
    private readonly ConfigurationExporter _exporter;

    public ConfigurationExporterTests()
    {
        // Records reach their statuses the short way: one engineer force-stops alone (not the two-person rule, R-GOV-2).
        _service = new UpgradeKitFeatures(_store, _clock, logger: _logger, options: new UpgradeKitOptions { Rules = { ApprovalRequiredFor = [] } });
        _exporter = new ConfigurationExporter(_service.Queries);
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == UpgradeKitDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Add,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    private async Task<UpgradeRecord> RecordAsync(UpgradeStatus status, bool saveConfiguration = true)
    {
        var record = await _service.Commands.CreateAsync(new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("V5.1.2"), InitialVersion = ProductVersion.Parse("V4.3.0"),
            Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        }, Alice);
        if (saveConfiguration)
        {
            await _service.Commands.SaveConfigurationAsync(record.Id, new ConfigurationFile("upgrade.yaml", Encoding.UTF8.GetBytes(SecretConfiguration), _clock.GetCurrentInstant()), Alice);
        }

        if (status == UpgradeStatus.Canceled)
        {
            return (await _service.Commands.CancelAsync(record.Id, Alice)).Record!;
        }

        record = await _service.HostReports.StartAsync(record.Id);
        _clock.Advance(Duration.FromMinutes(5));
        return status switch
        {
            UpgradeStatus.Upgrading => record,
            UpgradeStatus.Failed => await _service.HostReports.MarkFailedAsync(record.Id),
            UpgradeStatus.Stopped => await _service.Commands.StopAsync(record.Id, Alice, new StopOptions(true)),
            UpgradeStatus.ForceStoppedFailed => await _service.Commands.ForceStopAsync(record.Id, Olga, new ForceStopRequest(ForceStopResult.Failed, true) { Reason = OperatorReason.Parse("finished by hand") }),
            UpgradeStatus.Succeeded => await _service.Commands.CompleteAsync((await _service.HostReports.MarkStepsCompletedAsync(record.Id)).Id, Alice),
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
    }

    [Theory]
    [InlineData(UpgradeStatus.Succeeded)]
    [InlineData(UpgradeStatus.Stopped)]
    [InlineData(UpgradeStatus.ForceStoppedFailed)]
    public async Task Export_WhereViewLogIsOffered_DecryptsWithThePasswordAndIsAudited_R_CFG_1_R_CFG_5(UpgradeStatus status)
    {
        var record = await RecordAsync(status);
        using var file = new MemoryStream();

        using var export = await _exporter.ExportAsync(record.Id, Alice, file);

        Assert.Equal(SecretConfiguration, Encoding.UTF8.GetString(ConfigurationDecryptor.Decrypt(file.ToArray(), export.Password.Reveal())));
        Assert.Equal("upgrade.yaml.age", export.DownloadFileName);
        Assert.Equal(file.Length, export.Length);
        var audit = (await _service.Queries.GetAuditTrailAsync(record.Id))[^1];
        Assert.Equal((UpgradeOperation.DownloadConfiguration, AuditOutcome.Accepted, "alice", _clock.GetCurrentInstant()), (audit.Operation, audit.Outcome, audit.Actor, audit.At));
        Assert.Equal("upgrade.yaml", audit.Options["fileName"]);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file.ToArray())), audit.Options["encryptedSha256"]);
        Assert.Equal(audit.Options["encryptedSha256"], export.Receipt.EncryptedSha256);
        Assert.Equal(record.Version, (await _service.Queries.GetAsync(record.Id)).Version);
    }

    [Fact]
    public async Task Export_Twice_GivesDifferentPasswordsAndFiles_BothAudited_R_CFG_2()
    {
        var record = await RecordAsync(UpgradeStatus.Succeeded);
        using var first = new MemoryStream();
        using var second = new MemoryStream();

        using var a = await _exporter.ExportAsync(record.Id, Alice, first);
        using var b = await _exporter.ExportAsync(record.Id, Alice, second);

        Assert.NotEqual(a.Password.Reveal(), b.Password.Reveal());
        Assert.NotEqual(first.ToArray(), second.ToArray());
        Assert.Equal(2, (await _service.Queries.GetAuditTrailAsync(record.Id)).Count(e => e.Operation == UpgradeOperation.DownloadConfiguration));
    }

    [Theory]
    [InlineData(UpgradeStatus.Upgrading)]
    [InlineData(UpgradeStatus.Failed)]
    [InlineData(UpgradeStatus.Canceled)]
    public async Task Export_WhereViewLogIsNotOffered_IsRefusedAuditedAndWritesNothing(UpgradeStatus status)
    {
        var record = await RecordAsync(status);
        using var file = new MemoryStream();

        var ex = await Assert.ThrowsAsync<OperationNotPermittedException>(() => _exporter.ExportAsync(record.Id, Alice, file));

        Assert.Equal(ActionReasonCode.StatusNotEligible, ex.Reason);
        Assert.Equal(0, file.Length);
        var audit = (await _service.Queries.GetAuditTrailAsync(record.Id))[^1];
        Assert.Equal((UpgradeOperation.DownloadConfiguration, AuditOutcome.Refused), (audit.Operation, audit.Outcome));
    }

    [Fact]
    public async Task Export_WithoutSavedConfiguration_IsRefusedWithItsReason()
    {
        var record = await RecordAsync(UpgradeStatus.Succeeded, saveConfiguration: false);
        using var file = new MemoryStream();

        var ex = await Assert.ThrowsAsync<OperationNotPermittedException>(() => _exporter.ExportAsync(record.Id, Alice, file));

        Assert.Equal(ActionReasonCode.ConfigurationNotSaved, ex.Reason);
        Assert.Equal(0, file.Length);
    }

    [Fact]
    public async Task NothingSecret_ReachesLogsAuditTrailOrTraces_R_CFG_5()
    {
        var record = await RecordAsync(UpgradeStatus.Succeeded);
        var passwords = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var file = new MemoryStream();
            using var export = await _exporter.ExportAsync(record.Id, Alice, file);
            passwords.Add(export.Password.Reveal());
            Assert.DoesNotContain(export.Password.Reveal(), export.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(export.Password.Reveal(), export.Password.ToString(), StringComparison.Ordinal);
        }

        var haystack = new StringBuilder();
        foreach (var line in _logger.Lines)
        {
            haystack.AppendLine(line);
        }

        foreach (var entry in await _service.Queries.GetAuditTrailAsync(record.Id))
        {
            haystack.AppendLine(entry.ToString()).AppendJoin('\n', entry.Options.Select(o => o.Key + "=" + o.Value)).AppendLine();
        }

        foreach (var span in _spans)
        {
            haystack.AppendJoin('\n', span.TagObjects.Select(t => t.Key + "=" + t.Value)).AppendLine(span.DisplayName).AppendLine(span.StatusDescription);
        }

        var text = haystack.ToString();
        Assert.Contains("DownloadConfiguration", text, StringComparison.Ordinal); // the capture did see the downloads
        foreach (var password in passwords)
        {
            Assert.DoesNotContain(password, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(password.Replace("-", "", StringComparison.Ordinal), text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("s3cr3t-Pa55w0rd-in-config", text, StringComparison.Ordinal);
        Assert.DoesNotContain("prod-east", text, StringComparison.Ordinal);
    }

    /// <summary>Keeps every formatted message and every structured value the SDK logs, at every level.</summary>
    private sealed class CapturingLogger : ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Lines.Enqueue($"{eventId.Id} {formatter(state, exception)} {exception}");
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    Lines.Enqueue($"{key}={value}");
                }
            }
        }
    }
}
