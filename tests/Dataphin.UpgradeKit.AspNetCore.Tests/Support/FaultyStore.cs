using System.Reflection;
using Dataphin.UpgradeKit.Storage;

namespace Dataphin.UpgradeKit.AspNetCore.Tests.Support;

/// <summary>An <see cref="IUpgradeStore"/> that forwards to an in-memory store, except that listing throws or never answers.</summary>
public class FaultyStore : DispatchProxy
{
    private IUpgradeStore _inner = null!;
    private Func<Task>? _list;

    public static IUpgradeStore Create(Func<Task> list)
    {
        var proxy = Create<IUpgradeStore, FaultyStore>();
        var faulty = (FaultyStore)(object)proxy;
        faulty._inner = new InMemoryUpgradeStore();
        faulty._list = list;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IUpgradeRecordStore.ListAsync) && _list is not null)
        {
            return ListAsync();
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

    private async Task<UpgradeRecordPage> ListAsync()
    {
        await _list!();
        throw new InvalidOperationException("unreachable: the fault must throw or hang");
    }
}
