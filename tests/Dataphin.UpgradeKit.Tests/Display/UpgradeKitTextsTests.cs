using System.Globalization;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using NodaTime;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Tests.Display;

/// <summary>
/// R-DISP-1: texts live in resources a host can override and extend through <see cref="IStringLocalizer{T}"/>; a culture
/// without texts falls back along .NET's parent-culture chain, and the answer says which culture it used.
/// </summary>
public class UpgradeKitTextsTests
{
    private const string SdkSucceededZh = "升级成功";

    [Theory]
    [InlineData("zh-CN", "zh-CN")]
    [InlineData("zh-Hans-CN", "zh-Hans")]
    [InlineData("zh-SG", "zh-Hans")]
    [InlineData("zh-Hans", "zh-Hans")]
    [InlineData("en-GB", "en")]
    [InlineData("de-DE", "en")]
    [InlineData("fr", "en")]
    public void Resolve_SdkTexts_FirstCultureOfTheParentChainWithTexts_R_DISP_1(string requested, string used) =>
        Assert.Equal(used, UpgradeKitTexts.Default.Resolve(CultureInfo.GetCultureInfo(requested)).Name);

    [Theory]
    [InlineData("zh-Hans-CN")]
    [InlineData("zh-SG")]
    public async Task ListRows_SimplifiedChineseCultureOtherThanZhCn_ChineseTextsAndSaysZhHans_R_DISP_1(string culture)
    {
        await using var host = await Host.StartAsync();

        var page = await host.ListAsync(culture);

        var row = page.Rows.Single();
        Assert.Equal(SdkSucceededZh, row.Status.Name);
        Assert.Equal("停机维护升级", row.Mode.Name);
        Assert.Equal("zh-Hans", row.Culture);
        Assert.Equal("zh-Hans", page.Culture);
    }

    [Fact]
    public async Task ListRows_UnsupportedCulture_FallsBackToEnglishAndSaysSo_R_DISP_1()
    {
        await using var host = await Host.StartAsync();

        var row = (await host.ListAsync("de-DE")).Rows.Single();

        Assert.Equal("Upgrade Succeeded", row.Status.Name);
        Assert.Equal("Only records with status Configuring support canceling the upgrade.", row.Actions.Single(a => a.Action == UpgradeAction.Cancel).Explanation);
        Assert.Equal("en", row.Culture);
    }

    [Fact]
    public async Task AddUpgradeKit_NoLocalizationRegistered_SdkTextsInBothLanguages_R_DISP_1()
    {
        await using var host = await Host.StartAsync();

        Assert.Equal("Upgrade Succeeded", (await host.ListAsync("en")).Rows.Single().Status.Name);
        var zh = (await host.ListAsync("zh-CN")).Rows.Single();
        Assert.Equal(SdkSucceededZh, zh.Status.Name);
        Assert.Equal("zh-CN", zh.Culture);
    }

    [Fact]
    public async Task AddUpgradeKit_HostLocalizerWithOneZhCnSentence_ReplacesTheSdksOnlyThatOne_R_DISP_1()
    {
        var localizer = new TableLocalizer(
            ("zh-CN", "Status_Succeeded", "已顺利完成"),
            ("zh-CN", "Reason_StatusNotEligible_Cancel", "只有配置中的升级可以取消。"));
        await using var host = await Host.StartAsync(services => services.AddSingleton<IStringLocalizer<UpgradeKitTexts>>(localizer));

        var zh = (await host.ListAsync("zh-CN")).Rows.Single();
        var log = await host.ViewLogAsync("zh-CN");

        Assert.Equal("已顺利完成", zh.Status.Name);
        Assert.Equal("已顺利完成", log.Status.Name);
        Assert.Equal("只有配置中的升级可以取消。", zh.Actions.Single(a => a.Action == UpgradeAction.Cancel).Explanation);
        // Every other text is still the SDK's.
        Assert.Equal("停机维护升级", zh.Mode.Name);
        Assert.Equal("仅状态为升级中时支持停止升级。", zh.Actions.Single(a => a.Action == UpgradeAction.Stop).Explanation);
        Assert.Equal("zh-CN", zh.Culture);
        // English is untouched.
        Assert.Equal("Upgrade Succeeded", (await host.ListAsync("en")).Rows.Single().Status.Name);
    }

