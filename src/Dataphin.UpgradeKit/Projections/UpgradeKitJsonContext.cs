using System.Text.Json.Serialization;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;

namespace Dataphin.UpgradeKit.Projections;

/// <summary>
/// Compile-time JSON metadata of what the SDK hands a host to serialise (issue 22): the projections, the record, the
/// change feed and the notifications. It makes <see cref="UpgradeKitJson.Options"/> work in trimmed and NativeAOT hosts,
/// where reflection-based serialisation is off. Each root pulls in every type its properties reach, so a property
/// added to a projection is covered without touching this list; a new root type (one a host serialises on its own)
/// is added here, unless its namespace depends on this one (Live, Service: the core's namespaces have no cycle), in
/// which case the reflection fallback serves it. The options themselves (naming, converters) come from
/// <see cref="UpgradeKitJson.Options"/>.
/// </summary>
[JsonSerializable(typeof(RecordListPage))]
[JsonSerializable(typeof(RecordListRow))]
[JsonSerializable(typeof(IReadOnlyList<ActionView>))]
[JsonSerializable(typeof(ViewLogPanel))]
[JsonSerializable(typeof(UpgradeRecord))]
[JsonSerializable(typeof(ResumePoint))]
[JsonSerializable(typeof(IReadOnlyList<TimelineNode>))]
[JsonSerializable(typeof(IReadOnlyList<TimelineEvent>))]
[JsonSerializable(typeof(RecordChange))]
[JsonSerializable(typeof(UpgradeNotification))]
[JsonSerializable(typeof(AuditEntry))]
[JsonSerializable(typeof(ConfigurationFile))]
[JsonSerializable(typeof(Instant))]
internal sealed partial class UpgradeKitJsonContext : JsonSerializerContext;
