using System.Text.Json.Serialization;
using Dataphin.UpgradeKit.Notifications;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>
/// Compile-time metadata of what <see cref="StorageJson"/> writes, so the stores need no reflection-based serialisation
/// and work in trimmed and NativeAOT hosts (issue 22). The notification root reaches every derived notification through
/// its <c>[JsonDerivedType]</c> attributes.
/// </summary>
[JsonSerializable(typeof(UpgradeNotification))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
