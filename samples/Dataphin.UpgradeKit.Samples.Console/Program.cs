// The Dataphin.UpgradeKit console sample: a realistic set of upgrades through the SDK's public API, on the embedded
// SQLite store by default, then the Upgrade Records list, one View log panel, and an encrypted configuration download
// decrypted back. Run with --help for the options.
using System.Globalization;
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
    // Help goes to standard output; a wrong argument is one line on standard error.
    if (args.Any(a => a is "-h" or "--help" or "-?"))
    {
        Console.WriteLine(message);
        return 0;
    }

    Console.Error.WriteLine(message);
    return 2;
}

// The sample's own labels follow --culture as the SDK's texts do (Resources/SampleText*.resx).
CultureInfo.CurrentUICulture = options.Culture;
CultureInfo.CurrentCulture = options.Culture;
if (Console.IsOutputRedirected)
{
    // A log file has no terminal width: COLUMNS when the caller says it, else 100, which the list is laid out for.
    AnsiConsole.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var columns)
        && columns >= 40 ? columns : 100;
}

try
{
    return await RunAsync(options);
}
catch (Exception ex)
{
    // Whatever stops the sample (a database path it cannot create, a locked file, a full disk) is one line and a
    // non-zero exit, not a stack trace.
    Console.Error.WriteLine(SampleText.Format("Error", OneLine(ex)));
    return 1;
}

static string OneLine(Exception ex) =>
    string.Join(' ', (ex is AggregateException { InnerExceptions: [var inner] } ? inner : ex).Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

static async Task<int> RunAsync(SampleOptions options)
{
    var clock = new SimulatedClock(Instant.FromUtc(2026, 11, 1, 1, 0));
    var host = new CollectingHost();
    var services = new ServiceCollection()
        .AddSingleton<IClock>(clock)
        .AddSingleton<IUpgradeNotificationHandler>(host);
    var kit = services.AddUpgradeKit();
    if (options.Store == "memory")
    {
        kit.UseInMemory();
        AnsiConsole.MarkupLine(SampleText.Get("StoreInMemory"));
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

            AnsiConsole.MarkupLine(SampleText.Format(existed ? "StoreSqliteReset" : "StoreSqliteNew", Markup.Escape(options.DatabasePath)));
        }
        else
        {
            AnsiConsole.MarkupLine(SampleText.Format("StoreSqliteReused", Markup.Escape(options.DatabasePath)));
        }

        // A new database on the first run (or after the reset) is what this sample wants: creation stays on, and the store
        // logs a warning when it creates one. A host in production sets CreateIfMissing = false (R-STORE-1, docs/storage.md).
        kit.UseSqlite(options.DatabasePath, o => o.CreateIfMissing = !options.Keep || !File.Exists(options.DatabasePath));
    }

    await using var provider = services.BuildServiceProvider();
    var service = UpgradeKitFeatures.From(provider);
    // As a generic host would: start the hosted services, among them the SDK's notification dispatcher, which also
    // delivers what a crashed earlier run left in the outbox; they stop when the sample ends.
    await using var hosted = new HostedServices(provider);
    await hosted.StartAsync();
    if (options.Keep && (await service.Queries.ListAsync(new UpgradeRecordQuery { PageSize = 1 })).Items is [var newest])
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
        AnsiConsole.MarkupLine(SampleText.Get("NotificationsWaiting"));
    }

    Renderer.Notifications(host.Received);
    AnsiConsole.WriteLine();

    var display = new DisplayContext(options.Zone, options.Culture);
    var query = new UpgradeRecordQuery { PageSize = 50 };
    var rowsForOperator = (await service.Queries.ListRowsAsync(query, UpgradeScenarios.Operator, display)).Rows;
    var rowsForEngineer = (await service.Queries.ListRowsAsync(query, UpgradeScenarios.Engineer, display)).Rows;
    Renderer.RecordsTable(rowsForOperator, rowsForEngineer);
    AnsiConsole.MarkupLine(SampleText.Format("TimesIn", Markup.Escape(options.Zone.Id)));
    AnsiConsole.MarkupLine(Markup.Escape(SampleText.Get("DisabledHeading")));
    foreach (var row in rowsForOperator)
    {
        Renderer.DisabledReasons(row);
    }

    AnsiConsole.WriteLine();
    var succeeded = ids.First().Value!.Value;
    Renderer.ViewLog(await service.Queries.ViewLogAsync(succeeded, UpgradeScenarios.Operator, display));

    AnsiConsole.WriteLine();
    Directory.CreateDirectory(options.OutputFolder);
    var record = await service.Queries.GetAsync(succeeded);
    var download = Path.Combine(options.OutputFolder, record.Configuration!.FileName + ".age");
    ConfigurationExport export;
    await using (var file = File.Create(download))
    {
        export = await new ConfigurationExporter(service.Queries).ExportAsync(succeeded, UpgradeScenarios.Operator, file);
    }

    using (export)
    {
        AnsiConsole.MarkupLine(SampleText.Format("DownloadWritten", Markup.Escape(download), export.Length, export.Receipt.EncryptedSha256[..16]));
        AnsiConsole.MarkupLine(SampleText.Format("DownloadPassword", Markup.Escape(export.Password.Reveal())));
        var plain = ConfigurationDecryptor.Decrypt(await File.ReadAllBytesAsync(download), export.Password.Reveal());
        var saved = await provider.GetRequiredService<IUpgradeStore>().ReadConfigurationAsync(succeeded);
        var same = saved is not null && plain.AsSpan().SequenceEqual(saved.Content.Span);
        AnsiConsole.MarkupLine(SampleText.Get(same ? "DecryptedSame" : "DecryptedDiffers"));
        AnsiConsole.MarkupLine(SampleText.Format("WithAge", Markup.Escape($"age -d -o {record.Configuration.FileName} {download}")));
        AnsiConsole.MarkupLine(SampleText.Format("WithCli", Markup.Escape($"upgradekit decrypt {download} --out {record.Configuration.FileName}")));
        if (!same)
        {
            return 1;
        }
    }

    return 0;
}
