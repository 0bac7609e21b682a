using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Dataphin.UpgradeKit.Retention;

/// <summary>Source-generated serialisation of the manifest (no reflection: trimmed and NativeAOT hosts).</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class ArchiveManifestJsonContext : JsonSerializerContext;

/// <summary>Source-generated serialisation of one line of the batch log (no indentation: one batch per line).</summary>
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class ArchiveManifestLineJsonContext : JsonSerializerContext;
