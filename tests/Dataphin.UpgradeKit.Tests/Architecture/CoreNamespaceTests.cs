using System.Text.RegularExpressions;
using ArchUnitNET.Loader;
using Dataphin.UpgradeKit.Tests.Support;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Architecture;

/// <summary>The core's folders are its namespaces, and no namespace depends on itself through others (docs/architecture.md).</summary>
public partial class CoreNamespaceTests
{
    private const string Root = "Dataphin.UpgradeKit";

    // The registration extension follows the ecosystem (Microsoft.Extensions.DependencyInjection), in the folder of its builder.
    private static readonly Dictionary<string, string> NamespaceExceptions = new()
    {
        ["DependencyInjection/UpgradeKitServiceCollectionExtensions.cs"] = "Microsoft.Extensions.DependencyInjection",
    };

    /// <summary>Namespace → the core namespaces its types use (fields, signatures, method bodies), from the compiled assembly.</summary>
    private static Dictionary<string, HashSet<string>> CoreGraph()
    {
        var architecture = new ArchLoader().LoadAssemblies(typeof(UpgradeRecord).Assembly).Build();
        static bool InCore(string ns) => ns == Root || ns.StartsWith(Root + ".", StringComparison.Ordinal);
        var graph = new Dictionary<string, HashSet<string>>();
        foreach (var type in architecture.Types)
        {
            var from = type.Namespace.FullName;
            if (!InCore(from))
            {
                continue;
            }

            var edges = graph.TryGetValue(from, out var set) ? set : graph[from] = [];
            foreach (var dependency in type.Dependencies)
            {
                // A generic parameter (the JSON source generator's code has many) belongs to no namespace.
                if (dependency.Target.Namespace?.FullName is { } to && InCore(to) && to != from)
                {
                    edges.Add(to);
                }
            }
        }

        return graph;
    }

    [Fact]
    public void CoreNamespaces_HaveNoDependencyCycle()
    {
        var graph = CoreGraph();

        var cycles = StronglyConnected(graph).Where(c => c.Count > 1).ToList();

        Assert.True(graph.Count >= 15, $"expected the core's namespaces, found {string.Join(", ", graph.Keys)}");
        Assert.True(cycles.Count == 0, "Namespace cycles in the core: " + string.Join("; ", cycles.Select(c => string.Join(" <-> ", c.Order()))));
    }

    [Fact]
    public void CoreNamespaces_TheRootVocabularyDependsOnNoFeature()
    {
        var graph = CoreGraph();

        Assert.Equal([$"{Root}.Internal"], graph[Root].Order());
    }

    [Fact]
    public void StronglyConnected_FindsACycle_SoTheArchitectureTestCanFail()
    {
        var graph = new Dictionary<string, HashSet<string>>
        {
            ["A"] = ["B"],
            ["B"] = ["C"],
            ["C"] = ["A"],
            ["D"] = ["A"],
        };

        var cycles = StronglyConnected(graph).Where(c => c.Count > 1).ToList();

        Assert.Equal(["A", "B", "C"], Assert.Single(cycles).Order());
    }

    [Fact]
    public void CoreFiles_DeclareTheNamespaceOfTheirFolder()
    {
        var source = RepositoryFiles.PathOf("src/Dataphin.UpgradeKit");
        var wrong = new List<string>();
        foreach (var file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file).Replace('\\', '/');
            if (relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal))
            {
                continue;
            }

            var folder = Path.GetDirectoryName(relative)!.Replace('\\', '/');
            var expected = NamespaceExceptions.TryGetValue(relative, out var exception)
                ? exception
                : folder.Length == 0 ? Root : Root + "." + folder.Replace('/', '.');
            var declared = NamespaceDeclaration().Match(File.ReadAllText(file)).Groups[1].Value;
            if (declared != expected)
            {
                wrong.Add($"{relative}: namespace {declared}, folder says {expected}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>Tarjan's strongly connected components.</summary>
    private static List<List<string>> StronglyConnected(Dictionary<string, HashSet<string>> graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var components = new List<List<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? [])
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
                components.Add(component);
            }
        }

        foreach (var node in graph.Keys.Order())
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return components;
    }

    [GeneratedRegex(@"^namespace ([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();
}
