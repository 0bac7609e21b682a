// The Dataphin.UpgradeKit console sample: a realistic set of upgrades through the SDK's public API, on the embedded
// SQLite store by default, then the Upgrade Records list, one View log panel, and an encrypted configuration download
// decrypted back. Run with --help for the options.
using Dataphin.UpgradeKit.Service;
using Dataphin.UpgradeKit;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Export;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Samples.Console;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Spectre.Console;

var options = SampleOptions.Parse(args, out var message);
if (options is null)
{
    Console.WriteLine(message);
    return args.Any(a => a is "-h" or "--help" or "-?") ? 0 : 2;
}

if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 240; // a log file has no terminal width; keep the ten list columns on one line
}

var clock = new SimulatedClock(Instant.FromUtc(2026, 11, 1, 1, 0));
var host = new CollectingHost();
var services = new ServiceCollection()
    .AddSingleton<IClock>(clock)
    .AddSingleton<IUpgradeNotificationHandler>(host);
var kit = services.AddUpgradeKit();
if (options.Store == "memory")
{
    kit.UseInMemory();
    AnsiConsole.MarkupLine("Store: [yellow]in memory[/] (nothing is kept after the sample ends).");
}
else
{
    Directory.CreateDirectory(Path.GetDirectoryName(options.DatabasePath)!);
    if (!options.Keep)
    {
        var existed = File.Exists(options.DatabasePath);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(options.DatabasePath + suffix);
        }

        AnsiConsole.MarkupLine(existed
            ? $"Store: SQLite at [blue]{Markup.Escape(options.DatabasePath)}[/], [yellow]reset[/]: the previous run's records were removed (use --keep to reuse them)."
            : $"Store: SQLite at [blue]{Markup.Escape(options.DatabasePath)}[/], a new database.");
    }
    else
    {
        AnsiConsole.MarkupLine($"Store: SQLite at [blue]{Markup.Escape(options.DatabasePath)}[/], [yellow]reused[/] with the records of earlier runs (--keep).");
    }

    // A new database on the first run (or after the reset) is what this sample wants: creation stays on, and the store
    // logs a warning when it creates one. A host in production sets CreateIfMissing = false (R-STORE-1, docs/storage.md).
    kit.UseSqlite(options.DatabasePath, o => o.CreateIfMissing = !options.Keep || !File.Exists(options.DatabasePath));
}

await using var provider = services.BuildServiceProvider();
var service = provider.GetRequiredService<UpgradeRecordService>();
// As a generic host would: start the hosted services, among them the SDK's notification dispatcher, which also
// delivers what a crashed earlier run left in the outbox; they stop when the sample ends.
await using var hosted = new HostedServices(provider);
await hosted.StartAsync();
if (options.Keep && (await service.ListAsync(new UpgradeRecordQuery { PageSize = 1 })).Items is [var newest])
{
    clock.Set(newest.CreatedAt + Duration.FromDays(1)); // carry on after the earlier runs' records
}

if (options.Watch)
{
    return await LiveWatch.RunAsync(service, clock, new DisplayContext(options.Zone, options.Culture));
}

var scenarios = new UpgradeScenarios(service, clock);
var ids = new Dictionary<string, UpgradeRecordId?>();
await AnsiConsole.Progress()
    .AutoClear(false)
    .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn())
    .StartAsync(async ctx =>
    {
        foreach (var (title, steps, run) in scenarios.All)
        {
            var task = ctx.AddTask(Markup.Escape(title), maxValue: steps);
            ids[title] = await run(task);
            task.Value = task.MaxValue;
        }
    });

AnsiConsole.WriteLine();
if (!await HostedServices.DeliveredAsync(provider.GetRequiredService<IUpgradeStore>()))
{
    AnsiConsole.MarkupLine("[yellow]Some notifications are still waiting for the dispatcher.[/]");
}

Renderer.Notifications(host.Received);
AnsiConsole.WriteLine();

var display = new DisplayContext(options.Zone, options.Culture);
var query = new UpgradeRecordQuery { PageSize = 50 };
var rowsForOperator = (await service.ListRowsAsync(query, UpgradeScenarios.Operator, display)).Rows;
var rowsForEngineer = (await service.ListRowsAsync(query, UpgradeScenarios.Engineer, display)).Rows;
Renderer.RecordsTable(rowsForOperator, rowsForEngineer);
AnsiConsole.MarkupLine($"Times in [blue]{Markup.Escape(options.Zone.Id)}[/]. The upgrade cancelled without a saved configuration has no row (R-REC-2).");
AnsiConsole.MarkupLine("Why an operator's buttons are disabled (besides the status):");
foreach (var row in rowsForOperator)
{
    Renderer.DisabledReasons(row);
}

AnsiConsole.WriteLine();
var succeeded = ids.First().Value!.Value;
Renderer.ViewLog(await service.ViewLogAsync(succeeded, UpgradeScenarios.Operator, display));

AnsiConsole.WriteLine();
Directory.CreateDirectory(options.OutputFolder);
var record = await service.GetAsync(succeeded);
var download = Path.Combine(options.OutputFolder, record.Configuration!.FileName + ".age");
ConfigurationExport export;
await using (var file = File.Create(download))
{
    export = await new ConfigurationExporter(service).ExportAsync(succeeded, UpgradeScenarios.Operator, file);
}

using (export)
{
    AnsiConsole.MarkupLine($"Encrypted configuration written to [blue]{Markup.Escape(download)}[/] ({export.Length} bytes, sha256 {export.Receipt.EncryptedSha256[..16]}…).");
    AnsiConsole.MarkupLine($"One-time password (shown once): [bold yellow]{export.Password.Reveal()}[/]");
    var plain = ConfigurationDecryptor.Decrypt(await File.ReadAllBytesAsync(download), export.Password.Reveal());
    var same = plain.AsSpan().SequenceEqual(record.Configuration.Content.Span);
    AnsiConsole.MarkupLine(same
        ? "Decrypted it back with the SDK's decryptor: [green]identical to the saved configuration[/]."
        : "[red]Decrypted content differs from the saved configuration[/].");
    AnsiConsole.MarkupLine($"The same with the age tool:  [grey]age -d -o {Markup.Escape(record.Configuration.FileName)} {Markup.Escape(download)}[/]  (type the password when asked)");
    AnsiConsole.MarkupLine($"Or with our CLI:             [grey]upgradekit decrypt {Markup.Escape(download)} --out {Markup.Escape(record.Configuration.FileName)}[/]");
    if (!same)
    {
        return 1;
    }
}

return 0;
