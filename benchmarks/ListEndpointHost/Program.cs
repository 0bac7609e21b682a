// The list endpoint's throughput host (eng/bench-list.sh): GET /api/upgrades?pageSize=20 over the SQLite store with
// configurations protected by Data Protection, as the web sample serves it, and GET /floor, the same page's bytes
// serialised once at start: the floor of what ASP.NET Core costs for a 20-row JSON page on this machine.
// Usage: dotnet Dataphin.UpgradeKit.Benchmarks.ListEndpointHost.dll --urls http://127.0.0.1:5091 --records 1000 --database <file>
using System.Text;
using Dataphin.UpgradeKit;
using Dataphin.UpgradeKit.AspNetCore.Operators;
using Dataphin.UpgradeKit.Benchmarks.ListEndpointHost;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Commands;
using Microsoft.AspNetCore.DataProtection;
using NodaTime;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var records = builder.Configuration.GetValue("records", 1000);
var database = builder.Configuration["database"] ?? throw new InvalidOperationException("--database <file> is required.");
builder.Services.AddSingleton<IOperatorAccessor, SignedInOperator>();
builder.Services.AddDataProtection().SetApplicationName("Dataphin.UpgradeKit.Benchmarks").UseEphemeralDataProtectionProvider();
builder.Services.AddUpgradeKit().UseSqlite(database).ProtectConfigurationsWithDataProtection();

var app = builder.Build();
var service = app.Services.GetRequiredService<UpgradeCommands>();
var yaml = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("# Dataphin upgrade configuration\ncluster: prod-east\nservices: [gateway, metadata, scheduler]\n", 20)));
for (var i = 0; i < records; i++)
{
    // Created and given its configuration, as a host does first: every row of every page has a saved configuration.
    var target = ProductVersion.Parse($"V{5 + (i / 100)}.{i % 100}.0");
    var record = await service.CreateAsync(new NewUpgradeRequest
    {
        TargetVersion = target, InitialVersion = ProductVersion.Parse("V4.0.0"), Mode = UpgradeMode.Maintenance,
        DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
    }, SignedInOperator.Alice);
    await service.SaveConfigurationAsync(record.Id, new ConfigurationFile($"upgrade-{i}.yaml", yaml, SystemClock.Instance.GetCurrentInstant()), SignedInOperator.Alice);
}

byte[] floor = [];
app.MapGet("/floor", () => Results.Bytes(floor, "application/json; charset=utf-8"));
app.MapUpgradeRecords();
await app.StartAsync();

// The floor page is the real endpoint's answer, fetched once through HTTP so both serve the same bytes.
var address = app.Urls.First();
using (var client = new HttpClient())
{
    client.DefaultRequestHeaders.Add("X-Operator", "alice");
    floor = await client.GetByteArrayAsync(new Uri(address + "/api/upgrades?pageSize=20"));
}

Console.WriteLine($"ready {address} records={records} page={floor.Length}B");
await app.WaitForShutdownAsync();
