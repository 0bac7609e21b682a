using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Export.Reports;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Queries;
using Dataphin.UpgradeKit.Storage;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Export.Tests.Reports;

/// <summary>
/// A report is streamed: the store is read one bounded page at a time, at most one page ahead of what the destination
/// has (the next page is read while the current one is written), so the memory a report holds is two pages and the
/// writer's buffers, whatever the row count.
/// </summary>
public sealed class UpgradeReportsStreamingTests
{
    private const int Records = 2_600; // six pages of at most 500

    private static readonly Instant T0 = Instant.FromUtc(2026, 3, 1, 8, 0, 0);

    // The CSV writer's buffer (16 KiB) and the library's own buffer may hold rows back; nothing more may.
    private const long BufferedAtMost = 64 * 1024;

    public static TheoryData<string> Reports => ["records.csv", "records.jsonl", "audit.csv", "audit.jsonl"];

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task Report_ManyPages_ReadsBoundedPagesAtMostOnePageAheadOfTheDestination_R_RPT_1(string report)
    {
        var inner = new InMemoryUpgradeStore();
        for (var i = 0; i < Records; i++)
        {
            var record = Succeeded(T0 + Duration.FromMinutes(i));
            await inner.InsertAsync(record, new RecordChange(Created(record), []));
        }

        var destination = new CountingStream();
        var store = new PageWatchingStore(inner, destination);
        var reports = new UpgradeReports(new UpgradeHistory(store));

        switch (report)
        {
            case "records.csv":
                await reports.WriteRecordsCsvAsync(new UpgradeRecordQuery(), DisplayContext.Default, destination);
                break;
            case "records.jsonl":
                await reports.WriteRecordsJsonLinesAsync(new UpgradeRecordQuery(), DisplayContext.Default, destination);
                break;
            case "audit.csv":
                await reports.WriteAuditCsvAsync(new AuditTrailQuery(), DisplayContext.Default, destination);
                break;
            default:
                await reports.WriteAuditJsonLinesAsync(new AuditTrailQuery(), DisplayContext.Default, destination);
                break;
        }

        var pages = store.Pages;
        Assert.True(pages.Count >= 6, $"{pages.Count} pages read for {Records} rows");
        Assert.All(pages, page => Assert.InRange(page.Size, 1, 500));
        Assert.Equal(Records, pages.Sum(page => page.Rows));

        // When page k is requested, the rows of the pages before page k − 1 are at the destination, give or take the
        // buffers: one page is read ahead, never two.
        var total = destination.Written;
        var rowsBeforePrevious = 0;
        for (var k = 0; k < pages.Count; k++)
        {
            var expectedAtLeast = total * rowsBeforePrevious / Records - BufferedAtMost;
            Assert.True(pages[k].WrittenWhenRequested >= expectedAtLeast,
                $"page {k} was requested with {pages[k].WrittenWhenRequested} of {total} bytes written (expected at least {expectedAtLeast}: the pages before the previous one)");
            if (k > 0)
            {
                rowsBeforePrevious += pages[k - 1].Rows;
            }
        }
    }

    private static UpgradeRecord Succeeded(Instant createdAt) => new UpgradeRecordSnapshot
    {
        Id = UpgradeRecordId.New(createdAt), TargetVersion = ProductVersion.Parse("V5.1.0"), InitialVersion = ProductVersion.Parse("V4.3.0"),
        Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether, Status = UpgradeStatus.Succeeded,
        CreatedAt = createdAt, CreatedBy = "alice", UpgradeStartedAt = createdAt, UpgradeEndedAt = createdAt + Duration.FromMinutes(30),
        MaintenanceStartedAt = createdAt, MaintenanceEndedAt = createdAt + Duration.FromMinutes(30), Version = 3,
    }.ToRecord();

    private static AuditEntry Created(UpgradeRecord record) =>
        new(record.Id, record.CreatedAt, record.CreatedBy, UpgradeOperation.Create, AuditOutcome.Accepted, null, UpgradeStatus.Configuring, ActionReasonCode.None, 1, AuditEntry.NoOptions);

    private sealed record PageRead(int Size, long WrittenWhenRequested)
    {
        public int Rows { get; set; }
    }

    private sealed class PageWatchingStore(IUpgradeStore inner, CountingStream destination) : DelegatingUpgradeStore(inner)
    {
        public List<PageRead> Pages { get; } = [];

        public override async Task<UpgradeRecordPage> ListAsync(UpgradeRecordQuery query, CancellationToken cancellationToken = default)
        {
            var read = new PageRead(query.PageSize, destination.Written);
            Pages.Add(read);
            var page = await base.ListAsync(query, cancellationToken);
            read.Rows = page.Items.Count;
            return page;
        }

        public override async Task<AuditTrailPage> QueryAuditAsync(AuditTrailQuery query, CancellationToken cancellationToken = default)
        {
            var read = new PageRead(query.PageSize, destination.Written);
            Pages.Add(read);
            var page = await base.QueryAuditAsync(query, cancellationToken);
            read.Rows = page.Items.Count;
            return page;
        }
    }

    /// <summary>A destination that keeps nothing, only counts.</summary>
    private sealed class CountingStream : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Written;

        public override long Position { get => Written; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Written += count;

        public override void Write(ReadOnlySpan<byte> buffer) => Written += buffer.Length;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
