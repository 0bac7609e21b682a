using System.Globalization;
using BenchmarkDotNet.Attributes;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Projections;
using NodaTime;

namespace Dataphin.UpgradeKit.Benchmarks.Timeline;

/// <summary>
/// Projecting a 1,000-row page of the records list (target under 2 ms): eligibility for the operator, times in
/// Europe/Berlin, durations, display names. The store read is not included.
/// </summary>
[MemoryDiagnoser]
public class TimelineListProjectionBenchmarks
{
    private readonly ActionEligibilityPolicy _policy = new();
    private readonly OperatorIdentity _actor = new("bob", roles: [RoleOperatorQualification.DefaultRole]);
    private UpgradeRecord[] _records = [];
    private DisplayContext _display = DisplayContext.Default;

    [Params("en", "zh-CN")]
    public string Culture { get; set; } = "en";

    [GlobalSetup]
    public void Setup()
    {
        _display = new DisplayContext(DateTimeZoneProviders.Tzdb["Europe/Berlin"], CultureInfo.GetCultureInfo(Culture));
        var statuses = Enum.GetValues<UpgradeStatus>();
        var t0 = Instant.FromUtc(2026, 1, 1, 0, 0);
        _records = [.. Enumerable.Range(0, 1_000).Select(i =>
        {
            var status = statuses[i % statuses.Length];
            var start = t0 + Duration.FromHours(i);
            var ended = status.IsTerminal() && status != UpgradeStatus.Canceled;
            return new UpgradeRecordSnapshot
            {
                Id = UpgradeRecordId.New(start),
                TargetVersion = ProductVersion.Parse("V5.1.0"),
                InitialVersion = ProductVersion.Parse("V4.3.0"),
                Mode = i % 3 == 0 ? UpgradeMode.ZeroDowntime : UpgradeMode.Maintenance,
                DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
                Status = status,
                CreatedAt = start,
                CreatedBy = "alice",
                UpgradeStartedAt = status == UpgradeStatus.Configuring || status == UpgradeStatus.Canceled ? null : start,
                UpgradeEndedAt = ended ? start + Duration.FromMinutes(95) : null,
                MaintenanceStartedAt = i % 3 == 0 || status == UpgradeStatus.Configuring ? null : start,
                MaintenanceEndedAt = ended && i % 3 != 0 ? start + Duration.FromMinutes(80) : null,
                Version = 3,
            }.ToRecord();
        })];
    }

    [Benchmark]
    public RecordListRow[] ProjectPage()
    {
        var rows = new RecordListRow[_records.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var record = _records[i];
            rows[i] = RecordProjections.ToListRow(record, _policy.Evaluate(record, _actor, _display.Culture), _display);
        }

        return rows;
    }
}
