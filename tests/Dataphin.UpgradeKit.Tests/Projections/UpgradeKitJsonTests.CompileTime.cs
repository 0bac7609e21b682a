using System.Text.Json;
using System.Text.Json.Serialization;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Tests.Support;
using NodaTime.Serialization.SystemTextJson;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Projections;

// Issue 22: UpgradeKitJson.Options works where reflection-based serialisation is off (trimmed and NativeAOT hosts).
public partial class UpgradeKitJsonTests
{
    [Fact]
    public async Task Serialize_ProjectionsAndRecord_WithCompileTimeMetadataOnly_WritesWhatTheOptionsWrite()
    {
        var harness = new ServiceHarness();
        var record = await harness.InStatusAsync(UpgradeStatus.Succeeded);
        var page = await harness.Service.Queries.ListRowsAsync(new UpgradeRecordQuery(), TestOperators.Ordinary, DisplayContext.Default);
        var panel = await harness.Service.Queries.ViewLogAsync(record.Id, TestOperators.Ordinary, DisplayContext.Default);
        var compileTimeOnly = new JsonSerializerOptions(UpgradeKitJson.Options) { TypeInfoResolver = UpgradeKitJsonContext.Default };

        Assert.Equal(JsonSerializer.Serialize(page, UpgradeKitJson.Options), JsonSerializer.Serialize(page, compileTimeOnly));
        Assert.Equal(JsonSerializer.Serialize(panel, UpgradeKitJson.Options), JsonSerializer.Serialize(panel, compileTimeOnly));
        Assert.Equal(JsonSerializer.Serialize(record, UpgradeKitJson.Options), JsonSerializer.Serialize(record, compileTimeOnly));
        Assert.Contains("\"status\":{\"code\":\"succeeded\"", JsonSerializer.Serialize(page.Rows[0], compileTimeOnly), StringComparison.Ordinal);
    }

    [Fact]
    public void Options_EveryPublicEnumOfTheSdk_HasAConverterMadeAtCompileTime()
    {
        // The general JsonStringEnumConverter makes its converter at run time, which NativeAOT cannot; the generic one,
        // closed over the enum, is compiled ahead of time.
        var enums = typeof(UpgradeRecord).Assembly.GetExportedTypes().Where(t => t.IsEnum).ToList();
        Assert.NotEmpty(enums);
        var missing = enums.Where(e => UpgradeKitJson.Options.Converters.FirstOrDefault(c => c.CanConvert(e))?.GetType() != typeof(JsonStringEnumConverter<>).MakeGenericType(e))
            .Select(e => e.FullName).ToList();
        Assert.True(missing.Count == 0, "add to UpgradeKitJson.AddEnumConverters: " + string.Join(", ", missing));
    }

    [Fact]
    public void Serialize_InstantsAndDurations_AsConfigureForNodaTimeWritesThem()
    {
        // UpgradeKitJson adds NodaTime's converters one by one (ConfigureForNodaTime brings some that need reflection):
        // the SDK's instants and durations keep the form they had.
        var noda = new JsonSerializerOptions().ConfigureForNodaTime(NodaTime.DateTimeZoneProviders.Tzdb);
        var values = new object[]
        {
            NodaTime.Instant.FromUtc(2026, 3, 29, 0, 30), NodaTime.Instant.FromUnixTimeTicks(17_000_000_000_123_4567),
            NodaTime.Duration.FromSeconds(90_061.5), NodaTime.Duration.FromMinutes(-3), NodaTime.Duration.Zero,
        };

        foreach (var value in values)
        {
            Assert.Equal(JsonSerializer.Serialize(value, value.GetType(), noda), JsonSerializer.Serialize(value, value.GetType(), UpgradeKitJson.Options));
        }
    }
}
