using Dataphin.UpgradeKit.Lifecycle;

namespace Dataphin.UpgradeKit.AspNetCore.Endpoints;

/// <summary>The Stop Upgrade dialog (R-SM-4): <c>{ "rerunForceStoppedInstances": true, "expectedVersion": 7 }</c>.</summary>
/// <param name="RerunForceStoppedInstances">Whether the host reruns the task instances the upgrade force-stopped.</param>
/// <param name="ExpectedVersion">The record version the operator saw (<c>recordVersion</c> of the row); a stale one is 409.</param>
internal sealed record StopBody(bool RerunForceStoppedInstances = false, long? ExpectedVersion = null);

/// <summary>The Force-stop dialog (R-SM-5): <c>{ "result": "succeeded" | "failed", "declarationAccepted": true, "expectedVersion": 7 }</c>.</summary>
/// <param name="Result">The result the engineer declares.</param>
/// <param name="DeclarationAccepted">Whether the declaration checkbox was selected.</param>
/// <param name="ExpectedVersion">The record version the engineer saw; a stale one is 409.</param>
internal sealed record ForceStopBody(ForceStopResult? Result = null, bool DeclarationAccepted = false, long? ExpectedVersion = null);

/// <summary>Cancel and Complete: <c>{ "expectedVersion": 7 }</c>, or <c>{}</c> to act on whatever version is stored.</summary>
/// <param name="ExpectedVersion">The record version the operator saw; a stale one is 409.</param>
internal sealed record VersionBody(long? ExpectedVersion = null);

/// <summary>The actions without options (resume, download) take <c>{}</c>: a JSON body all the same (R-SEC-5).</summary>
internal sealed record EmptyBody;

/// <summary>The answer to Cancel: the record was removed (R-REC-2), or its row as it is now.</summary>
/// <param name="Removed">True when the record no longer exists.</param>
/// <param name="Row">The record's row when it was kept, else null.</param>
internal sealed record CancelResponse(bool Removed, Projections.RecordListRow? Row);
