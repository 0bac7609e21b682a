using System.Runtime.CompilerServices;

namespace Dataphin.UpgradeKit.Internal;

/// <summary>
/// The position of each defined value of <typeparamref name="TEnum"/> in ascending order of value, so tables can be indexed
/// densely without assuming how the enum is numbered. Thread-safe; a lookup is one array read.
/// </summary>
internal static class EnumOrdinals<TEnum>
    where TEnum : struct, Enum
{
    private const int MaxLookup = 1024;
    private static readonly int[] ByValue;

    static EnumOrdinals()
    {
        if (Enum.GetUnderlyingType(typeof(TEnum)) != typeof(int))
        {
            throw new InvalidOperationException($"{typeof(TEnum).Name} must be int-based to be used as a table index.");
        }

        Values = Enum.GetValues<TEnum>();
        var max = 0;
        foreach (var value in Values)
        {
            var raw = Raw(value);
            if (raw is < 0 or >= MaxLookup)
            {
                throw new InvalidOperationException($"{typeof(TEnum).Name}.{value} = {raw} is outside 0..{MaxLookup - 1}.");
            }

            max = Math.Max(max, raw);
        }

        ByValue = new int[max + 1];
        Array.Fill(ByValue, -1);
        for (var i = 0; i < Values.Length; i++)
        {
            ByValue[Raw(Values[i])] = i;
        }
    }

    /// <summary>Every defined value, in ascending order; <c>Values[Of(v)] == v</c>.</summary>
    public static TEnum[] Values { get; }

    /// <summary>How many values are defined.</summary>
    public static int Count => Values.Length;

    /// <summary>The position of <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not defined.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Of(TEnum value)
    {
        var raw = Raw(value);
        int ordinal;
        if (unchecked((uint)raw) >= (uint)ByValue.Length || (ordinal = ByValue[raw]) < 0)
        {
            return Undefined(value);
        }

        return ordinal;
    }

    private static int Undefined(TEnum value) =>
        throw new ArgumentOutOfRangeException(nameof(value), value, $"{value} is not a defined {typeof(TEnum).Name}.");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Raw(TEnum value) => Unsafe.As<TEnum, int>(ref value);
}
