using System.Reflection;
using NetArchTest.Rules;
using Xunit;

namespace Dataphin.UpgradeKit.Packaging.Tests.Architecture;

/// <summary>
/// Namespaces that show the architecture, in every assembly the SDK ships (issue 21 item 6): a type's namespace is its
/// folder under its project, no namespace is declared by two assemblies, and no namespace of an assembly depends on
/// itself through others. The types, their source files (from the pdbs) and their dependencies are read with NetArchTest.
/// </summary>
public sealed class ShippedNamespaceTests
{
    /// <summary>The assemblies the packages carry; each is its project's folder under <c>src/</c> and its root namespace.</summary>
    public static readonly string[] Shipped =
    [
        "Dataphin.UpgradeKit",
        "Dataphin.UpgradeKit.Export",
        "Dataphin.UpgradeKit.Sqlite",
        "Dataphin.UpgradeKit.PostgreSql",
        "Dataphin.UpgradeKit.Relational",
        "Dataphin.UpgradeKit.AspNetCore",
        "Dataphin.UpgradeKit.DataProtection",
        "Dataphin.UpgradeKit.Testing",
        "Dataphin.UpgradeKit.Testing.XunitV3",
        "Dataphin.UpgradeKit.Cli",
    ];

    // Known violations: none. A violation that must stay for a while goes here with the reason, as the start of its
    // text as the tests below report it.
    private static readonly string[] AllowList = [];

    public static TheoryData<string> Assemblies => [.. Shipped];

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Types_LiveInTheFolderOfTheirNamespace(string assembly)
    {
        var project = Path.Combine(Repository.Root, "src", assembly);
        var violations = ShippedTypes.Of(assembly)
            .Select(t => FolderRule.Violation(project, assembly, t.Namespace, t.SourceFile))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Where(v => !AllowedFolder(v))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(violations.Count == 0, "folder ≠ namespace:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void EveryNamespace_IsDeclaredByOneAssembly()
    {
        var declaredBy = Shipped
            .SelectMany(a => ShippedTypes.Of(a).Select(t => (t.Namespace, Assembly: a)))
            .Where(x => x.Namespace.StartsWith("Dataphin.UpgradeKit", StringComparison.Ordinal))
            .Distinct()
            .GroupBy(x => x.Namespace, StringComparer.Ordinal);

        var violations = declaredBy.Where(g => g.Count() > 1)
            .Select(g => $"{g.Key} is declared by {string.Join(", ", g.Select(x => x.Assembly).Order(StringComparer.Ordinal))}")
            .Where(v => !Allowed(v))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(violations.Count == 0, "namespaces in several assemblies:\n" + string.Join("\n", violations));
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Namespaces_HaveNoDependencyCycle(string assembly)
    {
        var graph = ShippedTypes.NamespaceGraph(assembly);

        var cycles = NamespaceGraph.Cycles(graph)
            .Select(c => string.Join(" <-> ", c))
            .Where(c => !Allowed(c))
            .ToList();

        Assert.NotEmpty(graph);
        Assert.True(cycles.Count == 0, $"namespace cycles in {assembly}:\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void Cycles_FindsACycle_SoTheCycleTestCanFail()
    {
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal)
        {
            ["App.Commands"] = ["App.Input", "App"],
            ["App.Input"] = ["App.Commands"],
            ["App"] = [],
            ["App.Other"] = ["App.Input"],
        };

        Assert.Equal(["App.Commands <-> App.Input"], NamespaceGraph.Cycles(graph).Select(c => string.Join(" <-> ", c)));
    }

    [Fact]
    public void FolderRule_NamesAFileOutsideItsNamespacesFolder_SoTheFolderTestCanFail()
    {
        var project = Path.Combine("/repo", "src", "App");

        Assert.Null(FolderRule.Violation(project, "App", "App.Lifecycle", Path.Combine(project, "Lifecycle", "Machine.cs")));
        Assert.Null(FolderRule.Violation(project, "App", "App", Path.Combine(project, "Thing.cs")));
        Assert.NotNull(FolderRule.Violation(project, "App", "App.Export", Path.Combine(project, "Downloads", "Receipt.cs")));
        Assert.NotNull(FolderRule.Violation(project, "App", "App.Internal", Path.Combine("/repo", "src", "Shared", "Configuration", "OptionsSection.cs")));

        // The deterministic paths of a CI build name the same folders.
        Assert.Null(FolderRule.Violation(project, "App", "App.Lifecycle", "/_/src/App/Lifecycle/Machine.cs"));
        Assert.NotNull(FolderRule.Violation(project, "App", "App.Export", "/_/src/App/Downloads/Receipt.cs"));
        Assert.NotNull(FolderRule.Violation(project, "App", "App.Internal", "/_/src/Shared/Configuration/OptionsSection.cs"));
    }

    [Fact]
    public void ShippedTypes_ReadsSourcePathsAndDependencies_FromTheRealAssemblies()
    {
        var core = ShippedTypes.Of("Dataphin.UpgradeKit");
        var record = Assert.Single(core, t => t.FullName == "Dataphin.UpgradeKit.UpgradeRecord");
        Assert.EndsWith(Path.Combine("src", "Dataphin.UpgradeKit", "UpgradeRecord.cs"), record.SourceFile, StringComparison.Ordinal);

        // The Export package's exporter uses the core's download contract: an edge the cycle test sees.
        var export = ShippedTypes.NamespaceGraph("Dataphin.UpgradeKit.Export");
        Assert.Contains("Dataphin.UpgradeKit.Export.Age", export["Dataphin.UpgradeKit.Export"]);

        // The CLI's command uses its password reader: with the reader's old use of the command's messages this was the
        // Commands <-> Input cycle.
        var cli = ShippedTypes.NamespaceGraph("Dataphin.UpgradeKit.Cli");
        Assert.Contains("Dataphin.UpgradeKit.Cli.Input", cli["Dataphin.UpgradeKit.Cli.Commands"]);
        Assert.DoesNotContain("Dataphin.UpgradeKit.Cli.Commands", cli["Dataphin.UpgradeKit.Cli.Input"]);
    }

    // A type in a Microsoft.* namespace follows the ecosystem's convention for extension methods (services.AddX(),
    // app.MapX() need no using of the SDK): it sits in the folder of what it registers, which the rule cannot name.
    private static bool AllowedFolder(string violation) =>
        violation.Contains(" declares Microsoft.", StringComparison.Ordinal) || Allowed(violation);

    private static bool Allowed(string violation) => AllowList.Any(a => violation.StartsWith(a, StringComparison.Ordinal));
}

/// <summary>A type's namespace must be its project's root namespace followed by the folders of its source file.</summary>
internal static class FolderRule
{
    public static string? Violation(string project, string rootNamespace, string ns, string? sourceFile)
    {
        if (sourceFile is null || IsGenerated(sourceFile))
        {
            return null;
        }

        // A CI build (ContinuousIntegrationBuild) writes deterministic source paths, /_/src/<Project>/…, into the pdbs;
        // a local build writes the checkout's. Both are read from the project's folder under src/ onwards.
        var marker = $"{Path.DirectorySeparatorChar}src{Path.DirectorySeparatorChar}{Path.GetFileName(project)}{Path.DirectorySeparatorChar}";
        var at = sourceFile.LastIndexOf(marker, StringComparison.Ordinal);
        var relative = at >= 0 ? sourceFile[(at + marker.Length)..] : Path.GetRelativePath(project, sourceFile);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return $"{Display(sourceFile)} declares {ns} but lies outside {Path.GetFileName(project)}/";
        }

        var folder = Path.GetDirectoryName(relative) ?? string.Empty;
        var expected = folder.Length == 0 ? rootNamespace : rootNamespace + "." + folder.Replace(Path.DirectorySeparatorChar, '.');
        return string.Equals(ns, expected, StringComparison.Ordinal) ? null : $"{Display(sourceFile)} declares {ns}, its folder says {expected}";
    }

    // Source generators (JSON contexts, [LoggerMessage], [GeneratedRegex], the Request Delegate Generator) write under obj/.
    private static bool IsGenerated(string sourceFile) =>
        sourceFile.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || !Path.IsPathRooted(sourceFile);

    private static string Display(string sourceFile)
    {
        var src = sourceFile.LastIndexOf($"{Path.DirectorySeparatorChar}src{Path.DirectorySeparatorChar}", StringComparison.Ordinal);
        return src < 0 ? sourceFile : sourceFile[(src + 1)..];
    }
}

/// <summary>Cycles of a namespace dependency graph: its strongly connected components of more than one namespace.</summary>
internal static class NamespaceGraph
{
    public static IEnumerable<IReadOnlyList<string>> Cycles(IReadOnlyDictionary<string, HashSet<string>> graph)
    {
        // Tarjan's algorithm; the graphs are a few dozen namespaces.
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var components = new List<IReadOnlyList<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in graph.TryGetValue(node, out var edges) ? edges : [])
            {
                if (!index.TryGetValue(next, out var seen))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], seen);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                components.Add([.. component.Order(StringComparer.Ordinal)]);
            }
        }

        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return components.Where(c => c.Count > 1).OrderBy(c => c[0], StringComparer.Ordinal);
    }
}

