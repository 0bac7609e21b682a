using Dataphin.UpgradeKit.Auditing;

namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>The options of a request as its audit entry records them (R-SM-7); never a password or file content (R-CFG-5).</summary>
internal static class LifecycleAuditOptions
{
    /// <summary>What <see cref="OperationCatalog"/> records for the request's operation; nothing for an operation without options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The request's operation is not defined.</exception>
    public static IReadOnlyDictionary<string, string> Of(LifecycleRequest request) =>
        OperationCatalog.Of(request.Operation).AuditOptions?.Invoke(request) ?? AuditEntry.NoOptions;
}
