using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.DependencyInjection;

/// <summary><c>AddUpgradeKit(IConfiguration)</c>: options bound the way .NET hosts bind theirs (issue 22 item 4).</summary>
public partial class UpgradeKitServiceCollectionExtensionsTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static ServiceProvider Bound(IConfiguration configuration) =>
        new ServiceCollection().AddUpgradeKit(configuration.GetSection("UpgradeKit")).UseInMemory().Services.BuildServiceProvider();

    [Fact]
    public void AddUpgradeKit_Configuration_DurationsInTimeSpanText_Bind()
    {
        using var provider = Bound(Settings(
            ("UpgradeKit:ShortNodeThreshold", "00:00:03"),
            ("UpgradeKit:Delivery:SweepInterval", "00:00:05"),
            ("UpgradeKit:Delivery:MaxAge", "2.00:00:00"),
            ("UpgradeKit:Delivery:LeaseDuration", "0:00:02:00"),      // NodaTime's own text still reads
            ("UpgradeKit:Delivery:BackoffBase", "00:00:00.250"),
            ("UpgradeKit:Delivery:MaxAttempts", "7"),
            ("UpgradeKit:Delivery:DispatcherEnabled", "false"),
            ("UpgradeKit:Rules:ViewLogStatuses", "Succeeded, Failed"),
            ("UpgradeKit:Rules:StopWindow", "strict")));

        provider.GetRequiredService<IStartupValidator>().Validate();
        var options = provider.GetRequiredService<IOptions<UpgradeKitOptions>>().Value;

        Assert.Equal(Duration.FromSeconds(3), options.ShortNodeThreshold);
        Assert.Equal(Duration.FromSeconds(5), options.Delivery.SweepInterval);
        Assert.Equal(Duration.FromDays(2), options.Delivery.MaxAge);
        Assert.Equal(Duration.FromMinutes(2), options.Delivery.LeaseDuration);
        Assert.Equal(Duration.FromMilliseconds(250), options.Delivery.BackoffBase);
        Assert.Equal(7, options.Delivery.MaxAttempts);
        Assert.False(options.Delivery.DispatcherEnabled);
        Assert.Equal([UpgradeStatus.Succeeded, UpgradeStatus.Failed], options.Rules.ViewLogStatuses);
        Assert.Equal(StopWindowReading.Strict, options.Rules.StopWindow);
        Assert.Equal(new NotificationDeliveryOptions().BatchSize, options.Delivery.BatchSize); // absent: the default
    }

    [Fact]
    public void AddUpgradeKit_Configuration_OutOfRangeValue_ErrorNamesTheConfigurationKey()
    {
        using var provider = Bound(Settings(("UpgradeKit:Delivery:MaxAttempts", "0"), ("UpgradeKit:SystemChangeRetries", "-1")));

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("UpgradeKit:Delivery:MaxAttempts must be between 1 and 1000 (it is 0).", ex.Failures);
        Assert.Contains("UpgradeKit:SystemChangeRetries must be between 0 and 100 (it is -1).", ex.Failures);
    }

    [Fact]
    public void AddUpgradeKit_Configuration_UnreadableValues_AllListedUnderTheirKeys()
    {
        using var provider = Bound(Settings(
            ("UpgradeKit:Delivery:SweepInterval", "5s"),
            ("UpgradeKit:Delivery:BatchSize", "many"),
            ("UpgradeKit:Rules:StopWindow", "2"),
            ("UpgradeKit:Rules:ViewLogStatuses:0", "Succeeded"),
            ("UpgradeKit:Rules:ViewLogStatuses:1", "Done"),
            ("UpgradeKit:Rules:RemoveCanceledWithoutConfiguration", "yes")));

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<UpgradeKitOptions>>().Value);

        Assert.Contains("UpgradeKit:Delivery:SweepInterval must be a duration like 00:00:05 (it is '5s').", ex.Failures);
        Assert.Contains("UpgradeKit:Delivery:BatchSize must be a whole number (it is 'many').", ex.Failures);
        Assert.Contains(ex.Failures, f => f.StartsWith("UpgradeKit:Rules:StopWindow must be one of Literal, Strict", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("UpgradeKit:Rules:ViewLogStatuses:1 must be one of ", StringComparison.Ordinal));
        Assert.Contains("UpgradeKit:Rules:RemoveCanceledWithoutConfiguration must be true or false (it is 'yes').", ex.Failures);
        Assert.Equal(5, ex.Failures.Count());
    }

    [Fact]
    public void AddUpgradeKit_Configuration_CodeConfiguredAfterwards_WinsOverTheBinding()
    {
        var services = new ServiceCollection();
        services.AddUpgradeKit(Settings(("UpgradeKit:QualifiedOperatorRole", "sre")).GetSection("UpgradeKit")).UseInMemory();
        services.Configure<UpgradeKitOptions>(o => o.SystemChangeRetries = 2);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<UpgradeKitOptions>>().Value;

        Assert.Equal("sre", options.QualifiedOperatorRole);
        Assert.Equal(2, options.SystemChangeRetries);
    }

    [Fact]
    public void AddUpgradeKit_SetInCode_ProblemsKeepTheOptionPath()
    {
        using var provider = new ServiceCollection().AddUpgradeKit(o => o.Delivery.MaxAttempts = 0).UseInMemory().Services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Delivery.MaxAttempts must be between 1 and 1000 (it is 0).", ex.Failures);
    }

    [Fact]
    public void UseInMemory_Configuration_BindsAndNamesTheKeyOfAnInvalidValue()
    {
        var good = Settings(("UpgradeKit:InMemory:MaxFinishedRecords", "100"));
        Assert.Equal(100, Dataphin.UpgradeKit.DependencyInjection.UpgradeKitBuilder.ReadInMemoryOptions(good.GetSection("UpgradeKit:InMemory")).MaxFinishedRecords);

        var bad = Settings(("UpgradeKit:InMemory:MaxFinishedRecords", "0"));
        var ex = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddUpgradeKit().UseInMemory(bad.GetSection("UpgradeKit:InMemory")));
        Assert.Contains("UpgradeKit:InMemory:MaxFinishedRecords must be at least 1 or null (it is 0).", ex.Message, StringComparison.Ordinal);
        Assert.IsType<InMemoryUpgradeStore>(new ServiceCollection().AddUpgradeKit().UseInMemory(good.GetSection("UpgradeKit:InMemory"))
            .Services.BuildServiceProvider().GetRequiredService<IUpgradeStore>());
    }
}
