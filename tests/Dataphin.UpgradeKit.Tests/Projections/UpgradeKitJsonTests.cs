using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Tests.Support;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Projections;

// SPEC §7, R-CFG-1: the configuration's content leaves the SDK only encrypted, so the SDK's JSON settings cannot write it.
public partial class UpgradeKitJsonTests
{
    [Fact]
    public async Task Serialize_RecordWithSavedConfiguration_R_CFG_1_HoldsNoPartOfTheContent()
    {
        var harness = new ServiceHarness();
        var record = await harness.CreateAsync();
        var content = SecretContent();
        record = await harness.Service.Commands.SaveConfigurationAsync(record.Id,
            new ConfigurationFile("upgrade.yaml", content, harness.Clock.GetCurrentInstant()), TestOperators.Ordinary);

        var json = JsonSerializer.Serialize(record, UpgradeKitJson.Options);
        var canceled = await harness.Service.Commands.CancelAsync(record.Id, TestOperators.Ordinary);
        var outcomeJson = JsonSerializer.Serialize(canceled, UpgradeKitJson.Options);

        foreach (var text in new[] { json, outcomeJson })
        {
            AssertHoldsNoPartOf(content, text);
        }

        using var document = JsonDocument.Parse(json);
        var configuration = document.RootElement.GetProperty("configuration");
        Assert.Equal("upgrade.yaml", configuration.GetProperty("fileName").GetString());
        Assert.Equal(["fileName", "savedAt", "length"], configuration.EnumerateObject().Select(p => p.Name)); // a record names its file, it never holds it
        Assert.Equal(content.Length, configuration.GetProperty("length").GetInt64());
    }

    [Fact]
    public void Serialize_ConfigurationFileInsideAnyObject_R_CFG_1_HoldsNoPartOfTheContent()
    {
        var content = SecretContent();
        var file = new ConfigurationFile("upgrade.yaml", content, ServiceHarness.T0);

        var json = JsonSerializer.Serialize(new { file, files = new[] { file }, byName = new Dictionary<string, ConfigurationFile> { ["a"] = file } }, UpgradeKitJson.Options);

        AssertHoldsNoPartOf(content, json);
        Assert.Equal(3, json.Split("\"fileName\":\"upgrade.yaml\"").Length - 1);
    }

    [Fact]
    public void Deserialize_ConfigurationFile_R_CFG_1_IsRefused()
    {
        Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize<ConfigurationFile>("""{"fileName":"a.yaml","length":1,"savedAt":"2026-11-25T08:00:00Z"}""", UpgradeKitJson.Options));
    }

    // A text configuration with a secret and random bytes, so each encoding of it is distinctive.
    private static byte[] SecretContent() =>
        [.. Encoding.UTF8.GetBytes("database:\n  password: Zq8vT2mW9rLk4xN7\n  blob: "), .. RandomNumberGenerator.GetBytes(48)];

    // No run of 8 content bytes appears as text, and no run of the content's base64 or hex (either case) of 12 characters.
    private static void AssertHoldsNoPartOf(byte[] content, string json)
    {
        Assert.DoesNotContain("Zq8vT2mW9rLk4xN7", json, StringComparison.Ordinal);
        var jsonBytes = Encoding.UTF8.GetBytes(json);
        for (var i = 0; i + 8 <= content.Length; i++)
        {
            Assert.True(jsonBytes.AsSpan().IndexOf(content.AsSpan(i, 8)) < 0, $"content bytes {i}..{i + 8} appear in the JSON");
        }

        foreach (var encoded in new[] { Convert.ToBase64String(content), Convert.ToHexString(content), Convert.ToHexStringLower(content) })
        {
            for (var i = 0; i + 12 <= encoded.Length; i++)
            {
                Assert.DoesNotContain(encoded.Substring(i, 12), json, StringComparison.Ordinal);
            }
        }

        // base64 of the content at each of the three alignments a substring can take.
        for (var shift = 1; shift < 3; shift++)
        {
            var aligned = Convert.ToBase64String(content, shift, content.Length - shift);
            Assert.DoesNotContain(aligned[..12], json, StringComparison.Ordinal);
        }
    }
}
