using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Dataphin.UpgradeKit.Testing.HostTools.Delivery;

/// <summary>
/// An <see cref="IMeterFactory"/> for one host whose <c>long</c> counters it sums by instrument name, so a test reads
/// what its own service counted and nothing of other tests running in the same process.
/// </summary>
public sealed class CountingMeterFactory : IMeterFactory
{
    private readonly ConcurrentBag<Meter> _meters = [];
    private readonly ConcurrentDictionary<string, long> _sums = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Instrument, long Value, IReadOnlyDictionary<string, object?> Tags)> _measurements = new();
    private readonly MeterListener _listener = new();

    /// <summary>Creates the factory and starts listening to the meters it creates.</summary>
    public CountingMeterFactory()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (_meters.Contains(instrument.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            _sums.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
            var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            _measurements.Enqueue((instrument.Name, value, copy));
        });
        _listener.Start();
    }

    /// <summary>The sum of every measurement of the counter named <paramref name="instrument"/>.</summary>
    public long Sum(string instrument) => _sums.TryGetValue(instrument, out var sum) ? sum : 0;

    /// <summary>The sum of the measurements of the counter named <paramref name="instrument"/> whose tag <paramref name="tag"/> is <paramref name="value"/>.</summary>
    public long Sum(string instrument, string tag, string value) =>
        _measurements.Where(m => m.Instrument == instrument && m.Tags.TryGetValue(tag, out var v) && Equals(v, value)).Sum(m => m.Value);

    /// <inheritdoc />
    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        _meters.Add(meter);
        return meter;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _listener.Dispose();
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }
}
