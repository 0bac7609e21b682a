using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Tests.Service;
using Dataphin.UpgradeKit.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using Xunit;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Tests.DependencyInjection;

public partial class UpgradeKitServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddUpgradeKit_PolicyDecoratorRegisteredAfterIt_IsTheOneTheServiceConsults_R_RULE_2()
    {
        var services = new ServiceCollection();
        services.AddUpgradeKit().UseInMemory();
        services.AddSingleton<IActionEligibilityPolicy>(sp => new UpgradeCommandsRulesTests.RewordingPolicy(sp.GetRequiredService<ActionEligibilityPolicy>()));
        using var provider = services.BuildServiceProvider();
        var service = UpgradeKitFeatures.From(provider);
        var record = await service.Commands.CreateAsync(ServiceHarness.Request(), TestOperators.Ordinary);

        var actions = await service.Queries.GetAvailableActionsAsync(record.Id, TestOperators.Ordinary);
        var row = (await service.Queries.ListRowsAsync(new UpgradeRecordQuery(), TestOperators.Ordinary, DisplayContext.Default)).Rows.Single();

        var decorator = Assert.IsType<UpgradeCommandsRulesTests.RewordingPolicy>(service.Queries.Policy);
        Assert.Same(provider.GetRequiredService<IActionEligibilityPolicy>(), decorator);
        Assert.Equal(2, decorator.Calls);
        Assert.Equal(UpgradeCommandsRulesTests.RewordingPolicy.Sentence, actions[UpgradeAction.Stop].Explanation);
        Assert.Equal(UpgradeCommandsRulesTests.RewordingPolicy.Sentence, row.Actions.Single(a => a.Action == UpgradeAction.Stop).Explanation);
    }

    [Fact]
    public async Task AddUpgradeKit_RulesInOptions_ThePolicyAndTheServiceBothFollowThem_R_RULE_1()
    {
        using var provider = new ServiceCollection()
            .AddUpgradeKit(o => o.Rules.ViewLogStatuses = [UpgradeStatus.Failed])
            .UseInMemory().Services.BuildServiceProvider();
        var service = UpgradeKitFeatures.From(provider);
        var record = await service.Commands.CreateAsync(ServiceHarness.Request(), TestOperators.Ordinary);
        await service.HostReports.StartAsync(record.Id);
        var failed = await service.HostReports.MarkFailedAsync(record.Id, "disk full");

        Assert.True(provider.GetRequiredService<IActionEligibilityPolicy>().Evaluate(failed, TestOperators.Ordinary).IsOffered(UpgradeAction.ViewLog));
        Assert.True(service.Queries.Policy.Evaluate(failed, TestOperators.Ordinary).IsOffered(UpgradeAction.ViewLog));
        Assert.Equal(failed.Id, (await service.Queries.ViewLogAsync(failed.Id, TestOperators.Ordinary, DisplayContext.Default)).Id);
    }

    [Fact]
    public void AddUpgradeKit_InvalidRules_FailAtStartUpWithTheOtherProblems_R_RULE_1()
    {
        using var provider = new ServiceCollection()
            .AddUpgradeKit(o =>
            {
                o.SystemChangeRetries = -1;
                o.Rules.StopWindow = (StopWindowReading)9;
                o.Rules.ViewLogStatuses = [(UpgradeStatus)77];
            })
            .UseInMemory().Services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("SystemChangeRetries", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Rules.StopWindow", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Rules.ViewLogStatuses holds 77", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_BoundFromConfiguration_NestedRulesReplaceTheDefaults_R_RULE_1()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["UpgradeKit:QualifiedOperatorRole"] = "sre",
            ["UpgradeKit:ShortNodeThreshold"] = "0:00:00:05",
            ["UpgradeKit:SystemChangeRetries"] = "3",
            ["UpgradeKit:Rules:ViewLogStatuses:0"] = "Succeeded",
            ["UpgradeKit:Rules:ViewLogStatuses:1"] = "Failed",
            ["UpgradeKit:Rules:StopWindow"] = "Strict",
            ["UpgradeKit:Rules:RemoveCanceledWithoutConfiguration"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddOptions<UpgradeKitOptions>().Bind(configuration.GetSection("UpgradeKit"));
        services.AddUpgradeKit().UseInMemory();
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<UpgradeKitOptions>>().Value;

        Assert.Equal("sre", options.QualifiedOperatorRole);
        Assert.Equal(Duration.FromSeconds(5), options.ShortNodeThreshold);
        Assert.Equal(3, options.SystemChangeRetries);
        Assert.Equal([UpgradeStatus.Succeeded, UpgradeStatus.Failed], options.Rules.ViewLogStatuses);
        Assert.Equal(StopWindowReading.Strict, options.Rules.StopWindow);
        Assert.False(options.Rules.RemoveCanceledWithoutConfiguration);
    }

    [Fact]
    public void AddUpgradeKit_LivesInTheContainersNamespace()
    {
        Assert.Equal("Microsoft.Extensions.DependencyInjection", typeof(UpgradeKitServiceCollectionExtensions).Namespace);
    }
}
