using Dataphin.UpgradeKit.Lifecycle;

namespace Dataphin.UpgradeKit.AspNetCore.Endpoints;

/// <summary>The Stop Upgrade dialog (R-SM-4): <c>{ "rerunForceStoppedInstances": true, "expectedVersion": 7 }</c>.</summary>
internal sealed record StopBody(bool RerunForceStoppedInstances = false, long? ExpectedVersion = null);

/// <summary>The Force-stop dialog (R-SM-5): <c>{ "result": "succeeded" | "failed", "declarationAccepted": true, "expectedVersion": 7 }</c>.</summary>
internal sealed record ForceStopBody(ForceStopResult? Result = null, bool DeclarationAccepted = false, long? ExpectedVersion = null);

/// <summary>Cancel and Complete: <c>{ "expectedVersion": 7 }</c>, or no body.</summary>
internal sealed record VersionBody(long? ExpectedVersion = null);

/// <summary>The answer to Cancel: the record was removed (R-REC-2), or its row as it is now.</summary>
internal sealed record CancelResponse(bool Removed, Projections.RecordListRow? Row);
