using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Dataphin.UpgradeKit.Retention;

/// <summary>Source-generated serialisation of the manifest (no reflection: trimmed and NativeAOT hosts).</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class ArchiveManifestJsonContext : JsonSerializerContext;