    [Fact]
    public async Task AddUpgradeKit_HostAddsFrench_FrenchSentenceOthersEnglishSaysFr_R_DISP_1()
    {
        var localizer = new TableLocalizer(("fr", "Status_Succeeded", "Mise à niveau réussie"));
        await using var host = await Host.StartAsync(services =>
        {
            services.AddSingleton<IStringLocalizer<UpgradeKitTexts>>(localizer);
            services.AddSingleton(sp => new UpgradeKitTexts(sp.GetRequiredService<IStringLocalizer<UpgradeKitTexts>>(), ["fr"]));
        });

        var row = (await host.ListAsync("fr-FR")).Rows.Single();

        Assert.Equal("Mise à niveau réussie", row.Status.Name);
        Assert.Equal("Maintenance upgrade", row.Mode.Name);
        Assert.Equal("fr", row.Culture);
    }

    [Fact]
    public async Task AddUpgradeKit_HostTextsInACultureItDidNotList_NotUsedAnswerSaysEn_R_DISP_1()
    {
        // Without "fr" in the list the answer is English throughout, as its culture says.
        var localizer = new TableLocalizer(("fr", "Status_Succeeded", "Mise à niveau réussie"));
        await using var host = await Host.StartAsync(services => services.AddSingleton<IStringLocalizer<UpgradeKitTexts>>(localizer));

        var row = (await host.ListAsync("fr")).Rows.Single();

        Assert.Equal(("Upgrade Succeeded", "en"), (row.Status.Name, row.Culture));
    }

    [Fact]
    public void Constructor_UnknownCultureName_Refused() =>
        Assert.ThrowsAny<ArgumentException>(() => new UpgradeKitTexts(null, ["not-a-culture-xx"]));

    [Fact]
    public void GetString_UnknownName_Refused() =>
        Assert.Throws<ArgumentException>(() => UpgradeKitTexts.Default.GetString("No_Such_Text", CultureInfo.GetCultureInfo("en")));

    /// <summary>A host's localizer answering from a table of (culture, name, text), and "not found" for the rest.</summary>
    private sealed class TableLocalizer(params (string Culture, string Name, string Text)[] texts) : IStringLocalizer<UpgradeKitTexts>
    {
        public LocalizedString this[string name] =>
            texts.FirstOrDefault(t => t.Culture == CultureInfo.CurrentUICulture.Name && t.Name == name) is { Text: not null } hit
                ? new LocalizedString(name, hit.Text)
                : new LocalizedString(name, name, resourceNotFound: true);

        public LocalizedString this[string name, params object[] arguments] => this[name];

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
            texts.Where(t => t.Culture == CultureInfo.CurrentUICulture.Name).Select(t => new LocalizedString(t.Name, t.Text));
    }

    /// <summary>The SDK registered as a host does, with one Succeeded record in its in-memory store.</summary>
    private sealed class Host : IAsyncDisposable
    {
        private readonly ServiceProvider _provider;
        private readonly UpgradeRecordId _id;

        private Host(ServiceProvider provider, UpgradeRecordId id)
        {
            _provider = provider;
            _id = id;
        }

        private UpgradeKitFeatures Service => UpgradeKitFeatures.From(_provider);

        public static async Task<Host> StartAsync(Action<IServiceCollection>? configure = null)
        {
            var services = new ServiceCollection();
            services.AddUpgradeKit().UseInMemory();
            configure?.Invoke(services);
            var provider = services.BuildServiceProvider();
            var record = Record(UpgradeStatus.Succeeded, upgradeStart: At(30), upgradeEnd: At(135), maintenanceStart: At(30), maintenanceEnd: At(135), createdAt: T0);
            var audit = new AuditEntry(record.Id, record.CreatedAt, "alice", UpgradeOperation.Create, AuditOutcome.Accepted, null,
                UpgradeStatus.Succeeded, ActionReasonCode.None, 1, AuditEntry.NoOptions);
            await provider.GetRequiredService<IUpgradeStore>().InsertAsync(record, new RecordChange(audit, []));
            return new Host(provider, record.Id);
        }

        public Task<RecordListPage> ListAsync(string culture) =>
            Service.Queries.ListRowsAsync(new UpgradeRecordQuery(), Tests.Projections.ProjectionScenario.Alice, Display(culture));

        public Task<ViewLogPanel> ViewLogAsync(string culture) => Service.Queries.ViewLogAsync(_id, Tests.Projections.ProjectionScenario.Alice, Display(culture));

        public ValueTask DisposeAsync() => _provider.DisposeAsync();

        private static DisplayContext Display(string culture) => new(DateTimeZone.Utc, CultureInfo.GetCultureInfo(culture));
    }
}
