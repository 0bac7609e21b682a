using System.Text.Json;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Tests.Support;
using NodaTime;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Projections.ProjectionScenario;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;

namespace Dataphin.UpgradeKit.Tests.Projections;

/// <summary>
/// The committed samples in <c>docs/samples/</c> are the documented JSON shape: these tests rebuild the sample scenario
/// and fail when the serialised projections differ by a single character. After an intended change, run them once with
/// <c>UPGRADEKIT_UPDATE_SAMPLES=1</c>, review the diff against SPEC §6 and §8, and commit it.
/// </summary>
public partial class JsonSampleTests
{
    private static readonly JsonSerializerOptions Indented = new(UpgradeKitJson.Options) { WriteIndented = true };

    private static DisplayContext Berlin => new(DateTimeZoneProviders.Tzdb["Europe/Berlin"], System.Globalization.CultureInfo.GetCultureInfo("en"));

    [Fact]
    public async Task ListRow_SampleScenario_MatchesCommittedSample()
    {
        var scenario = ProjectionScenario.Create();
        await scenario.SucceededUpgradeAsync();

        var row = (await scenario.Service.Queries.ListRowsAsync(new UpgradeRecordQuery(), Alice, Berlin)).Rows.Single();

        AssertSample("list-row.json", JsonSerializer.Serialize(row, Indented));
    }

    [Fact]
    public async Task ViewLog_SampleScenario_MatchesCommittedSample()
    {
        var scenario = ProjectionScenario.Create();
        var id = await scenario.SucceededUpgradeAsync();

        var panel = await scenario.Service.Queries.ViewLogAsync(id, Alice, Berlin);

        var json = JsonSerializer.Serialize(panel, Indented);
        Assert.DoesNotContain("mode: maintenance", json, StringComparison.Ordinal); // the file's content (SPEC §7)
        Assert.DoesNotContain(Convert.ToBase64String("mode: maintenance\n"u8), json, StringComparison.Ordinal);
        AssertSample("view-log.json", json);
    }

    [Fact]
    public async Task ListRow_RunningInChinese_MatchesCommittedSample()
    {
        // A running upgrade: "-" texts beside null seconds and the "running" state; Chinese written unescaped.
        var scenario = ProjectionScenario.Create();
        var id = await scenario.InsertConfiguringAsync();
        scenario.Clock.Reset(At(10));
        await scenario.Service.Commands.SaveConfigurationAsync(id, new ConfigurationFile("upgrade-config.yaml", "mode: maintenance\n"u8.ToArray(), At(10)), Alice);
        scenario.Clock.Reset(At(30));
        await scenario.Service.HostReports.StartAsync(id);
        var shanghai = new DisplayContext(DateTimeZoneProviders.Tzdb["Asia/Shanghai"], System.Globalization.CultureInfo.GetCultureInfo("zh-CN"));

        var row = (await scenario.Service.Queries.ListRowsAsync(new UpgradeRecordQuery(), Alice, shanghai)).Rows.Single();

        AssertSample("list-row-running.zh-CN.json", JsonSerializer.Serialize(row, Indented));
    }

    [Fact]
    public async Task Json_UsesCamelCaseCodesAndIsoInstants()
    {
        var scenario = ProjectionScenario.Create();
        await scenario.SucceededUpgradeAsync();
        var row = (await scenario.Service.Queries.ListRowsAsync(new UpgradeRecordQuery(), Alice, DisplayContext.Default)).Rows.Single();

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(row, UpgradeKitJson.Options));

        var root = json.RootElement;
        Assert.Equal("0195e0a1b2c37d4e8f9a0b1c2d3e4f50", root.GetProperty("id").GetString());
        Assert.Equal("2026-03-29T00:30:00Z", root.GetProperty("upgradeStartedAt").GetString());
        Assert.Equal("succeeded", root.GetProperty("status").GetProperty("code").GetString());
        Assert.Equal("maintenance", root.GetProperty("mode").GetProperty("code").GetString());
        Assert.Equal("viewLog", root.GetProperty("actions")[6].GetProperty("action").GetString());
        Assert.Equal("statusNotEligible", root.GetProperty("actions")[0].GetProperty("reason").GetString());
    }

    private static void AssertSample(string name, string actual)
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "samples", name);
        actual = actual.ReplaceLineEndings("\n") + "\n";
        if (RepositoryFiles.RewriteRequested("UPGRADEKIT_UPDATE_SAMPLES"))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"The sample {path} is missing; run with UPGRADEKIT_UPDATE_SAMPLES=1 and review it.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dataphin.UpgradeKit.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with Dataphin.UpgradeKit.sln) was not found above the test binaries.");
    }
}
