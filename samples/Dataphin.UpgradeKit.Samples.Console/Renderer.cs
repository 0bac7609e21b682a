using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Projections;
using Spectre.Console;

namespace Dataphin.UpgradeKit.Samples.Console;

/// <summary>
/// Draws the SDK's projections: their texts come from the SDK, the labels around them from <see cref="SampleText"/>.
/// The list fits a 100-column terminal: a cell holds two related values on two lines (versions and mode, start and
/// duration), times never wrap, and only the status and actions wrap between words.
/// </summary>
internal static class Renderer
{
    public static void RecordsTable(IReadOnlyList<RecordListRow> forOperator, IReadOnlyList<RecordListRow> forEngineer)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{E(T("TableTitle"))}[/]")
            .AddColumn(new TableColumn(E(T("ColumnUpgrade"))))
            .AddColumn(new TableColumn(E(T("ColumnUpgradeTime"))).NoWrap())
            .AddColumn(new TableColumn(E(T("ColumnMaintenance"))).NoWrap())
            .AddColumn(new TableColumn(E(T("ColumnStatus"))))
            .AddColumn(new TableColumn(E(T("ColumnActions"))));
        var engineerRows = forEngineer.ToDictionary(r => r.Id);
        foreach (var row in forOperator)
        {
            // The O&M engineer sees what the operator sees and, on a running upgrade, Force-stop: only the difference is shown.
            var more = engineerRows[row.Id].Actions.Where(a => a.Offered && !row.Actions.Any(o => o.Action == a.Action && o.Offered)).ToList();
            table.AddRow(
                $"{E(row.InitialVersion)} → {E(row.TargetVersion)}\n[grey]{E(row.Mode.Name)}[/]",
                $"{E(row.UpgradeStart)}\n{E(row.UpgradeDuration)}",
                $"{E(row.MaintenanceStart)}\n{E(row.MaintenanceDuration)}",
                E(row.Status.Name),
                Offered(row.Actions) + (more.Count == 0 ? "" : $"\n[grey]{E(T("ActionsEngineer"))}:[/] {string.Join(", ", more.Select(a => E(a.Name)))}"));
        }

        AnsiConsole.Write(table);
    }

    public static void DisabledReasons(RecordListRow row)
    {
        foreach (var action in row.Actions.Where(a => !a.Offered && a.Reason != ActionReasonCode.StatusNotEligible))
        {
            AnsiConsole.MarkupLine($"  [grey]{E(SampleText.Format("DisabledReason", row.TargetVersion, action.Name, action.Reason, action.Explanation))}[/]");
        }
    }

    public static void ViewLog(ViewLogPanel log)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow(E(T("LogStatus")), E(log.Status.Name));
        grid.AddRow(E(T("LogConfiguration")), E(log.ConfigurationFile.FileName ?? "-") + (log.ConfigurationFile.Downloadable ? $"  [green]{E(T("LogEncryptedDownload"))}[/]" : string.Empty));
        grid.AddRow(E(T("LogMode")), E(log.Mode.Name));
        grid.AddRow(E(T("LogDataServiceStudioMode")), E(log.DataServiceStudioMode.Name));
        grid.AddRow(E(T("LogUpgrade")), $"{E(log.Upgrade.Start)}  →  {E(log.Upgrade.End)}   {E(SampleText.Format("LogTotal", log.Upgrade.Total))}");
        grid.AddRow(E(T("LogMaintenance")), log.Maintenance is { } m
            ? $"{E(m.Start)}  →  {E(m.End)}   {E(SampleText.Format("LogTotal", m.Total))}"
            : $"[grey]{E(T("LogZeroDowntime"))}[/]");
        AnsiConsole.Write(new Panel(grid).Header(E(SampleText.Format("LogHeader", log.InitialVersion, log.TargetVersion))).Border(BoxBorder.Rounded));

        if (log.Timeline is null)
        {
            return;
        }

        var tree = new Tree($"[bold]{E(T("LogTimeline"))}[/]");
        foreach (var node in log.Timeline)
        {
            var branch = tree.AddNode($"{E(node.Name)}  [blue]{E(node.Text)}[/]");
            foreach (var task in node.Tasks)
            {
                branch.AddNode($"{E(task.Name)}  {E(task.Status.Name)}  {E(task.Start)} ~ {E(task.End)}  [grey]{E(task.DetailsLink ?? string.Empty)}[/]");
            }
        }

        AnsiConsole.Write(tree);
    }

    public static void Notifications(IEnumerable<UpgradeNotification> notifications)
    {
        foreach (var n in notifications)
        {
            var what = n switch
            {
                UpgradeStoppedNotification s => T("NotifyResumeScheduling") + (s.ExitMaintenanceMode ? T("NotifyExitMaintenance") : "")
                    + (s.RerunForceStoppedInstances ? T("NotifyRerun") : ""),
                UpgradeForceStoppedNotification f => SampleText.Format("NotifyForceStopped", f.Result),
                UpgradeFailedNotification f => SampleText.Format("NotifyFailed", f.Reason),
                UpgradeCompletedNotification => T("NotifyCompleted"),
                _ => n.GetType().Name,
            };
            AnsiConsole.MarkupLine($"  [grey]{E(SampleText.Format("HostNotified", n.Id.ToString("N")))}[/] {E(what)}");
        }
    }

    private static string Offered(IReadOnlyList<ActionView> actions)
    {
        var offered = actions.Where(a => a.Offered).Select(a => E(a.Name)).ToList();
        return offered.Count == 0 ? "-" : string.Join(", ", offered);
    }

    private static string T(string name) => SampleText.Get(name);

    private static string E(string text) => Markup.Escape(text);
}
