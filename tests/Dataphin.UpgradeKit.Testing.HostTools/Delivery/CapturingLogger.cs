using Microsoft.Extensions.Logging;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Delivery;
using Dataphin.UpgradeKit.Live;
using Dataphin.UpgradeKit.Queries;

namespace Dataphin.UpgradeKit.Testing.HostTools.Delivery;

/// <summary>One logged line: its level, event id and formatted text.</summary>
public sealed record LoggedLine(LogLevel Level, EventId EventId, string Message, Exception? Exception);

/// <summary>A logger that keeps every line. Thread-safe.</summary>
public sealed class CapturingLogger : ILogger<NotificationDelivery>, ILogger<UpgradeCommands>, ILogger<UpgradeHostReports>, ILogger<UpgradeQueries>, ILogger<UpgradeWatches>
{
    private readonly Lock _gate = new();
    private readonly List<LoggedLine> _lines = [];

    /// <summary>A copy of the lines so far.</summary>
    public IReadOnlyList<LoggedLine> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>The lines with event id <paramref name="id"/>.</summary>
    public IReadOnlyList<LoggedLine> WithId(int id) => [.. Lines.Where(l => l.EventId.Id == id)];

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => true;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var line = new LoggedLine(logLevel, eventId, formatter(state, exception), exception);
        lock (_gate)
        {
            _lines.Add(line);
        }
    }
}
