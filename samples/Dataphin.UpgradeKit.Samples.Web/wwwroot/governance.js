// Governed actions (R-GOV-1, R-GOV-2, R-GOV-3): the reason field of the Stop and Force-stop dialogs (the force-stop
// request uses the Force-stop dialog), the declaration text the server shows (and records by its version), the banner of
// a record awaiting approval, and who ended an upgrade and why on the View log. Loaded after app.js;
// uses its `api`, `display`, `$` and `el`. Every operator-written text is set with textContent: shown, never parsed.
let forceStopDeclaration = null;

async function loadDeclaration() {
  const response = await fetch(`${api}/force-stop-declaration?${display}`, { credentials: "same-origin" });
  if (!response.ok) return;
  forceStopDeclaration = await response.json();
  $("#force-stop-declaration-text").textContent = forceStopDeclaration.text;
}

// Called when a dialog opens: an empty reason field, marked required when the host requires a reason for the action.
function prepareReason(dialogName, action) {
  const input = $(`#${dialogName}-reason`);
  if (!input) return;
  input.value = "";
  input.setAttribute("aria-required", action.reasonRequired ? "true" : "false");
  $(`#${dialogName}-reason-required`).hidden = !action.reasonRequired;
}

// What a dialog adds to its request: the reason (absent when empty) and, for a force-stop, the declaration's version.
function governedOptions(dialogName) {
  const options = {};
  const reason = $(`#${dialogName}-reason`).value.trim();
  if (reason) options.reason = reason;
  if (dialogName === "force-stop" && forceStopDeclaration) options.declarationVersion = forceStopDeclaration.version;
  return options;
}

// The View log's line on the action that ended the upgrade: who, when, why, and the declaration they accepted.
function renderEndedBy(log) {
  const block = $("#log-ended-by");
  block.replaceChildren();
  block.hidden = !log.endedBy;
  if (!log.endedBy) return;
  const ended = log.endedBy;
  block.append(el("h3", ended.action.name));
  const who = el("p", `${ended.actor}, ${ended.time}`, "ended-by-who");
  const reason = el("p", null, "ended-by-reason");
  reason.append(el("strong", pageText("Reason: ")), el("span", ended.reason || "-", "reason-text"));
  block.append(who, reason);
  if (ended.declaration) {
    const declaration = el("blockquote", ended.declaration.text, "declaration-text");
    declaration.lang = ended.declaration.language;
    declaration.title = pageText("Declaration version {0}", ended.declaration.version);
    block.append(declaration);
  }
}

// R-GOV-2: a record awaiting a second engineer's approval carries a banner under its status: who asked, when, the status
// approval gives, why, and until when. Everything in it is set as text; the reason is the operator's.
function renderPendingRequest(cell, row) {
  const request = row.pendingForceStop;
  if (!request) return;
  const banner = el("div", null, "pending-request");
  banner.setAttribute("role", "status");
  banner.append(
    el("strong", pageText("Force-stop awaiting approval")),
    el("span", pageText(" requested by {0} at {1}; on approval: {2}; expires {3}.", request.requestedBy, request.requestedTime,
      request.statusOnApproval.name, request.expiresTime), "pending-who"));
  if (request.reason) {
    const reason = el("span", null, "pending-reason");
    reason.append(el("em", pageText("Reason: ")), el("span", request.reason, "reason-text"));
    banner.append(reason);
  }
  cell.append(banner);
}

loadDeclaration();
// The declaration is the signed-in operator's to read: load it again when someone else signs in on this page.
$("#operator").addEventListener("change", loadDeclaration);
