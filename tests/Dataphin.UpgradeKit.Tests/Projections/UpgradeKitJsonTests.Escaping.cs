using System.Globalization;
using System.Text.Json;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Projections;
using NodaTime;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;

namespace Dataphin.UpgradeKit.Tests.Projections;

// R-DISP-1: Chinese texts reach the client as themselves, while characters that matter in HTML stay escaped.
public partial class UpgradeKitJsonTests
{
    [Fact]
    public void Serialize_ChineseRow_TextUnescaped_R_DISP_1()
    {
        var record = Record(UpgradeStatus.Succeeded, upgradeStart: At(30), upgradeEnd: At(135));
        var zh = CultureInfo.GetCultureInfo("zh-CN");
        var row = RecordProjections.ToListRow(record, new ActionEligibilityPolicy().Evaluate(record, ProjectionScenario.Alice, zh), new DisplayContext(DateTimeZone.Utc, zh));

        var json = JsonSerializer.Serialize(row, UpgradeKitJson.Options);

        Assert.Contains("\"name\":\"升级成功\"", json, StringComparison.Ordinal);
        Assert.Contains("仅状态为配置中的记录支持取消升级。", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_HtmlSensitiveCharacters_StillEscaped()
    {
        var json = JsonSerializer.Serialize(new { text = "<script>alert('x')</script> & 升级" }, UpgradeKitJson.Options);

        Assert.DoesNotContain("<", json, StringComparison.Ordinal);
        Assert.DoesNotContain(">", json, StringComparison.Ordinal);
        Assert.DoesNotContain("&", json, StringComparison.Ordinal);
        Assert.DoesNotContain("'", json, StringComparison.Ordinal);
        Assert.Contains("升级", json, StringComparison.Ordinal);
        Assert.Equal("<script>alert('x')</script> & 升级", JsonDocument.Parse(json).RootElement.GetProperty("text").GetString());
    }
}
