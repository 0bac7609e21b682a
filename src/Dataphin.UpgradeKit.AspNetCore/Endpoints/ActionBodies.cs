using Dataphin.UpgradeKit.Lifecycle;

namespace Dataphin.UpgradeKit.AspNetCore.Endpoints;

/// <summary>The Stop Upgrade dialog (R-SM-4, R-GOV-1): <c>{ "rerunForceStoppedInstances": true, "reason": "…", "expectedVersion": 7 }</c>.</summary>
/// <param name="RerunForceStoppedInstances">Whether the host reruns the task instances the upgrade force-stopped.</param>
/// <param name="ExpectedVersion">The record version the operator saw (<c>recordVersion</c> of the row); a stale one is 409.</param>
/// <param name="Reason">Why the operator stops the upgrade: 1 to 500 characters on one line; required when the host says so.</param>
internal sealed record StopBody(bool RerunForceStoppedInstances = false, long? ExpectedVersion = null, string? Reason = null);

/// <summary>
/// The Force-stop dialog (R-SM-5, R-GOV-1, R-GOV-3):
/// <c>{ "result": "succeeded" | "failed", "declarationAccepted": true, "declarationVersion": "…", "reason": "…", "expectedVersion": 7 }</c>.
/// </summary>
/// <param name="Result">The result the engineer declares.</param>
/// <param name="DeclarationAccepted">Whether the declaration checkbox was selected.</param>
/// <param name="ExpectedVersion">The record version the engineer saw; a stale one is 409.</param>
/// <param name="Reason">Why the engineer force-stops the upgrade: 1 to 500 characters on one line; required by default.</param>
/// <param name="DeclarationVersion">
/// The version of the declaration the dialog showed (<c>declaration.version</c> of the force-stop action); its text in
/// the request's language is recorded with the force-stop. Another version than the current one is refused (400).
/// </param>
internal sealed record ForceStopBody(ForceStopResult? Result = null, bool DeclarationAccepted = false, long? ExpectedVersion = null,
    string? Reason = null, string? DeclarationVersion = null);

/// <summary>Cancel (R-GOV-1): <c>{ "reason": "…", "expectedVersion": 7 }</c>, or <c>{}</c>.</summary>
/// <param name="ExpectedVersion">The record version the operator saw; a stale one is 409.</param>
/// <param name="Reason">Why the operator cancels the upgrade: 1 to 500 characters on one line; required when the host says so.</param>
internal sealed record CancelBody(long? ExpectedVersion = null, string? Reason = null);

/// <summary>Complete: <c>{ "expectedVersion": 7 }</c>, or <c>{}</c> to act on whatever version is stored.</summary>
/// <param name="ExpectedVersion">The record version the operator saw; a stale one is 409.</param>
internal sealed record VersionBody(long? ExpectedVersion = null);

/// <summary>An action that takes a reason and no other option: <c>{ "reason": "…", "expectedVersion": 7 }</c>, or <c>{}</c>.</summary>
/// <param name="ExpectedVersion">The record version the operator saw; a stale one is 409.</param>
/// <param name="Reason">Why the operator acts: 1 to 500 characters on one line; required when the host says so.</param>
internal sealed record ReasonBody(long? ExpectedVersion = null, string? Reason = null);

/// <summary>The actions without options (resume, download) take <c>{}</c>: a JSON body all the same (R-SEC-5).</summary>
internal sealed record EmptyBody;

/// <summary>The answer to Cancel: the record was removed (R-REC-2), or its row as it is now.</summary>
/// <param name="Removed">True when the record no longer exists.</param>
/// <param name="Row">The record's row when it was kept, else null.</param>
internal sealed record CancelResponse(bool Removed, Projections.RecordListRow? Row);
