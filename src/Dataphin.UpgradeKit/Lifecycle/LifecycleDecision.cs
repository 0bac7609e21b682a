using Dataphin.UpgradeKit.Actions;

namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>What the state machine says about one operation: permitted (and where to), or why not.</summary>
internal readonly record struct LifecycleDecision(bool IsPermitted, UpgradeStatus Destination, ActionReasonCode Reason);
