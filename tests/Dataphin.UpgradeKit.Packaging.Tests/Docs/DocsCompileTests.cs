using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;
using Xunit.Abstractions;

namespace Dataphin.UpgradeKit.Packaging.Tests.Docs;

/// <summary>
/// Every C# block of README.md and docs/ compiles, as written, against the packed packages (issue 16 item 5): one
/// project with one file per block, built once; an error names the Markdown file and line of its block.
/// </summary>
[Collection(PackedFeedGroup.Name)]
public sealed partial class DocsCompileTests(PackedFeed feed, ITestOutputHelper output)
{
    /// <summary>
    /// Packages a reader adds next to the SDK for what a page shows (OpenTelemetry for the observability page), at the
    /// versions Directory.Packages.props pins. A block that needs any other package fails: the README's host calls
    /// AddOpenApi with the SDK's packages alone.
    /// </summary>
    private static readonly string[] DocumentedExtras = ["OpenTelemetry.Extensions.Hosting"];

    [Fact]
    public async Task DocBlocks_EveryCSharpBlock_CompilesAgainstThePackedPackages()
    {
        var blocks = DocBlocks.Find(feed.Root);
        Assert.NotEmpty(blocks);

        var project = feed.NewScratchFolder("docs");
        await File.WriteAllTextAsync(Path.Combine(project, "nuget.config"), feed.ConsumerNuGetConfig());
        var versions = XDocument.Load(Path.Combine(feed.Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => e.Attribute("Include")!.Value, e => e.Attribute("Version")!.Value, StringComparer.Ordinal);
        var references = feed.PackageIds.Where(id => !id.EndsWith(".Cli", StringComparison.Ordinal)).Select(id => (id, feed.Version))
            .Concat(DocumentedExtras.Select(id => (id, versions[id])))
            .Select(r => $"""    <PackageReference Include="{r.id}" Version="{r.Item2}" />""");
        await File.WriteAllTextAsync(Path.Combine(project, "Docs.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <FrameworkReference Include="Microsoft.AspNetCore.App" />
            {string.Join("\n", references)}
              </ItemGroup>
            </Project>
            """);
        foreach (var block in blocks)
        {
            await File.WriteAllTextAsync(Path.Combine(project, block.Name + ".cs"), DocBlocks.ToSourceFile(block));
            output.WriteLine($"{block.File}:{block.Line} -> {block.Name}.cs");
        }

        var build = await Processes.RunAsync("dotnet", "build -c Release", project, check: false);
        // "<scratch>/README.md(60,1): error CS0103: ... [<scratch>/Docs.csproj]" reads as "README.md(60,1): error CS0103: ...".
        var problems = build.Split('\n').Select(l => l.Trim()).Where(l => Diagnostic().IsMatch(l))
            .Select(l => ProjectSuffix().Replace(l.Replace(project + Path.DirectorySeparatorChar, "", StringComparison.Ordinal), ""))
            .Distinct().ToList();
        output.WriteLine(build);
        Assert.True(problems.Count == 0 && build.Contains("Build succeeded", StringComparison.Ordinal),
            $"{problems.Count} problem(s) in the docs' C# blocks ({blocks.Count} blocks compiled):\n" + string.Join("\n", problems)
            + "\n\nA block compiles as a file pasted into a new project with `dotnet new console`'s implicit usings; everything else it uses it must declare or import itself.");
    }

    [Fact]
    public void ToSourceFile_StatementsUsingsAndTypes_MapBackToTheMarkdownLines()
    {
        var block = DocBlocks.Extract("docs/x.md", """
            Text.

            ```csharp
            using System.Text;

            var text = await Task.FromResult(new StringBuilder("a"));
            Console.WriteLine(new Greeter().Greet(text.ToString()));

            sealed class Greeter
            {
                public string Greet(string name) => "hi " + name;
            }
            ```
            """).Single();

        var source = DocBlocks.ToSourceFile(block);

        Assert.Equal(4, block.Line);
        Assert.Contains("#line 4 \"docs/x.md\"\nusing System.Text;", source, StringComparison.Ordinal);
        Assert.Contains("namespace DocBlocks.docs_x_md_L4;", source, StringComparison.Ordinal);
        Assert.Contains("public static async System.Threading.Tasks.Task RunAsync(string[] args)", source, StringComparison.Ordinal);
        Assert.Contains("#line 6 \"docs/x.md\"\nvar text = await", source, StringComparison.Ordinal);
        Assert.Contains("#line 9 \"docs/x.md\"\nsealed class Greeter", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_OnlyCSharpFences_IndentedOnesToo()
    {
        var blocks = DocBlocks.Extract("README.md", """
            ```bash
            dotnet test
            ```
            - a list item:

              ```cs
              var x = 1;
              ```
            ~~~c#
            var y = 2;
            ~~~
            ```
            var z = 3;
            ```
            """).ToList();

        Assert.Equal(["var x = 1;", "var y = 2;"], blocks.Select(b => b.Code));
        Assert.Equal([7, 10], blocks.Select(b => b.Line));
    }

    // "docs/x.md(12,5): error CS0103: ..." or any warning, which the project treats as an error anyway.
    [GeneratedRegex(@"\)\s*:\s*(error|warning)\s+[A-Z]+\d+", RegexOptions.IgnoreCase)]
    private static partial Regex Diagnostic();

    [GeneratedRegex(@"\s*\[[^\]]*\.csproj\]$")]
    private static partial Regex ProjectSuffix();
}
