namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>Everything the lifecycle's guards look at besides the status.</summary>
internal readonly record struct LifecycleFacts(
    bool ForceStopTaskRan,
    bool ApplicationShutdownStarted,
    bool InMaintenanceMode,
    bool OperatorQualified,
    bool DeclarationAccepted,
    ForceStopResult? DeclaredResult);
