using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Export.Tests.Vectors;

/// <summary>
/// The C2SP CCTV age vectors, npm package <c>cctv-age</c> pinned at 0.2.0. The package is fetched with
/// <c>npm pack</c> into the git-ignored <c>.vectors/</c> folder of this test project the first time it is
/// needed, checked against the registry's published integrity, and parsed from its <c>index.js</c>
/// (one base64 constant per <c>testdata/</c> file). Nothing is copied by hand.
/// </summary>
public static partial class CctvVectors
{
    public const string Package = "cctv-age@0.2.0";
    private const string TarballName = "cctv-age-0.2.0.tgz";

    // npm's published dist.integrity for cctv-age 0.2.0.
    private const string Integrity = "sha512-1fiGAaWr+snqgu8+uCC7qPeApAuueOESET2npKe0FVLY+Huf+Kkia89Rybx/uoGNCml31SgAjiQIeFOY4K3New==";

    private static readonly Lazy<IReadOnlyList<CctvVector>> Loaded = new(Load);

    public static IReadOnlyList<CctvVector> All => Loaded.Value;

    public static CctvVector Get(string name) => All.Single(v => v.Name == name);

    [GeneratedRegex(@"// \.\./testdata/(?<name>[^\s]+)\s*\nvar \w+ = __toBinary\(""(?<data>[A-Za-z0-9+/=]*)""\);")]
    private static partial Regex VectorPattern();

    private static List<CctvVector> Load()
    {
        var tarball = EnsureTarball();
        var index = ReadIndexJs(tarball);
        var vectors = VectorPattern().Matches(index)
            .Select(m => Parse(m.Groups["name"].Value, Convert.FromBase64String(m.Groups["data"].Value)))
            .ToList();
        if (vectors.Count == 0)
        {
            throw new InvalidOperationException($"No vectors found in {Package}'s index.js: has the package layout changed?");
        }

        return vectors;
    }

    private static string EnsureTarball()
    {
        var directory = Path.Combine(ProjectDirectory(), ".vectors");
        var tarball = Path.Combine(directory, TarballName);
        if (!File.Exists(tarball))
        {
            Directory.CreateDirectory(directory);
            var npm = HostTool.Find("npm")
                ?? throw new InvalidOperationException($"npm is needed to fetch the age test vectors ({Package}); install it (apt-get install npm).");
            var start = new ProcessStartInfo(npm, ["pack", Package, "--pack-destination", directory])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = directory,
            };
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0 || !File.Exists(tarball))
            {
                throw new InvalidOperationException($"'npm pack {Package}' failed ({process.ExitCode}): {stderr.Result}");
            }
        }

        var actual = "sha512-" + Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(tarball)));
        if (actual != Integrity)
        {
            throw new InvalidOperationException($"{tarball} does not match the published integrity of {Package}; delete it to fetch again.");
        }

        return tarball;
    }

    private static string ReadIndexJs(string tarball)
    {
        using var gzip = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.Name == "package/index.js" && entry.DataStream is { } data)
            {
                using var reader = new StreamReader(data, Encoding.UTF8);
                return reader.ReadToEnd();
            }
        }

        throw new InvalidOperationException($"{Package} has no package/index.js.");
    }

    private static CctvVector Parse(string name, byte[] content)
    {
        // A vector is "key: value" lines, an empty line, then the (possibly zlib-compressed) age file.
        var fields = new Dictionary<string, List<string>>();
        var at = 0;
        while (true)
        {
            var end = Array.IndexOf(content, (byte)'\n', at);
            var line = Encoding.UTF8.GetString(content, at, end - at);
            at = end + 1;
            if (line.Length == 0)
            {
                break;
            }

            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            var key = line[..colon];
            if (!fields.TryGetValue(key, out var values))
            {
                fields[key] = values = [];
            }

            values.Add(line[(colon + 2)..]);
        }

        var file = content[at..];
        if (fields.TryGetValue("compressed", out var compressed) && compressed[0] == "zlib")
        {
            using var zlib = new ZLibStream(new MemoryStream(file), CompressionMode.Decompress);
            using var inflated = new MemoryStream();
            zlib.CopyTo(inflated);
            file = inflated.ToArray();
        }

        return new CctvVector(name, fields.ToDictionary(f => f.Key, f => (IReadOnlyList<string>)f.Value), file);
    }

    private static string ProjectDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dataphin.UpgradeKit.Export.Tests.csproj")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the test project directory above " + AppContext.BaseDirectory);
    }
}
