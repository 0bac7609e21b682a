using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Live;
using Dataphin.UpgradeKit.Queries;
using Microsoft.Extensions.DependencyInjection;

namespace Dataphin.UpgradeKit.Samples.Web;

/// <summary>The SDK's feature types this sample uses, as AddUpgradeKit() registered them.</summary>
internal sealed class UpgradeKitFeatures(UpgradeCommands commands, UpgradeHostReports hostReports, UpgradeQueries queries, UpgradeWatches watches)
{
    /// <summary>The operator's commands.</summary>
    public UpgradeCommands Commands { get; } = commands;

    /// <summary>What the host (here, the sample playing the upgrade) reports.</summary>
    public UpgradeHostReports HostReports { get; } = hostReports;

    /// <summary>Records, rows and View log.</summary>
    public UpgradeQueries Queries { get; } = queries;

    /// <summary>Live watches.</summary>
    public UpgradeWatches Watches { get; } = watches;

    public static UpgradeKitFeatures From(IServiceProvider services) => new(
        services.GetRequiredService<UpgradeCommands>(),
        services.GetRequiredService<UpgradeHostReports>(),
        services.GetRequiredService<UpgradeQueries>(),
        services.GetRequiredService<UpgradeWatches>());
}
