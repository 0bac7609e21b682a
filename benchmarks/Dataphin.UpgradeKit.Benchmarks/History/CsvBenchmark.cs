using System.Diagnostics;
using System.Globalization;
using System.Text;
using CsvHelper;
using Dataphin.UpgradeKit.Export.Reports;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Queries;
using Dataphin.UpgradeKit.Storage;
using NodaTime;

namespace Dataphin.UpgradeKit.Benchmarks.History;

/// <summary>
/// The CSV report of every record of a store through <see cref="UpgradeReports"/> (read from the store page by page),
/// its time, bytes per second and the process's resident memory growth (sampled every 5 ms), against the floor: the
/// same cells, already in memory, written with CsvHelper to the same kind of counting stream.
/// </summary>
internal static class CsvBenchmark
{
    public static async Task RunAsync(IUpgradeStore store, int records, Action<string> line)
    {
        var reports = new UpgradeReports(new UpgradeHistory(store));
        var display = new DisplayContext(DateTimeZoneProviders.Tzdb["Asia/Shanghai"], CultureInfo.InvariantCulture);
        var query = new UpgradeRecordQuery();
        await reports.WriteRecordsCsvAsync(query, display, new CountingStream()); // warm-up
        var results = new List<(double Seconds, long Bytes, long Growth)>();
        for (var run = 0; run < 3; run++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var baseline = process.WorkingSet64;
            var peak = baseline;
            using var stop = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    process.Refresh();
                    peak = Math.Max(peak, process.WorkingSet64);
                    await Task.Delay(5, CancellationToken.None);
                }
            });
            var output = new CountingStream();
            var watch = Stopwatch.StartNew();
            await reports.WriteRecordsCsvAsync(query, display, output);
            watch.Stop();
            await stop.CancelAsync();
            await sampler;
            results.Add((watch.Elapsed.TotalSeconds, output.Length, peak - baseline));
        }

        // Where the time goes: the same records read from the store page by page, nothing formatted or written.
        var reads = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            var watch = Stopwatch.StartNew();
            await foreach (var record in new UpgradeHistory(store).StreamRecordsAsync(new UpgradeRecordQuery { PageSize = UpgradeRecordQuery.MaxPageSize }))
            {
                GC.KeepAlive(record);
            }

            reads.Add(watch.Elapsed.TotalSeconds);
        }

        // The floor: the same cells from memory (parsed back from one report; the generated data has no quoted cells).
        var captured = new MemoryStream();
        await reports.WriteRecordsCsvAsync(query, display, captured);
        var text = Encoding.UTF8.GetString(captured.ToArray());
        if (text.Contains('"', StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The report has quoted cells; the floor's simple split would not reproduce them.");
        }

        var rows = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(row => row.Split(',')).ToArray();
        var floors = new List<double>();
        long floorBytes = 0;
        for (var run = 0; run < 3; run++)
        {
            var output = new CountingStream();
            var watch = Stopwatch.StartNew();
            var writer = new StreamWriter(output, new UTF8Encoding(false), bufferSize: 16 * 1024, leaveOpen: true);
            await using (writer)
            {
                var csv = CsvWriter.Create(writer, new CsvWriterOptions { NewLine = "\r\n", Injection = CsvInjection.None, ValidateFieldCount = false }, leaveOpen: true);
                await using (csv)
                {
                    foreach (var row in rows)
                    {
                        foreach (var cell in row)
                        {
                            csv.WriteField(cell);
                        }

                        await csv.EndRecordAsync();
                    }

                    await csv.FlushAsync();
                }
            }

            floors.Add(watch.Elapsed.TotalSeconds);
            floorBytes = output.Length;
        }

        var median = results.OrderBy(r => r.Seconds).ElementAt(1);
        var floor = floors.Order().ElementAt(1);
        line($"\n## CSV report of {records:N0} records (PostgreSQL, through UpgradeReports; median of 3 runs after a warm-up)");
        line(string.Create(CultureInfo.InvariantCulture,
            $"- service: {median.Seconds:F2} s, {median.Bytes / 1048576.0:F1} MB, {median.Bytes / median.Seconds / 1048576.0:F1} MB/s; RSS growth per run {string.Join(" / ", results.Select(r => $"{r.Growth / 1048576.0:F1}"))} MB"));
        line(string.Create(CultureInfo.InvariantCulture,
            $"- floor (same {rows.Length:N0} rows from memory, CsvHelper): {floor:F2} s, {floorBytes / 1048576.0:F1} MB, {floorBytes / floor / 1048576.0:F1} MB/s"));
        line(string.Create(CultureInfo.InvariantCulture, $"- ratio service / floor bytes per second: {median.Bytes / median.Seconds / (floorBytes / floor):P0}"));
        line(string.Create(CultureInfo.InvariantCulture, $"- reading the same records from the store alone (pages of {UpgradeRecordQuery.MaxPageSize}, median of 3): {reads.Order().ElementAt(1):F2} s"));
    }

    /// <summary>A write-only stream that counts bytes and keeps none.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
