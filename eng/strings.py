# Source of the SDK's display texts: generates src/Dataphin.UpgradeKit/Display/Strings.resx (English) and Strings.zh-Hans.resx,
# and the sample page's vocabulary samples/Dataphin.UpgradeKit.Samples.Web/wwwroot/vocabulary.generated.js.
# Edit here, run `python3 eng/strings.py`, commit all three. A test checks every key exists in every language, and one
# runs `python3 eng/strings.py --check`, which fails when a generated file differs from what this script writes.
import html, json, pathlib, sys
S = {}
def s(key, en, zh): S[key] = (en, zh)
s("Status_Configuring", "Configuring", "配置中")
s("Status_Upgrading", "Upgrading", "升级中")
s("Status_Verifying", "Verifying", "验证中")
s("Status_Succeeded", "Upgrade Succeeded", "升级成功")
s("Status_Failed", "Upgrade Failed", "升级失败")
s("Status_Stopped", "Upgrade Stopped", "升级已停止")
s("Status_ForceStoppedSucceeded", "Force-Stopped and Marked as Succeeded", "已强制停止并标记为成功")
s("Status_ForceStoppedFailed", "Force-Stopped and Marked as Failed", "已强制停止并标记为失败")
s("Status_Canceled", "Canceled", "已取消")
s("Action_ResumeUpgrade", "Resume upgrade", "继续升级")
s("Action_ResumeVerification", "Resume verification", "继续验证")
s("Action_Cancel", "Cancel upgrade", "取消升级")
s("Action_Stop", "Stop upgrade", "停止升级")
s("Action_ForceStop", "Force-stop upgrade", "强制停止升级")
s("Action_Complete", "Complete upgrade", "完成升级")
s("Action_ViewLog", "View log", "查看日志")
s("Action_RequestForceStop", "Request force-stop", "申请强制停止")
s("Action_ApproveForceStop", "Approve force-stop", "批准强制停止")
s("Action_RejectForceStop", "Reject force-stop", "拒绝强制停止")
s("Action_WithdrawForceStop", "Withdraw force-stop request", "撤回强制停止申请")
ops = {
 "Create": ("Create upgrade", "创建升级"), "SaveConfiguration": ("Save configuration", "保存配置"),
 "Start": ("Start upgrade", "开始升级"), "ReportProgress": ("Report progress", "上报进度"),
 "CompleteSteps": ("Complete upgrade steps", "完成升级步骤"), "Fail": ("Mark upgrade failed", "标记升级失败"),
 "ExitMaintenanceMode": ("Exit maintenance upgrade mode", "退出维护升级模式"),
 "ResumeUpgrade": ("Resume upgrade", "继续升级"), "ResumeVerification": ("Resume verification", "继续验证"),
 "Cancel": ("Cancel upgrade", "取消升级"), "Stop": ("Stop upgrade", "停止升级"),
 "ForceStop": ("Force-stop upgrade", "强制停止升级"), "Complete": ("Complete upgrade", "完成升级"),
 "ViewLog": ("View log", "查看日志"), "DownloadConfiguration": ("Download configuration file", "下载配置文件"),
 "Pin": ("Pin record", "固定记录"), "Unpin": ("Unpin record", "取消固定记录"),
 "RequestForceStop": ("Request force-stop", "申请强制停止"), "ApproveForceStop": ("Approve force-stop", "批准强制停止"),
 "RejectForceStop": ("Reject force-stop", "拒绝强制停止"), "WithdrawForceStop": ("Withdraw force-stop request", "撤回强制停止申请"),
 "ExpireForceStopRequest": ("Expire force-stop request", "强制停止申请过期"),
}
for k, (en, zh) in ops.items(): s("Operation_" + k, en, zh)
# The status lists and the Stop window are the host's rules (LifecycleRuleOptions), not the spec's defaults: each
# "{0}" is the list of statuses whose records support the action under the active rules, joined with List_* below.
s("Reason_StatusNotEligible_ResumeUpgrade", "Only records with status {0} support resuming the upgrade.", "仅状态为{0}的记录支持继续升级。")
s("Reason_StatusNotEligible_ResumeVerification", "Only records with status {0} support resuming verification.", "仅状态为{0}的记录支持继续验证。")
s("Reason_StatusNotEligible_Cancel", "Only records with status {0} support canceling the upgrade.", "仅状态为{0}的记录支持取消升级。")
s("Reason_StatusNotEligible_Stop", "Stopping an upgrade is supported only when the status is {0}.", "仅状态为{0}时支持停止升级。")
s("Reason_StatusNotEligible_ForceStop", "Only records with status {0} support force-stopping the upgrade.", "仅状态为{0}的记录支持强制停止升级。")
s("Reason_StatusNotEligible_Complete", "Only records with status {0} support completing the upgrade.", "仅状态为{0}的记录支持完成升级。")
s("Reason_StatusNotEligible_ViewLog", "Only records with status {0} support viewing logs.", "仅状态为{0}的记录支持查看日志。")
s("Reason_StatusNotEligible_RequestForceStop", "Only records with status {0} support requesting a force-stop.", "仅状态为{0}的记录支持申请强制停止。")
s("Reason_StatusNotEligible_ApproveForceStop", "Only records with status {0} support approving a force-stop.", "仅状态为{0}的记录支持批准强制停止。")
s("Reason_StatusNotEligible_RejectForceStop", "Only records with status {0} support rejecting a force-stop.", "仅状态为{0}的记录支持拒绝强制停止。")
s("Reason_StatusNotEligible_WithdrawForceStop", "Only records with status {0} support withdrawing a force-stop request.", "仅状态为{0}的记录支持撤回强制停止申请。")
s("Reason_NotOfferedForAnyStatus", "{0} is not offered for any record status.", "任何状态的记录均不支持{0}。")
s("List_Separator", ", ", "、")
s("List_OrPair", "{0} or {1}", "{0}或{1}")
s("List_OrLast", "{0}, or {1}", "{0}或{1}")
s("Reason_StatusNotEligible", "{0} is not possible while the record's status is {1}.", "记录状态为{1}时无法{0}。")
s("Reason_StopWindowClosed", "The upgrade can no longer be stopped: the force-stop task has run and application shutdown has started.", "无法再停止升级：强制停止任务已运行且应用已开始停机。")
# StopWindowReading.Strict: either one closes the window.
s("Reason_StopWindowClosed_Strict", "The upgrade can no longer be stopped: the force-stop task has run or application shutdown has started.", "无法再停止升级：强制停止任务已运行或应用已开始停机。")
s("Reason_OperatorNotQualified", "Only qualified O&M engineers can force-stop an upgrade.", "仅具备资质的运维工程师可以强制停止升级。")
s("Reason_DeclarationRequired", "Select the Declaration checkbox before confirming the force stop.", "确认强制停止前请勾选声明。")
s("Reason_ForceStopResultRequired", "Select the upgrade result: upgraded to the new version, or rolled back to the original version.", "请选择升级结果：已升级到新版本，或已回滚到原版本。")
s("Reason_MaintenanceModeNotActive", "Maintenance upgrade mode is not on.", "维护升级模式未开启。")
s("Reason_ConfigurationNotSaved", "No configuration file was saved for this upgrade.", "此次升级未保存配置文件。")
s("Reason_ConcurrencyConflict", "The record was changed by someone else. Reload it and try again.", "记录已被他人修改，请刷新后重试。")
# R-GOV-2: the two-person rule's refusals.
s("Reason_ApprovalRequired", "Force-stopping needs a second qualified O&M engineer's approval: request the force-stop instead.", "强制停止需要另一名具备资质的运维工程师批准：请改为申请强制停止。")
s("Reason_ForceStopRequestPending", "A force-stop request is already awaiting approval on this record.", "此记录已有待批准的强制停止申请。")
s("Reason_NoForceStopRequestPending", "No force-stop request is awaiting approval on this record.", "此记录没有待批准的强制停止申请。")
s("Reason_RequesterCannotDecide", "You made this force-stop request: a different qualified O&M engineer must approve or reject it.", "此强制停止申请由您提出，须由另一名具备资质的运维工程师批准或拒绝。")
s("Reason_CreatorCannotDecide", "You created this upgrade: a different qualified O&M engineer must approve or reject its force-stop.", "此升级由您创建，须由另一名具备资质的运维工程师批准或拒绝其强制停止。")
s("Reason_NotTheRequester", "Only the operator who made the force-stop request can withdraw it.", "仅提出强制停止申请的操作员可以撤回该申请。")
s("Reason_ReasonRequired", "Give a reason for this action: 1 to 500 characters on one line.", "请填写执行此操作的原因：1 至 500 个字符，不换行。")
# R-GOV-3: the declaration a force-stop's engineer accepts is recorded word for word with this version. A new wording
# (in any language) gets a new version, so the audit trail says which one was shown.
s("Declaration_ForceStop_Version", "2026-12-06", "2026-12-06")
s("Declaration_ForceStop", "I confirm that I completed the upgrade or the rollback by hand, that the result I selected is true, and that I take responsibility for force-stopping this upgrade, which the system cannot self-heal and which may make Dataphin unavailable.", "我确认已手动完成升级或回滚，所选结果属实，并对强制停止此次升级负责；强制停止无法由系统自行恢复，且可能导致 Dataphin 不可用。")
s("Mode_Maintenance", "Maintenance upgrade", "停机维护升级")
s("Mode_ZeroDowntime", "Zero-downtime upgrade", "不停机升级")
s("DssMode_UpgradeTogether", "Upgrade together", "一起升级")
s("DssMode_UpgradeSeparately", "Upgrade separately", "单独升级")
s("DssMode_DoNotUpgrade", "Do not upgrade", "不升级")
s("Node_StopServices", "Stop services", "停止服务")
s("Node_DatabaseBackup", "Database backup", "数据库备份")
s("Node_UpgradeServices", "Upgrade services", "升级服务")
s("Node_DataUpdate", "Data update", "数据更新")
s("Node_DataServiceStudioUpgrade", "DataService Studio upgrade", "数据服务升级")
s("TaskStatus_Running", "Running", "运行中")
s("TaskStatus_Success", "Success", "成功")
s("TaskStatus_Failed", "Failed", "失败")
s("TaskStatus_Skipped", "Skipped", "已跳过")
s("NodeState_NotStarted", "Not started", "未开始")
s("NodeState_Running", "Running", "进行中")
s("NodeState_Finished", "Finished", "已完成")

