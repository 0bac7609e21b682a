using System.Reflection;
using Dataphin.UpgradeKit.Storage;

namespace Dataphin.UpgradeKit.AspNetCore.Tests.Support;

/// <summary>
/// An <see cref="IUpgradeStore"/> over an in-memory store whose change feed can be made to fail: while
/// <see cref="Failing"/> is true, every read of the feed throws <see cref="UpgradeStoreException"/> (as a database that went
/// away would), and <see cref="Failed"/> completes at the first such read. Everything else is forwarded.
/// </summary>
public class FailingChangeFeedStore : DispatchProxy
{
    private IUpgradeStore _inner = null!;
    private volatile bool _failing;

    public TaskCompletionSource Failed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Failing
    {
        get => _failing;
        set => _failing = value;
    }

    /// <summary>What a failing read throws: by default a transient store error, which a watch rides out by itself.</summary>
    public Func<UpgradeStoreException> Error { get; set; } = () => new UpgradeStoreException("The change feed cannot be read (injected fault).");

    public static (IUpgradeStore Store, FailingChangeFeedStore Faults) Create()
    {
        var proxy = Create<IUpgradeStore, FailingChangeFeedStore>();
        var faults = (FailingChangeFeedStore)(object)proxy;
        faults._inner = new InMemoryUpgradeStore();
        return (proxy, faults);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (_failing && targetMethod.Name is nameof(IRecordChangeFeed.ReadChangesAsync) or nameof(IRecordChangeFeed.ReadLastPositionAsync))
        {
            Failed.TrySetResult();
            var error = Error();
            return targetMethod.Name == nameof(IRecordChangeFeed.ReadChangesAsync)
                ? Task.FromException<IReadOnlyList<RecordChangeEntry>>(error)
                : Task.FromException<long>(error);
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }
}
