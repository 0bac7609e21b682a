using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;

namespace Dataphin.UpgradeKit.Storage.Shared;

/// <summary>
/// The versioned schema scripts embedded in an adapter assembly as <c>Schema/NNN_name.sql</c>; script NNN brings
/// the schema to version NNN and records it in <c>schema_version</c>.
/// </summary>
internal static class SchemaScripts
{
    private static readonly ConcurrentDictionary<Assembly, IReadOnlyList<(int Version, string Sql)>> Cache = new();

    /// <summary>The scripts of <paramref name="assembly"/>, read from its resources once per process.</summary>
    public static IReadOnlyList<(int Version, string Sql)> For(Assembly assembly) => Cache.GetOrAdd(assembly, Load);

    public static IReadOnlyList<(int Version, string Sql)> Load(Assembly assembly)
    {
        var scripts = new List<(int Version, string Sql)>();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith("Schema/", StringComparison.Ordinal) || !name.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var version = int.Parse(name.AsSpan("Schema/".Length, 3), NumberStyles.None, CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            scripts.Add((version, reader.ReadToEnd()));
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < scripts.Count; i++)
        {
            if (scripts[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Schema scripts must be numbered 001, 002, … without gaps; found {scripts[i].Version:D3} at position {i + 1}.");
            }
        }

        return scripts;
    }
}