def resx(lang):
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<!-- Generated by eng/strings.py: edit that file, not this one. -->', '<root>',
      '  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>',
      '  <resheader name="version"><value>2.0</value></resheader>',
      '  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>',
      '  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>']
    for k in sorted(S):
        out.append(f'  <data name="{k}" xml:space="preserve"><value>{html.escape(S[k][lang], quote=False)}</value></data>')
    out.append('</root>')
    return "\n".join(out) + "\n"
# The outcome categories (UpgradeOutcomeCategory) have no SDK display text; the sample page names them on its charts.
categories = {
 "Running": ("Running", "进行中"), "Succeeded": ("Succeeded", "成功"), "Failed": ("Failed", "失败"),
 "Stopped": ("Stopped", "已停止"), "ForceStopped": ("Force-stopped", "已强制停止"), "Canceled": ("Canceled", "已取消"),
}

# The page's names of statuses, modes, operations and outcome categories, keyed by the enum member's name, in en and zh.
def vocabulary_js():
    def kind(prefix, lang):
        return {k[len(prefix):]: S[k][lang] for k in S if k.startswith(prefix)}
    data = {lang_name: {"statuses": kind("Status_", lang), "modes": kind("Mode_", lang), "operations": kind("Operation_", lang),
                        "categories": {k: v[lang] for k, v in categories.items()}}
            for lang_name, lang in (("en", 0), ("zh", 1))}
    return ("// Generated by eng/strings.py from the SDK's display texts (the same as src/Dataphin.UpgradeKit/Display/Strings*.resx):\n"
            "// edit that file and run `python3 eng/strings.py`, not this one. The names of statuses, modes, operations and outcome\n"
            "// categories, keyed by the enum member's name, in English (en) and Chinese (zh).\n"
            '"use strict";\n\n'
            "const vocabulary = " + json.dumps(data, ensure_ascii=False, indent=2) + ";\n")

root = pathlib.Path(__file__).resolve().parent.parent
d = root / "src/Dataphin.UpgradeKit/Display"
outputs = {
    d / "Strings.resx": resx(0),
    # Chinese (Simplified) as the neutral script culture zh-Hans: zh-CN, zh-SG and zh-Hans-CN all reach it through .NET's
    # parent-culture chain (each one's parent is zh-Hans), where a zh-CN file would serve zh-CN alone.
    d / "Strings.zh-Hans.resx": resx(1),
    root / "samples/Dataphin.UpgradeKit.Samples.Web/wwwroot/vocabulary.generated.js": vocabulary_js(),
}
if "--check" in sys.argv[1:]:
    stale = [str(path.relative_to(root)) for path, text in outputs.items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    for path in stale:
        print(f"stale: {path} (run python3 eng/strings.py)")
    sys.exit(1 if stale else 0)
for path, text in outputs.items():
    path.write_text(text, encoding="utf-8")
