using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace Dataphin.UpgradeKit.Packaging.Tests;

/// <summary>
/// Every package the repository ships, packed once per test run by <c>dotnet pack</c> of the solution into a local folder
/// feed under a version no earlier run used (so no stale copy in the NuGet cache can stand in for it), with warnings
/// treated as errors: a pack that warns fails here. Shared by the tests that consume the packages as a team would.
/// </summary>
public sealed partial class PackedFeed : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("upgradekit-feed-").FullName;

    /// <summary>The repository root.</summary>
    public string Root { get; } = Repository.Root;

    /// <summary>The folder holding the packed .nupkg and .snupkg files.</summary>
    public string Feed => Path.Combine(_work, "feed");

    /// <summary>The version every package was packed under.</summary>
    public string Version { get; } = $"0.1.0-feed.{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}";

    /// <summary>The ids of the packed packages, by project name.</summary>
    public IReadOnlyList<string> PackageIds { get; private set; } = [];

    /// <summary>What <c>dotnet pack</c> printed.</summary>
    public string PackOutput { get; private set; } = "";

    /// <summary>A scratch folder for a test's consumer projects, removed with the feed.</summary>
    public string NewScratchFolder(string name) => Directory.CreateDirectory(Path.Combine(_work, name + "-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    /// <summary>
    /// The projects that produce a package: every project under src/, and any other that says
    /// <c>&lt;IsPackable&gt;true&lt;/IsPackable&gt;</c> itself (a support package such as a testing library).
    /// </summary>
    public static IReadOnlyList<string> PackableProjects(string root) =>
        [.. Directory.GetFiles(Path.Combine(root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(root, "tests"), "*.csproj", SearchOption.AllDirectories)
                .Where(p => File.ReadAllText(p).Contains("<IsPackable>true</IsPackable>", StringComparison.Ordinal)))
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    /// <summary>
    /// The platform packages of the tool (<c>Dataphin.UpgradeKit.Cli.&lt;rid&gt;</c>, package type DotnetToolRidPackage),
    /// which the .NET CLI picks by itself for <c>dotnet tool install Dataphin.UpgradeKit.Cli</c>; not in
    /// <see cref="PackageIds"/>, since nobody references them by id.
    /// </summary>
    public IReadOnlyList<string> ToolPlatformPackageIds { get; private set; } = [];

    public async Task InitializeAsync()
    {
        // What a release does, and what the README says: one 'dotnet pack' of the solution into one folder, which must
        // hold every package a user installs (the tool's native package for this platform included) and print no warning.
        PackOutput = await Processes.RunAsync("dotnet", $"pack \"{Path.Combine(Root, "Dataphin.UpgradeKit.sln")}\" -c Release -warnaserror -p:Version={Version} -o \"{Feed}\"", Root, TimeSpan.FromMinutes(30));
        var packed = Directory.GetFiles(Feed, $"*.{Version}.nupkg").Select(f => Path.GetFileName(f)[..^$".{Version}.nupkg".Length]).Order(StringComparer.Ordinal).ToList();
        ToolPlatformPackageIds = [.. packed.Where(IsToolPlatformPackage)];
        PackageIds = [.. packed.Except(ToolPlatformPackageIds)];
    }

    private bool IsToolPlatformPackage(string id) =>
        Nuspec(id).Descendants().Any(e => e.Name.LocalName == "packageType" && (string?)e.Attribute("name") == "DotnetToolRidPackage");

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    /// <summary>The path of the packed <paramref name="id"/>.</summary>
    public string Nupkg(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    /// <summary>The nuspec inside the packed <paramref name="id"/>.</summary>
    public XDocument Nuspec(string id)
    {
        using var zip = ZipFile.OpenRead(Nupkg(id));
        using var stream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return XDocument.Load(stream);
    }

    /// <summary>
    /// A nuget.config for a consumer: the SDK's packages from this feed only, everything else from the repository's
    /// own registry (the one the root nuget.config names).
    /// </summary>
    public string ConsumerNuGetConfig()
    {
        var registry = XDocument.Load(Path.Combine(Root, "nuget.config")).Descendants("add").First().Attribute("value")!.Value;
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
                <add key="registry" value="{registry}" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="local"><package pattern="Dataphin.*" /></packageSource>
                <packageSource key="registry"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """;
    }

    /// <summary>The lines of a dotnet output that report a warning (MSBuild's "file(line,col): warning CODE: ..." form).</summary>
    public static IReadOnlyList<string> Warnings(string output) =>
        [.. output.Split('\n').Where(l => WarningLine().IsMatch(l)).Select(l => l.Trim()).Distinct()];

    [GeneratedRegex(@":\s+warning\s+[A-Za-z]*\d*\s*:|^\s*warning\s*[A-Za-z]*\d*\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex WarningLine();
}

/// <summary>The one packed feed of a test run.</summary>
[CollectionDefinition(Name)]
public sealed class PackedFeedGroup : ICollectionFixture<PackedFeed>
{
    public const string Name = "packed feed";
}

/// <summary>Where the repository is.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dataphin.UpgradeKit.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}

/// <summary>Runs dotnet and fails the test, with everything it printed, when it exits non-zero.</summary>
internal static class Processes
{
    public static async Task<string> RunAsync(string file, string arguments, string workingDirectory, TimeSpan? timeout = null, bool check = true)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1"; // no build server left behind holding the temp folders
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {arguments} did not finish in time:\n{await stdout}{await stderr}");
        }

        var text = await stdout + await stderr;
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} (in {workingDirectory}) exited with {process.ExitCode}:\n{text}");
        }

        return text;
    }
}