/// <summary>One shipped assembly's types, as NetArchTest reads them.</summary>
internal static class ShippedTypes
{
    private static readonly Dictionary<string, IReadOnlyList<ShippedType>> Cache = new(StringComparer.Ordinal);

    public static IReadOnlyList<ShippedType> Of(string assembly)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(assembly, out var types))
            {
                types = [.. Types.InAssembly(Load(assembly)).GetTypes()
                    .Where(t => t.ReflectionType.Namespace is not null && !t.ReflectionType.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), inherit: false))
                    .Select(t => new ShippedType(t.FullName, t.ReflectionType.Namespace!, t.SourceFilePath))];
                Cache[assembly] = types;
            }

            return types;
        }
    }

    /// <summary>Namespace → the other namespaces of the same assembly its types depend on (signatures and method bodies).</summary>
    public static Dictionary<string, HashSet<string>> NamespaceGraph(string assembly)
    {
        var types = Types.InAssembly(Load(assembly));
        var byNamespace = Of(assembly).GroupBy(t => t.Namespace, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(t => t.FullName).ToArray(), StringComparer.Ordinal);
        var graph = byNamespace.Keys.ToDictionary(n => n, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var from in byNamespace.Keys)
        {
            foreach (var (to, names) in byNamespace)
            {
                if (to == from)
                {
                    continue;
                }

                var uses = types.That().ResideInNamespaceMatching("^" + System.Text.RegularExpressions.Regex.Escape(from) + "$")
                    .And().HaveDependencyOnAny(names)
                    .GetTypes();
                if (uses.Any())
                {
                    graph[from].Add(to);
                }
            }
        }

        return graph;
    }

    private static Assembly Load(string name) => Assembly.Load(new AssemblyName(name));
}

internal sealed record ShippedType(string FullName, string Namespace, string? SourceFile);
