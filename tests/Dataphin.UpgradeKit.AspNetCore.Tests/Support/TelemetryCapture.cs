using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Dataphin.UpgradeKit.AspNetCore.Tests.Support;

/// <summary>
/// Records, as text, everything a host's telemetry pipeline could see: every log message with its structured values,
/// scopes and exception; every activity of every source with its tags, events and baggage; every metric measurement
/// of every meter with its tags.
/// </summary>
public sealed class TelemetryCapture : ILoggerProvider
{
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters;

    public TelemetryCapture()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                var text = new List<string> { activity.Source.Name, activity.OperationName, activity.DisplayName, activity.StatusDescription ?? string.Empty };
                text.AddRange(activity.TagObjects.Select(t => $"{t.Key}={t.Value}"));
                text.AddRange(activity.Baggage.Select(b => $"{b.Key}={b.Value}"));
                foreach (var e in activity.Events)
                {
                    text.Add(e.Name);
                    text.AddRange(e.Tags.Select(t => $"{t.Key}={t.Value}"));
                }

                Activities.Enqueue(string.Join(' ', text));
            },
        };
        ActivitySource.AddActivityListener(_activities);
        _meters = new MeterListener { InstrumentPublished = (instrument, listener) => listener.EnableMeasurementEvents(instrument) };
        _meters.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _meters.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _meters.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _meters.Start();
    }

    public ConcurrentQueue<string> Logs { get; } = new();

    public ConcurrentQueue<string> Activities { get; } = new();

    public ConcurrentQueue<string> Measurements { get; } = new();

    public IEnumerable<string> Everything => Logs.Concat(Activities).Concat(Measurements);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var text = new List<string> { instrument.Meter.Name, instrument.Name, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty };
        foreach (var tag in tags)
        {
            text.Add($"{tag.Key}={tag.Value}");
        }

        Measurements.Enqueue(string.Join(' ', text));
    }

    private sealed class Logger(TelemetryCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            capture.Logs.Enqueue($"{category} scope {Describe(state)}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture.Logs.Enqueue($"{category} {eventId} {formatter(state, exception)} {Describe(state)} {exception}");

        private static string Describe(object? state) => state is IEnumerable<KeyValuePair<string, object?>> values
            ? string.Join(' ', values.Select(v => $"{v.Key}={v.Value}"))
            : state?.ToString() ?? string.Empty;
    }
}
