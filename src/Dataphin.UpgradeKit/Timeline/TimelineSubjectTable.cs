using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Dataphin.UpgradeKit.Timeline;

/// <summary>
/// The subjects of one aggregation, keyed by node and name, stored densely in the order they are first seen. The
/// lookup index covers one <em>group</em> at a time (<see cref="BeginGroup"/>): a group of events whose hashes share
/// their top bits can only contain subjects no other group contains, so the index needs room for that group's
/// subjects alone and stays in the first-level cache however many subjects the whole stream has (issue 16). Open
/// addressing with linear probing over an index kept at most half full. Both arrays are rented from the shared
/// pool and returned (entries cleared of their strings) on dispose.
/// </summary>
/// <remarks>
/// The hash is the string's randomised one (<see cref="string.GetHashCode()"/>), so subject names chosen by a
/// reporter cannot force collisions. Entry order depends on arrival order and grouping; nothing read from the
/// table does.
/// </remarks>
internal sealed class TimelineSubjectTable : IDisposable
{
    private const int MinCapacity = 16;

    // 2^20 subjects presized at most; a larger stream grows by doubling like any other.
    private const int MaxPresized = 1 << 20;

    private TimelineSubject[] _entries;
    private int[] _slots; // entry index + 1 for the entries of the current group; 0 marks an empty slot
    private int _mask;
    private int _count;
    private int _groupStart;

    public TimelineSubjectTable(int expectedSubjects)
    {
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(expectedSubjects, MinCapacity, MaxPresized));
        _entries = ArrayPool<TimelineSubject>.Shared.Rent(capacity);
        _slots = [];
        BeginGroup(expectedSubjects);
    }

    /// <summary>The subjects seen so far, in the order they were first seen.</summary>
    public ReadOnlySpan<TimelineSubject> Entries => _entries.AsSpan(0, _count);

    /// <summary>
    /// Starts a group of about <paramref name="expectedSubjects"/> subjects, none of which an earlier group has:
    /// from now on GetOrAdd looks only among the subjects added after this call.
    /// </summary>
    public void BeginGroup(int expectedSubjects)
    {
        // Stryker disable once Arithmetic : only the index's first size; it grows when half full
        var length = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(expectedSubjects, MinCapacity, MaxPresized) * 2);
        // Stryker disable once Equality : an index of the same size replaced by a new one, or the empty one given back to the pool (which ignores it), changes no result
        if (_slots.Length < length)
        {
            // Stryker disable once Equality,Boolean : giving back the empty initial index (the pool ignores it) or not giving back an old one (a leak without references) changes no result; a comment here replaces the enclosing one, so it names Equality again
            if (_slots.Length > 0)
            {
                // Stryker disable once Statement : an index not given back is a leak the collector takes
                ArrayPool<int>.Shared.Return(_slots);
            }

            _slots = ArrayPool<int>.Shared.Rent(length);
        }

        Array.Clear(_slots, 0, length); // a pooled array, or the last group's index, is not empty
        _mask = length - 1;
        _groupStart = _count;
    }

    /// <summary>
    /// The subject of the event <paramref name="r"/> describes (an event of <paramref name="events"/>) among the
    /// current group's, added empty when new.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TimelineSubject GetOrAdd(ReadOnlySpan<TimelineEvent> events, in TimelineEventRecord r)
    {
        var hash = r.Hash;
        var node = r.Node;
        var i = hash & _mask;
        for (var slot = _slots[i]; slot != 0; slot = _slots[i])
        {
            ref var s = ref _entries[slot - 1];
            if (s.Hash == hash && s.Node == node && string.Equals(s.Name, events[r.Index].Subject, StringComparison.Ordinal))
            {
                return ref s;
            }

            // Stryker disable once Arithmetic : this lookup inserts where its own probe ends, and its index never grows within a group (BeginGroup sizes it for the group), so probing backwards finds every subject too
            i = (i + 1) & _mask;
        }

        return ref Add(node, events[r.Index].Subject, hash, i);
    }

    /// <summary>
    /// The subject of <paramref name="node"/> named <paramref name="name"/> (whose <see cref="HashOf"/> is
    /// <paramref name="hash"/>) among the current group's, added empty when new.
    /// </summary>
    public ref TimelineSubject GetOrAdd(TimelineNodeKind node, string name, int hash)
    {
        var i = hash & _mask;
        for (var slot = _slots[i]; slot != 0; slot = _slots[i])
        {
            ref var s = ref _entries[slot - 1];
            if (s.Hash == hash && s.Node == node && string.Equals(s.Name, name, StringComparison.Ordinal))
            {
                return ref s;
            }

            i = (i + 1) & _mask;
        }

        return ref Add(node, name, hash, i);
    }

    // Adds a subject at the free slot i its probe ended at.
    private ref TimelineSubject Add(TimelineNodeKind node, string name, int hash, int i)
    {
        if (_count == _entries.Length)
        {
            var larger = ArrayPool<TimelineSubject>.Shared.Rent(_entries.Length * 2);
            Array.Copy(_entries, larger, _count);
            // Stryker disable once Statement : the old entries not given back: a leak the collector takes
            Return(_entries, _count);
            _entries = larger;
        }

        // Stryker disable once Equality,Arithmetic : growing at a slightly different fill still grows before the index is full
        if ((_count - _groupStart + 1) * 2 > _mask + 1)
        {
            GrowSlots();
            i = FreeSlot(hash);
        }

        _slots[i] = _count + 1;
        ref var added = ref _entries[_count++];
        added = default;
        added.Name = name;
        added.Hash = hash;
        added.Node = node;
        return ref added;
    }

    public void Dispose()
    {
        // Stryker disable once Statement : not giving back is a leak the collector takes
        Return(_entries, _count);
        // Stryker disable once Statement : as above
        ArrayPool<int>.Shared.Return(_slots);
        _entries = [];
        _slots = [];
        _count = 0;
        _groupStart = 0;
    }

    // unchecked: the build checks overflow; a hash is meant to wrap. The odd multiplier spreads the node over the bits.
    // Stryker disable once Arithmetic,Unary : another mixing of the node is another hash, used consistently; keys are compared by node and name
    public static int HashOf(TimelineNodeKind node, string name) =>
        unchecked(name.GetHashCode() ^ ((int)node * -1640531527)) & int.MaxValue;

    private static void Return(TimelineSubject[] entries, int count)
    {
        Array.Clear(entries, 0, count); // no pooled array may keep an event's strings alive
        // Stryker disable once Statement : a leak the collector takes; the entries were cleared first
        ArrayPool<TimelineSubject>.Shared.Return(entries);
    }

    private void GrowSlots()
    {
        var length = (_mask + 1) * 2;
        // Stryker disable once Statement : an index not given back is a leak the collector takes
        ArrayPool<int>.Shared.Return(_slots);
        _slots = ArrayPool<int>.Shared.Rent(length);
        Array.Clear(_slots, 0, length);
        _mask = length - 1;
        // Stryker disable once Equality : one more slot points at the entry about to be added, which the add points at again; a lookup compares hash and key, so it finds nothing wrong there
        for (var e = _groupStart; e < _count; e++)
        {
            _slots[FreeSlot(_entries[e].Hash)] = e + 1;
        }
    }

    private int FreeSlot(int hash)
    {
        var i = hash & _mask;
        while (_slots[i] != 0)
        {
            i = (i + 1) & _mask;
        }

        return i;
    }
}
