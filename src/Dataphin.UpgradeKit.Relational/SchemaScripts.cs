using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>
/// The versioned schema scripts embedded in an adapter assembly as <c>Schema/NNN_name.sql</c>. Every script numbered
/// NNN belongs to schema version NNN; a version may have several scripts (one per feature that changes the schema),
/// applied in the ordinal order of their names. Versions are numbered 1, 2, … without gaps. The runner records the
/// version in <c>schema_version</c> after its last script, unless a script already did (version 1's does, so that it
/// can still be applied by hand).
/// </summary>
internal static class SchemaScripts
{
    private static readonly ConcurrentDictionary<Assembly, IReadOnlyList<(int Version, string Sql)>> Cache = new();

    /// <summary>The scripts of <paramref name="assembly"/>, read from its resources once per process.</summary>
    public static IReadOnlyList<(int Version, string Sql)> For(Assembly assembly) => Cache.GetOrAdd(assembly, Load);

    /// <summary>
    /// One entry per schema version, in version order: the version and its scripts joined in name order, followed by
    /// the statement that records the version.
    /// </summary>
    public static IReadOnlyList<(int Version, string Sql)> Load(Assembly assembly)
    {
        var parts = new List<(int Version, string Name, string Sql)>();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith("Schema/", StringComparison.Ordinal) || !name.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var version = int.Parse(name.AsSpan("Schema/".Length, 3), NumberStyles.None, CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            parts.Add((version, name, reader.ReadToEnd()));
        }

        parts.Sort((a, b) => a.Version != b.Version ? a.Version.CompareTo(b.Version) : string.CompareOrdinal(a.Name, b.Name));
        var scripts = new List<(int Version, string Sql)>();
        foreach (var group in parts.GroupBy(part => part.Version))
        {
            if (group.Key != scripts.Count + 1)
            {
                throw new InvalidOperationException($"Schema scripts must be numbered 001, 002, … without gaps; found {group.Key:D3} where {scripts.Count + 1:D3} was expected.");
            }

            var sql = string.Join("\n;\n", group.Select(part => part.Sql.TrimEnd().TrimEnd(';')));
            sql += string.Create(CultureInfo.InvariantCulture,
                $"\n;\nINSERT INTO schema_version (version) SELECT {group.Key} WHERE NOT EXISTS (SELECT 1 FROM schema_version WHERE version = {group.Key});\n");
            scripts.Add((group.Key, sql));
        }

        return scripts;
    }
}
