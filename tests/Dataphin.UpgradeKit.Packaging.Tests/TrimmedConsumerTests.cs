using System.Diagnostics;
using System.Runtime.InteropServices;
using Xunit;
using Xunit.Abstractions;

namespace Dataphin.UpgradeKit.Packaging.Tests;

/// <summary>
/// Issue 22: the library packages are trimmable and NativeAOT-compatible. A console host made from the packed packages
/// is published trimmed, and as NativeAOT, for this machine's platform; the publish prints no trim or AOT warning, and
/// the published program creates, stops, lists and exports a record, with the SDK's JSON, where reflection-based
/// serialisation is off. On the old code the trimmed host warned (IL2026 from UpgradeKitJson) and then failed with
/// "Reflection-based serialization has been disabled".
/// </summary>
[Collection(PackedFeedGroup.Name)]
public sealed class TrimmedConsumerTests(PackedFeed feed, ITestOutputHelper output)
{
    private static readonly string[] References = ["Dataphin.UpgradeKit", "Dataphin.UpgradeKit.Export"];

    [Theory]
    [InlineData("PublishTrimmed")]
    [InlineData("PublishAot")]
    public async Task Publish_ConsoleHostFromThePackages_NoTrimOrAotWarningAndItRuns(string mode)
    {
        var project = feed.NewScratchFolder(mode);
        await File.WriteAllTextAsync(Path.Combine(project, "nuget.config"), feed.ConsumerNuGetConfig());
        var references = string.Join("\n", References.Select(id => $"""    <PackageReference Include="{id}" Version="{feed.Version}" />"""));
        await File.WriteAllTextAsync(Path.Combine(project, "Host.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
            {references}
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(project, "Program.cs"), """
            using System.Text.Json;
            using System.Text.Json.Serialization.Metadata;
            using Dataphin.UpgradeKit;
            using Dataphin.UpgradeKit.Commands;
            using Dataphin.UpgradeKit.Export;
            using Dataphin.UpgradeKit.Lifecycle;
            using Dataphin.UpgradeKit.Operators;
            using Dataphin.UpgradeKit.Projections;
            using Dataphin.UpgradeKit.Queries;
            using Dataphin.UpgradeKit.Storage;

            Console.WriteLine($"reflection-based JSON: {JsonSerializer.IsReflectionEnabledByDefault}");
            var clock = NodaTime.SystemClock.Instance;
            var store = new InMemoryUpgradeStore();
            var commands = new UpgradeCommands(store, clock);
            var hostReports = new UpgradeHostReports(store, clock);
            var queries = new UpgradeQueries(store, clock);
            var me = new OperatorIdentity("consumer");
            var upgrade = await commands.CreateAsync(new NewUpgradeRequest
            {
                TargetVersion = ProductVersion.Parse("V5.0.0"), InitialVersion = ProductVersion.Parse("V4.0.0"),
                Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.DoNotUpgrade,
            }, me);
            await commands.SaveConfigurationAsync(upgrade.Id, new ConfigurationFile("c.yaml", "hello"u8.ToArray(), clock.GetCurrentInstant()), me);
            await hostReports.StartAsync(upgrade.Id);
            var stopped = await commands.StopAsync(upgrade.Id, me, new StopOptions(RerunForceStoppedInstances: true));
            var page = await queries.ListRowsAsync(new UpgradeRecordQuery(), me, DisplayContext.Default);
            using var file = new MemoryStream();
            using var export = await new ConfigurationExporter(queries).ExportAsync(upgrade.Id, me, file);
            var plain = System.Text.Encoding.UTF8.GetString(ConfigurationDecryptor.Decrypt(file.ToArray(), export.Password.Reveal()));
            Console.WriteLine($"{stopped.Status} rows={page.Rows.Count} {plain}");
            Console.WriteLine(Json(page));
            Console.WriteLine(Json(stopped));

            // What the analyzers ask of a trimmed host: the metadata the options carry, not JsonSerializer's reflection overload.
            static string Json<T>(T value) => JsonSerializer.Serialize(value, (JsonTypeInfo<T>)UpgradeKitJson.Options.GetTypeInfo(typeof(T)));
            """);

        var rid = RuntimeInformation.RuntimeIdentifier;
        var publish = Path.Combine(project, "out");
        var watch = Stopwatch.StartNew();
        var text = await Processes.RunAsync("dotnet", $"publish -c Release -r {rid} -p:{mode}=true -o \"{publish}\"", project, TimeSpan.FromMinutes(40));
        output.WriteLine($"dotnet publish -p:{mode}=true took {watch.Elapsed.TotalSeconds:F0} s\n{text}");
        Assert.Empty(PackedFeed.Warnings(text));

        var run = await Processes.RunAsync(Path.Combine(publish, OperatingSystem.IsWindows() ? "Host.exe" : "Host"), "", project, TimeSpan.FromMinutes(2));
        output.WriteLine(run);
        Assert.Contains("reflection-based JSON: False", run, StringComparison.Ordinal);
        Assert.Contains("Stopped rows=1 hello", run, StringComparison.Ordinal);
        Assert.Contains("\"status\":{\"code\":\"stopped\"", run, StringComparison.Ordinal);
        Assert.Contains("\"mode\":{\"code\":\"maintenance\"", run, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"stopped\"", run, StringComparison.Ordinal);
        Assert.Contains("\"configuration\":{\"fileName\":\"c.yaml\",\"savedAt\":\"", run, StringComparison.Ordinal);
    }
    // The endpoints package is trimmable too: an ASP.NET Core host made from the packed packages, published trimmed, maps
    // the endpoints without a trim warning and answers the list, a change with a JSON body and a problem, all through the
    // packages' compile-time metadata. On the old code the publish warned (IL2026/IL3050 in Dataphin.UpgradeKit.AspNetCore,
    // which bound its endpoints and wrote its JSON through reflection). A trimmed host registers AddProblemDetails(), as
    // ASP.NET Core asks of trimmed hosts, so problem details can be written without reflection.
    [Fact]
    public async Task Publish_AspNetCoreHostFromThePackages_PublishTrimmed_NoTrimWarningAndTheEndpointsAnswer()
    {
        var project = feed.NewScratchFolder("AspNetCoreTrimmed");
        await File.WriteAllTextAsync(Path.Combine(project, "nuget.config"), feed.ConsumerNuGetConfig());
        await File.WriteAllTextAsync(Path.Combine(project, "Host.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Dataphin.UpgradeKit.AspNetCore" Version="{feed.Version}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(project, "Program.cs"), """
            using System.Text;
            using System.Text.Json;
            using Dataphin.UpgradeKit;
            using Dataphin.UpgradeKit.AspNetCore.Operators;
            using Dataphin.UpgradeKit.Commands;
            using Dataphin.UpgradeKit.Operators;
            using Microsoft.AspNetCore.Hosting.Server;
            using Microsoft.AspNetCore.Hosting.Server.Features;

            var builder = WebApplication.CreateBuilder(args);
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Services.AddUpgradeKit().UseInMemory();
            builder.Services.AddSingleton<IOperatorAccessor, HeaderOperator>();
            builder.Services.AddProblemDetails();
            var app = builder.Build();
            app.MapUpgradeRecords("/api/upgrades");
            await app.StartAsync();

            Console.WriteLine($"reflection-based JSON: {JsonSerializer.IsReflectionEnabledByDefault}");
            var created = await app.Services.GetRequiredService<UpgradeCommands>().CreateAsync(new NewUpgradeRequest
            {
                TargetVersion = ProductVersion.Parse("V5.0.0"), InitialVersion = ProductVersion.Parse("V4.0.0"),
                Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.DoNotUpgrade,
            }, new OperatorIdentity("consumer"));
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var client = new HttpClient { BaseAddress = new Uri(address) };
            client.DefaultRequestHeaders.Add("X-Operator", "consumer");
            using var list = await client.GetAsync(new Uri("/api/upgrades", UriKind.Relative));
            Console.WriteLine($"list {(int)list.StatusCode} {await list.Content.ReadAsStringAsync()}");
            using var cancel = await client.PostAsync(new Uri($"/api/upgrades/{created.Id}/cancel", UriKind.Relative),
                new StringContent("{}", Encoding.UTF8, "application/json"));
            Console.WriteLine($"cancel {(int)cancel.StatusCode} {await cancel.Content.ReadAsStringAsync()}");
            using var unknown = await client.GetAsync(new Uri("/api/upgrades/no/such/path", UriKind.Relative));
            Console.WriteLine($"unknown {(int)unknown.StatusCode} {unknown.Content.Headers.ContentType?.MediaType} {await unknown.Content.ReadAsStringAsync()}");
            await app.StopAsync();

            sealed class HeaderOperator : IOperatorAccessor
            {
                public OperatorIdentity? GetOperator(HttpContext context) =>
                    context.Request.Headers["X-Operator"].ToString() is { Length: > 0 } name ? new OperatorIdentity(name) : null;
            }
            """);

        var rid = RuntimeInformation.RuntimeIdentifier;
        var publish = Path.Combine(project, "out");
        var watch = Stopwatch.StartNew();
        var text = await Processes.RunAsync("dotnet", $"publish -c Release -r {rid} -p:PublishTrimmed=true -o \"{publish}\"", project, TimeSpan.FromMinutes(40));
        output.WriteLine($"dotnet publish -p:PublishTrimmed=true took {watch.Elapsed.TotalSeconds:F0} s\n{text}");
        Assert.Empty(PackedFeed.Warnings(text));

        var run = await Processes.RunAsync(Path.Combine(publish, OperatingSystem.IsWindows() ? "Host.exe" : "Host"), "", project, TimeSpan.FromMinutes(2));
        output.WriteLine(run);
        Assert.Contains("reflection-based JSON: False", run, StringComparison.Ordinal);
        Assert.Contains("list 200 {\"culture\":\"en\",\"rows\":[{", run, StringComparison.Ordinal);
        Assert.Contains("\"status\":{\"code\":\"configuring\"", run, StringComparison.Ordinal);
        Assert.Contains("cancel 200 {\"removed\":true,\"row\":null}", run, StringComparison.Ordinal);
        Assert.Contains("unknown 404 application/problem+json {\"type\":\"urn:dataphin:upgradekit:problem:unknown-route\"", run, StringComparison.Ordinal);
    }
}
