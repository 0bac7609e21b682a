using System.Runtime.CompilerServices;

namespace Dataphin.UpgradeKit.Internal;

/// <summary>Argument checks at the public boundary, naming the offending argument by expression.</summary>
internal static class Guard
{
    public static T NotNull<T>([System.Diagnostics.CodeAnalysis.NotNull] T? value, [CallerArgumentExpression(nameof(value))] string? name = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(value, name);
        return value;
    }

    public static string NotNullOrWhiteSpace([System.Diagnostics.CodeAnalysis.NotNull] string? value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        return value;
    }

    public static T Defined<T>(T value, [CallerArgumentExpression(nameof(value))] string? name = null)
        where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{value} is not a defined {typeof(T).Name}.");
        }

        return value;
    }

    public static int InRange(int value, int min, int max, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"Must be between {min} and {max}.");
        }

        return value;
    }

    /// <summary>Refuses the default value of a value type (an empty record id, say); generic so Internal depends on no feature.</summary>
    public static T NotDefault<T>(T value, [CallerArgumentExpression(nameof(value))] string? name = null)
        where T : struct, IEquatable<T>
    {
        if (value.Equals(default))
        {
            throw new ArgumentException($"The {typeof(T).Name} is empty.", name);
        }

        return value;
    }
}
