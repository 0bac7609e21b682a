using System.Security.Cryptography;
using System.Text;
using Xunit;

namespace Dataphin.UpgradeKit.Export.Tests;

/// <summary>A download asked for armored (issue 12): the text form, audited by the hash of exactly what was handed out.</summary>
public sealed partial class ConfigurationExporterTests
{
    [Fact]
    public async Task Export_Armored_WritesArmorThatDecryptsAndAuditsItsHash_R_CFG_3_R_CFG_5()
    {
        var record = await RecordAsync(UpgradeStatus.Succeeded);
        using var file = new MemoryStream();

        using var export = await _exporter.ExportAsync(record.Id, Alice, file, EncryptedFileFormat.Armored);

        Assert.StartsWith("-----BEGIN AGE ENCRYPTED FILE-----\n", Encoding.ASCII.GetString(file.ToArray()), StringComparison.Ordinal);
        Assert.Equal(SecretConfiguration, Encoding.UTF8.GetString(ConfigurationDecryptor.Decrypt(file.ToArray(), export.Password.Reveal())));
        var audit = (await _service.Queries.GetAuditTrailAsync(record.Id))[^1];
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file.ToArray())), audit.Options["encryptedSha256"]);
        Assert.Equal(file.Length, export.Length);
    }
}
