using System.Diagnostics;
using System.IO.Compression;
using Xunit;
using Xunit.Abstractions;

namespace Dataphin.UpgradeKit.Packaging.Tests;

/// <summary>
/// Proves a team can consume what we ship: packs every package into a local folder feed, then builds and runs a fresh
/// consumer project that takes the SDK packages by version from that feed only (their dependencies from the registry).
/// </summary>
[Collection(PackedFeedGroup.Name)]
public sealed class PackagingTests(PackedFeed packed, ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Packages =
        ["Dataphin.UpgradeKit", "Dataphin.UpgradeKit.Export", "Dataphin.UpgradeKit.Relational", "Dataphin.UpgradeKit.Sqlite", "Dataphin.UpgradeKit.PostgreSql", "Dataphin.UpgradeKit.AspNetCore",
         "Dataphin.UpgradeKit.DataProtection", "Dataphin.UpgradeKit.Cli", "Dataphin.UpgradeKit.Testing",
         "Dataphin.UpgradeKit.Testing.XunitV3"];

    private readonly string _work = Directory.CreateTempSubdirectory("upgradekit-pack-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Pack_ThenConsumeFromALocalFeed_BuildsAndRuns()
    {
        // Packed once for every test of the run, under a version no earlier run used (PackedFeed).
        var version = packed.Version;
        var feed = packed.Feed;
        var root = packed.Root;

        // The solution's pack made the tool's pointer package and, next to it, its native (NativeAOT) package for this
        // machine's platform and the framework-dependent 'any' fallback for every other.
        Assert.Equal(ToolRuntimeIdentifiers.Select(rid => $"Dataphin.UpgradeKit.Cli.{rid}").Order(StringComparer.Ordinal), packed.ToolPlatformPackageIds);
        foreach (var package in Packages.Concat(packed.ToolPlatformPackageIds))
        {
            var nupkg = Path.Combine(feed, $"{package}.{version}.nupkg");
            Assert.True(File.Exists(nupkg), $"{nupkg} was not produced");
            var nativeTool = package.StartsWith("Dataphin.UpgradeKit.Cli.", StringComparison.Ordinal) && !package.EndsWith(".any", StringComparison.Ordinal);
            var pointer = package == "Dataphin.UpgradeKit.Cli";
            Assert.True(nativeTool || pointer || File.Exists(Path.ChangeExtension(nupkg, ".snupkg")), $"no symbol package for {package}");
            using var zip = ZipFile.OpenRead(nupkg);
            var entries = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("README.md", entries);
            var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open()).ReadToEnd();
            Assert.Contains("<license type=\"expression\">Apache-2.0</license>", nuspec, StringComparison.Ordinal);
            Assert.Contains("<repository type=\"git\"", nuspec, StringComparison.Ordinal);
            Assert.Contains("<description>", nuspec, StringComparison.Ordinal);
            if (!package.StartsWith("Dataphin.UpgradeKit.Cli", StringComparison.Ordinal))
            {
                Assert.Contains($"lib/net10.0/{package}.xml", entries); // XML docs ship with the library
            }
        }

        var consumer = Path.Combine(_work, "consumer");
        Directory.CreateDirectory(consumer);
        await File.WriteAllTextAsync(Path.Combine(consumer, "nuget.config"), packed.ConsumerNuGetConfig());
        await File.WriteAllTextAsync(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Dataphin.UpgradeKit" Version="{version}" />
                <PackageReference Include="Dataphin.UpgradeKit.Export" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(consumer, "Program.cs"), """
            using Dataphin.UpgradeKit;
            using Dataphin.UpgradeKit.Commands;
            using Dataphin.UpgradeKit.Export;
            using Dataphin.UpgradeKit.Lifecycle;
            using Dataphin.UpgradeKit.Operators;
            using Dataphin.UpgradeKit.Queries;
            using Dataphin.UpgradeKit.Storage;

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
            await hostReports.MarkStepsCompletedAsync(upgrade.Id);
            var done = await commands.CompleteAsync(upgrade.Id, me);
            using var file = new MemoryStream();
            using var export = await new ConfigurationExporter(queries).ExportAsync(upgrade.Id, me, file);
            var plain = System.Text.Encoding.UTF8.GetString(ConfigurationDecryptor.Decrypt(file.ToArray(), export.Password.Reveal()));
            Console.WriteLine($"{done.Status} {plain}");
            File.WriteAllBytes("c.yaml.age", file.ToArray());
            File.WriteAllText("password.txt", export.Password.Reveal());
            """);

        var run = await RunAsync("dotnet", "run -c Release", consumer);
        Assert.Contains("Succeeded hello", run, StringComparison.Ordinal);

        // Installed from the pack's folder alone (no registry): the pointer package and this platform's package are there.
        var tools = Path.Combine(_work, "tools");
        var feedOnly = Path.Combine(_work, "feed-only.nuget.config");
        await File.WriteAllTextAsync(feedOnly, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="pack" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        await RunAsync("dotnet", $"tool install Dataphin.UpgradeKit.Cli --version {version} --tool-path \"{tools}\" --configfile \"{feedOnly}\"", _work);
        var upgradekit = Path.Combine(tools, OperatingSystem.IsWindows() ? "upgradekit.exe" : "upgradekit");
        var tool = await RunAsync(upgradekit, "--version", consumer);
        Assert.Contains($"upgradekit {version}", tool, StringComparison.Ordinal);
        Assert.Contains("Usage:", await RunAsync(upgradekit, "--help", consumer), StringComparison.Ordinal);
        await RunAsync(upgradekit, "decrypt c.yaml.age --out c.yaml --password-file password.txt", consumer);
        Assert.Equal("hello", await File.ReadAllTextAsync(Path.Combine(consumer, "c.yaml")));
        if (NativeRuntimeIdentifier is { } native && !OperatingSystem.IsWindows())
        {
            // The native package holds the executable itself; the 'any' fallback would hold Dataphin.UpgradeKit.Cli.dll.
            var installed = Directory.EnumerateFiles(Path.Combine(tools, ".store"), "Dataphin.UpgradeKit.Cli*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
            Assert.True(installed.Contains("Dataphin.UpgradeKit.Cli") && !installed.Contains("Dataphin.UpgradeKit.Cli.dll"),
                $"the native {native} build was not the one installed: {string.Join(", ", installed)}");
        }

        await DeriveTheStoreContractAsync(feed, version, root);
    }

    /// <summary>
    /// What docs/storage.md tells a store author to do, from the packed Dataphin.UpgradeKit.Testing: a fresh xunit
    /// project whose test class is the docs' example (the contract derived against the in-memory store) runs every
    /// contract test and passes.
    /// </summary>
    private async Task DeriveTheStoreContractAsync(string feed, string version, string root)
    {
        var project = Path.Combine(_work, "store-author");
        Directory.CreateDirectory(project);
        File.Copy(Path.Combine(_work, "consumer", "nuget.config"), Path.Combine(project, "nuget.config"));
        await File.WriteAllTextAsync(Path.Combine(project, "StoreAuthor.Tests.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <IsPackable>false</IsPackable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Dataphin.UpgradeKit.Testing" Version="{version}" />
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.11.0" />
                <PackageReference Include="xunit" Version="2.9.3" />
                <PackageReference Include="xunit.runner.visualstudio" Version="4.0.1" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(project, "MyStoreContractTests.cs"), StoreAuthorExample(root));

        var run = await RunAsync("dotnet", "test -c Release", project);

        // Every test of the contract ran and passed in the consumer: as many as the contract declares.
        var contractTests = typeof(Dataphin.UpgradeKit.Testing.Storage.UpgradeStoreContract)
            .GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
            .Count(m => m.IsDefined(typeof(Dataphin.UpgradeKit.Testing.Storage.StoreFactAttribute), inherit: true));
        Assert.True(contractTests > 50, $"the contract declares {contractTests} tests");
        Assert.Matches($@"Passed!\s+-\s+Failed:\s+0, Passed:\s+{contractTests}, Skipped:\s+0, Total:\s+{contractTests}", run);
    }

    /// <summary>The C# example of docs/storage.md's "Writing a store for another database".</summary>
    private static string StoreAuthorExample(string root)
    {
        var docs = File.ReadAllText(Path.Combine(root, "docs", "storage.md"));
        var section = docs[docs.IndexOf("## Writing a store for another database", StringComparison.Ordinal)..];
        var start = section.IndexOf("```csharp\n", StringComparison.Ordinal) + "```csharp\n".Length;
        return section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
    }

    /// <summary>This machine's platform when the tool ships a native build for it (NativeAOT compiles only for the host OS).</summary>
    private static string? NativeRuntimeIdentifier =>
        System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier is var rid && rid is "linux-x64" or "linux-arm64" or "osx-arm64" or "win-x64" ? rid : null;

    private static string[] ToolRuntimeIdentifiers => NativeRuntimeIdentifier is { } native ? [native, "any"] : ["any"];

    /// <summary>
    /// The native tool package holds what runs and nothing else (issue 22): the executable and the tool settings, no
    /// native debug file (.dbg), pdbs or XML docs next to it.
    /// </summary>
    [Fact]
    public void NativeToolPackage_HoldsTheExecutableAndTheToolSettingsOnly()
    {
        var native = NativeRuntimeIdentifier ?? System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        var id = $"Dataphin.UpgradeKit.Cli.{native}";
        Assert.Contains(id, packed.ToolPlatformPackageIds);
        using var zip = ZipFile.OpenRead(packed.Nupkg(id));
        var tools = zip.Entries.Where(e => e.FullName.StartsWith("tools/", StringComparison.Ordinal)).Select(e => e.FullName).Order(StringComparer.Ordinal);
        var executable = OperatingSystem.IsWindows() ? "Dataphin.UpgradeKit.Cli.exe" : "Dataphin.UpgradeKit.Cli";
        Assert.Equal([$"tools/any/{native}/{executable}", $"tools/any/{native}/DotnetToolSettings.xml"], tools);
        output.WriteLine($"{id}: {new FileInfo(packed.Nupkg(id)).Length:N0} bytes");
    }

    private async Task<string> RunAsync(string file, string arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(timeout.Token);
        var text = await stdout + await stderr;
        output.WriteLine($"$ {file} {arguments}\n{text}");
        Assert.True(process.ExitCode == 0, $"{file} {arguments} exited with {process.ExitCode}:\n{text}");
        return text;
    }
}
