using System.Buffers;
using System.Numerics;
using NodaTime;

namespace Dataphin.UpgradeKit.Timeline;

public static partial class TimelineAggregator
{
    /// <summary>What is known of one subject of one node: min start, max end and the tie-broken outcome and link.</summary>
    private struct Subject
    {
        public string Name;
        public int Hash;
        public TimelineNodeKind Node;
        public bool HasStart;
        public bool HasEnd;
        public DataUpdateTaskOutcome Outcome;
        public Instant Start;
        public Instant End;
        public string? Link;
        public Instant LinkAt;

        /// <summary>Finished when some end is at or after the start (or there is no start, R-TIME-7 "only if consistent").</summary>
        public readonly bool IsFinished => HasEnd && (!HasStart || End >= Start);

        public void Add(TimelineEvent e, bool isStart)
        {
            var at = e.At;
            if (isStart)
            {
                Start = HasStart ? Instant.Min(Start, at) : at;
                HasStart = true;
            }
            else if (!HasEnd || at > End)
            {
                End = at;
                HasEnd = true;
                Outcome = e.Outcome ?? default;
            }
            else if (at == End && e.Outcome is { } outcome && outcome > Outcome)
            {
                Outcome = outcome;
            }

            if (e.DetailsLink is { } link
                && (Link is null || at > LinkAt || (at == LinkAt && string.CompareOrdinal(link, Link) > 0)))
            {
                Link = link;
                LinkAt = at;
            }
        }
    }

    /// <summary>
    /// The subjects of one aggregation, keyed by node and name: open addressing with linear probing over an index
    /// array kept at most half full, entries stored densely in arrival order. Both arrays are rented from the shared
    /// pool and returned (entries cleared of their strings) on dispose: a stream of 50,000 subjects would otherwise
    /// allocate megabytes on the large-object heap per call and pay a gen-2 collection for it (issue 16).
    /// </summary>
    /// <remarks>
    /// The hash is the string's randomised one (<see cref="string.GetHashCode()"/>), so subject names chosen by a
    /// reporter cannot force collisions. Entry order depends on arrival order; nothing read from the table does.
    /// </remarks>
    private sealed class SubjectTable : IDisposable
    {
        /// <summary>How many events <see cref="Prefetch"/> reads ahead.</summary>
        public const int Block = 32;

        private const int MinCapacity = 16;

        // 2^20 subjects presized at most; a larger stream grows by doubling like any other.
        private const int MaxPresized = 1 << 20;

        private Subject[] _entries;
        private int[] _slots; // entry index + 1; 0 marks an empty slot
        private int _mask;
        private int _count;
        private int _touched; // what Prefetch read, kept so the reads are not optimised away

        public SubjectTable(int expectedSubjects)
        {
            var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(expectedSubjects, MinCapacity, MaxPresized));
            _entries = ArrayPool<Subject>.Shared.Rent(capacity);
            _slots = RentSlots(capacity * 2);
            _mask = (capacity * 2) - 1;
        }

        /// <summary>A sum of what <see cref="Prefetch"/> read: meaningless, but it keeps those reads from being optimised away.</summary>
        public int Touched => _touched;

        /// <summary>The subjects seen so far, in arrival order.</summary>
        public ReadOnlySpan<Subject> Entries => _entries.AsSpan(0, _count);

        /// <summary>
        /// Computes the hashes of <paramref name="block"/> into <paramref name="hashes"/> and reads, for each event, the
        /// slot and the entry (with its name) its lookup will read first. The reads of different events do not depend
        /// on each other, so the processor overlaps their cache misses; <see cref="GetOrAdd"/> then finds those lines
        /// in the cache. A hint only: what it reads changes no result.
        /// </summary>
        public void Prefetch(ReadOnlySpan<TimelineEvent> block, Span<int> hashes)
        {
            for (var i = 0; i < block.Length; i++)
            {
                var e = block[i];
                hashes[i] = e is null ? 0 : HashOf(Classify(e.Kind).Node, e.Subject);
            }

            Span<int> slots = stackalloc int[Block];
            for (var i = 0; i < block.Length; i++)
            {
                slots[i] = _slots[hashes[i] & _mask];
            }

            var touched = 0;
            for (var i = 0; i < block.Length; i++)
            {
                if (slots[i] != 0)
                {
                    ref readonly var s = ref _entries[slots[i] - 1];
                    touched = unchecked(touched + s.Name.Length);
                }
            }

            _touched = unchecked(_touched + touched);
        }

        /// <summary>
        /// The subject of <paramref name="node"/> named <paramref name="name"/> (whose <see cref="HashOf"/> is
        /// <paramref name="hash"/>), added empty when new.
        /// </summary>
        public ref Subject GetOrAdd(TimelineNodeKind node, string name, int hash)
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

            if (_count == _entries.Length)
            {
                var larger = ArrayPool<Subject>.Shared.Rent(_entries.Length * 2);
                Array.Copy(_entries, larger, _count);
                Return(_entries, _count);
                _entries = larger;
            }

            if ((_count + 1) * 2 > _mask + 1)
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
            Return(_entries, _count);
            ArrayPool<int>.Shared.Return(_slots);
            _entries = [];
            _slots = [];
            _count = 0;
            _touched = 0;
        }

        // unchecked: the build checks overflow; a hash is meant to wrap. The odd multiplier spreads the node over the bits.
        public static int HashOf(TimelineNodeKind node, string name) =>
            unchecked(name.GetHashCode(StringComparison.Ordinal) ^ ((int)node * -1640531527)) & int.MaxValue;

        private static int[] RentSlots(int length)
        {
            var slots = ArrayPool<int>.Shared.Rent(length);
            Array.Clear(slots, 0, length); // a pooled array comes back as its last user left it
            return slots;
        }

        private static void Return(Subject[] entries, int count)
        {
            Array.Clear(entries, 0, count); // no pooled array may keep an event's strings alive
            ArrayPool<Subject>.Shared.Return(entries);
        }

        private void GrowSlots()
        {
            ArrayPool<int>.Shared.Return(_slots);
            var length = (_mask + 1) * 2;
            _slots = RentSlots(length);
            _mask = length - 1;
            for (var e = 0; e < _count; e++)
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
}
