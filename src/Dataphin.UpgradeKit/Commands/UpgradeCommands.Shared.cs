using Dataphin.UpgradeKit.Lifecycle;

namespace Dataphin.UpgradeKit.Commands;

// What the governance steps (Governance.ForceStopApprovals) and the expiry check share with the commands.
public sealed partial class UpgradeCommands
{
    /// <summary>The record-change pipeline the commands run on, for the feature types built over them.</summary>
    internal RecordChangePipeline Pipeline => _pipeline;

    /// <summary>The options the commands were built with.</summary>
    internal UpgradeKitOptions Options => _pipeline.Options;

    /// <summary>The commands' logger.</summary>
    internal Microsoft.Extensions.Logging.ILogger Logger => _pipeline.Logger;
}
