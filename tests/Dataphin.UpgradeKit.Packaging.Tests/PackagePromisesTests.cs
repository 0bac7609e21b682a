using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace Dataphin.UpgradeKit.Packaging.Tests;

/// <summary>
/// What the README and the build promise about the packages, checked against what was actually packed (issue 16):
/// a pack without warnings, a dependency table equal to the nuspecs, and no Microsoft.Extensions assembly of another
/// major version in a .NET 10 ASP.NET Core host.
/// </summary>
[Collection(PackedFeedGroup.Name)]
public sealed partial class PackagePromisesTests(PackedFeed feed, ITestOutputHelper output)
{
    [Fact]
    public void Pack_EveryPackageOfThisCheckout_PrintsNoWarning()
    {
        // The checkout the tests run in has no GitHub remote (a worktree, a local clone, CI's copy): SourceLink must
        // stay silent there, and nothing else may warn either. The feed was packed with -warnaserror.
        output.WriteLine(feed.PackOutput);
        Assert.Empty(PackedFeed.Warnings(feed.PackOutput));
        Assert.Equal(
            PackedFeed.PackableProjects(feed.Root).Select(p => PackageIdOf(p)).Order(StringComparer.Ordinal),
            feed.PackageIds);
    }

    [Fact]
    public void Readme_DependencyTable_IsWhatThePackagesDeclare()
    {
        var expected = feed.PackageIds.ToDictionary(id => id, id => DeclaredDependencies(id), StringComparer.Ordinal);
        var table = ReadmeDependencyTable(File.ReadAllText(Path.Combine(feed.Root, "README.md")));

        var problems = new List<string>();
        foreach (var (id, dependencies) in expected)
        {
            if (!table.TryGetValue(id, out var listed))
            {
                problems.Add($"{id}: not in the README's package table");
            }
            else if (!listed.SetEquals(dependencies))
            {
                problems.Add($"{id}: README lists [{string.Join(", ", listed.Order())}], the package declares [{string.Join(", ", dependencies.Order())}]");
            }
        }

        problems.AddRange(table.Keys.Except(expected.Keys).Select(id => $"{id}: in the README's package table but not packed"));
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n\nThe dependency column as packed:\n" + ExpectedCells(expected));
    }

