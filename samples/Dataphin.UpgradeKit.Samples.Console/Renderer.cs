using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Projections;
using Spectre.Console;

namespace Dataphin.UpgradeKit.Samples.Console;

/// <summary>Draws the SDK's projections; every text comes from the SDK, the sample only lays it out.</summary>
internal static class Renderer
{
    public static void RecordsTable(IReadOnlyList<RecordListRow> forOperator, IReadOnlyList<RecordListRow> forEngineer)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Upgrade Records[/]")
            .AddColumns("Target version", "Initial version", "Upgrade mode", "Upgrade start time", "Upgrade duration",
                "Maintenance start time", "Maintenance duration", "Status", "Actions (operator)", "Actions (O&M engineer)");
        var engineerRows = forEngineer.ToDictionary(r => r.Id);
        foreach (var row in forOperator)
        {
            table.AddRow(
                E(row.TargetVersion), E(row.InitialVersion), E(row.Mode.Name), E(row.UpgradeStart), E(row.UpgradeDuration),
                E(row.MaintenanceStart), E(row.MaintenanceDuration), E(row.Status.Name),
                Offered(row.Actions), Offered(engineerRows[row.Id].Actions));
        }

        AnsiConsole.Write(table);
    }

    public static void DisabledReasons(RecordListRow row)
    {
        foreach (var action in row.Actions.Where(a => !a.Offered && a.Reason != ActionReasonCode.StatusNotEligible))
        {
            AnsiConsole.MarkupLine($"  [grey]{E(row.TargetVersion)} {E(action.Name)} disabled ({action.Reason}): {E(action.Explanation)}[/]");
        }
    }

    public static void ViewLog(ViewLogPanel log)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("Status", E(log.Status.Name));
        grid.AddRow("Configuration file", E(log.ConfigurationFile.FileName ?? "-") + (log.ConfigurationFile.Downloadable ? "  [green](encrypted download)[/]" : string.Empty));
        grid.AddRow("Upgrade mode", E(log.Mode.Name));
        grid.AddRow("DataService Studio upgrade mode", E(log.DataServiceStudioMode.Name));
        grid.AddRow("Upgrade", $"{E(log.Upgrade.Start)}  →  {E(log.Upgrade.End)}   total {E(log.Upgrade.Total)}");
        grid.AddRow("Maintenance mode", log.Maintenance is { } m ? $"{E(m.Start)}  →  {E(m.End)}   total {E(m.Total)}" : "[grey](zero-downtime: none)[/]");
        AnsiConsole.Write(new Panel(grid).Header($"View log: {E(log.InitialVersion)} → {E(log.TargetVersion)}").Border(BoxBorder.Rounded));

        if (log.Timeline is null)
        {
            return;
        }

        var tree = new Tree("[bold]Detailed upgrade timeline[/]");
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
                UpgradeStoppedNotification s => $"resume job scheduling{(s.ExitMaintenanceMode ? ", exit maintenance mode" : "")}{(s.RerunForceStoppedInstances ? ", rerun force-stopped instances" : "")}",
                UpgradeForceStoppedNotification f => $"upgrade force-stopped, declared {f.Result}",
                UpgradeFailedNotification f => $"upgrade failed: {f.Reason}",
                UpgradeCompletedNotification => "upgrade completed",
                _ => n.GetType().Name,
            };
            AnsiConsole.MarkupLine($"  [grey]host notified ({n.Id:N}):[/] {E(what)}");
        }
    }

    private static string Offered(IReadOnlyList<ActionView> actions)
    {
        var offered = actions.Where(a => a.Offered).Select(a => E(a.Name)).ToList();
        return offered.Count == 0 ? "[grey]-[/]" : string.Join(", ", offered);
    }

    private static string E(string text) => Markup.Escape(text);
}
