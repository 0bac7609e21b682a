using Microsoft.Extensions.Logging;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

/// <summary>A logger that keeps every line it is given, for tests that assert what a store logged.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    private readonly List<(LogLevel Level, EventId Id, string Message)> _lines = [];

    public IReadOnlyList<(LogLevel Level, EventId Id, string Message)> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines)
        {
            _lines.Add((logLevel, eventId, formatter(state, exception)));
        }
    }
}