    [Fact]
    public async Task AspNetCoreHost_ReferencingEveryLibraryPackage_CarriesNoMicrosoftExtensionsOfAnotherMajor()
    {
        var host = feed.NewScratchFolder("aspnetcore-host");
        await File.WriteAllTextAsync(Path.Combine(host, "nuget.config"), feed.ConsumerNuGetConfig());
        var references = string.Join("\n", feed.PackageIds.Where(id => !IsTool(id)).Select(id => $"""    <PackageReference Include="{id}" Version="{feed.Version}" />"""));
        await File.WriteAllTextAsync(Path.Combine(host, "Host.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
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
        // The OpenAPI description with the SDK's schemas compiles from the packages alone: Microsoft.AspNetCore.OpenApi's
        // build targets flow with its source generator (without them, CS9137 on the generator's interceptors).
        await File.WriteAllTextAsync(Path.Combine(host, "Program.cs"), """
            using Microsoft.AspNetCore.OpenApi;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddOpenApi(o => o.AddUpgradeKitSchemas());
            var app = builder.Build();
            app.MapGet("/", () => "ok");
            app.MapOpenApi();
            """);

        var publish = Path.Combine(host, "out");
        var text = await Processes.RunAsync("dotnet", $"publish -c Release -o \"{publish}\"", host);
        output.WriteLine(text);
        Assert.Empty(PackedFeed.Warnings(text));

        var foreign = Directory.GetFiles(publish, "Microsoft.Extensions.*.dll")
            .Select(f => (File: Path.GetFileName(f), AssemblyName.GetAssemblyName(f).Version!))
            .Where(a => a.Item2.Major != Environment.Version.Major)
            .Select(a => $"{a.File} {a.Item2}")
            .ToList();
        Assert.True(foreign.Count == 0, $"the host's output carries Microsoft.Extensions assemblies of another major version than .NET {Environment.Version.Major}: {string.Join(", ", foreign)}");
    }

    [Fact]
    public void EveryPackage_HasItsOwnReadmeAndTheIcon()
    {
        var repositoryReadme = File.ReadAllText(Path.Combine(feed.Root, "README.md"));
        var problems = new List<string>();
        foreach (var id in feed.PackageIds.Concat(feed.ToolPlatformPackageIds))
        {
            using var zip = System.IO.Compression.ZipFile.OpenRead(feed.Nupkg(id));
            var metadata = feed.Nuspec(id).Descendants().ToList();
            if (metadata.FirstOrDefault(e => e.Name.LocalName == "icon")?.Value != "icon.png" || zip.GetEntry("icon.png") is not { Length: > 0 })
            {
                problems.Add($"{id}: no icon.png");
            }

            if (zip.GetEntry("README.md") is not { } entry)
            {
                problems.Add($"{id}: no README.md");
                continue;
            }

            using var reader = new StreamReader(entry.Open());
            var readme = reader.ReadToEnd();
            var title = id.StartsWith("Dataphin.UpgradeKit.Cli", StringComparison.Ordinal) ? "Dataphin.UpgradeKit.Cli" : id;
            if (readme == repositoryReadme || !readme.StartsWith($"# {title}\n", StringComparison.Ordinal))
            {
                problems.Add($"{id}: the README is not the package's own (it starts with '# {title}')");
            }

            // On nuget.org a relative link leads nowhere, and a package has no samples folder to run.
            problems.AddRange(RelativeLink().Matches(readme).Select(m => $"{id}: relative link {m.Value}"));
            if (readme.Contains("dotnet run --project", StringComparison.Ordinal))
            {
                problems.Add($"{id}: tells the reader to run a project of the repository");
            }

            if (!readme.Contains("https://github.com/dataphin/upgradekit", StringComparison.Ordinal))
            {
                problems.Add($"{id}: no link to the documentation");
            }

            if (!readme.Contains("```", StringComparison.Ordinal))
            {
                problems.Add($"{id}: no example of how to use it");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static bool IsTool(string id) => id.EndsWith(".Cli", StringComparison.Ordinal);

    private static string PackageIdOf(string project)
    {
        var explicitId = Regex.Match(File.ReadAllText(project), "<PackageId>([^<]+)</PackageId>");
        return explicitId.Success ? explicitId.Groups[1].Value : Path.GetFileNameWithoutExtension(project);
    }

    /// <summary>
    /// A package's net10.0 dependencies in the README's notation: <c>Id version</c> for a registry package,
    /// <c>Id</c> for another package of this SDK (same version), <c>Id framework</c> for a shared framework.
    /// </summary>
    private HashSet<string> DeclaredDependencies(string id)
    {
        var nuspec = feed.Nuspec(id);
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in nuspec.Descendants().Where(e => e.Name.LocalName == "dependency"))
        {
            var dependency = d.Attribute("id")!.Value;
            set.Add(dependency.StartsWith("Dataphin.", StringComparison.Ordinal) ? dependency : $"{dependency} {d.Attribute("version")!.Value}");
        }

        foreach (var f in nuspec.Descendants().Where(e => e.Name.LocalName == "frameworkReference"))
        {
            set.Add($"{f.Attribute("name")!.Value} framework");
        }

        return set;
    }

    /// <summary>
    /// The rows of the README's package table: a first cell naming the package in backticks and a last cell listing
    /// its dependencies as <c>`Id` version</c>, <c>`Id`</c> or <c>`Id` framework</c>, comma-separated ("none" when empty).
    /// </summary>
    internal static Dictionary<string, HashSet<string>> ReadmeDependencyTable(string readme)
    {
        var table = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var line in readme.Split('\n'))
        {
            var row = TableRow().Match(line);
            if (row.Success)
            {
                table[row.Groups["id"].Value] = [.. DependencyItem().Matches(row.Groups["deps"].Value)
                    .Select(m => m.Groups["v"].Success ? $"{m.Groups["id"].Value} {m.Groups["v"].Value}" : m.Groups["id"].Value)];
            }
        }

        return table;
    }

    private static string ExpectedCells(Dictionary<string, HashSet<string>> expected)
    {
        var text = new StringBuilder();
        foreach (var (id, dependencies) in expected.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var cell = dependencies.Count == 0
                ? "none"
                : string.Join(", ", dependencies.Order(StringComparer.Ordinal).Select(d => d.Split(' ') is [var name, var v] ? $"`{name}` {v}" : $"`{d}`"));
            text.Append(CultureInfoInvariant($"| `{id}` | … | {cell} |\n"));
        }

        return text.ToString();
    }

    private static string CultureInfoInvariant(FormattableString s) => FormattableString.Invariant(s);

    // A Markdown link or image whose target is not an absolute URL: [text](docs/x.md), ![alt](x.png).
    [GeneratedRegex(@"\]\((?!https?://)[^)]*\)")]
    private static partial Regex RelativeLink();

    // | `Dataphin.UpgradeKit` | what it is | `Stateless` 5.20.1, ... |
    [GeneratedRegex(@"^\|\s*`(?<id>Dataphin\.[A-Za-z0-9.]+)`\s*\|.*\|\s*(?<deps>[^|]*?)\s*\|\s*$")]
    private static partial Regex TableRow();

    [GeneratedRegex(@"`(?<id>[^`]+)`(?:\s+(?<v>framework|\d[^\s,]*))?")]
    private static partial Regex DependencyItem();
}
