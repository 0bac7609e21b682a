using System.Globalization;
using System.Text;
using Dataphin.UpgradeKit.Retention;

namespace Dataphin.UpgradeKit.Cli.Commands;

/// <summary>
/// <c>upgradekit archive &lt;directory&gt; [--record &lt;id&gt;]</c>: reads a retention archive back, checking every file
/// the manifest lists against its SHA-256 first, and lists what it holds (one line per record, then the audit entries
/// archived by their own period).
/// </summary>
internal static class ArchiveCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        string? directory = null;
        UpgradeRecordId? only = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--record" when i + 1 < args.Count:
                    if (!UpgradeRecordId.TryParse(args[++i], out var id))
                    {
                        return Usage(stderr, $"'{Printable(args[i])}' is not a record id.");
                    }

                    only = id;
                    break;
                case var option when option.StartsWith('-'):
                    return Usage(stderr, $"Unknown option or missing value '{Printable(option)}'.");
                case var path when directory is null:
                    directory = path;
                    break;
                default:
                    return Usage(stderr, $"Unexpected argument '{Printable(args[i])}'.");
            }
        }

        if (directory is null)
        {
            return Usage(stderr, "Missing the archive's directory.");
        }

        try
        {
            var (records, entries) = ListAsync(directory, only, stdout).GetAwaiter().GetResult();
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{records} record(s), {entries} audit entr{(entries == 1 ? "y" : "ies")} archived by their own period; every file matches the manifest's SHA-256."));
            return ExitCodes.Success;
        }
        catch (RetentionArchiveException e)
        {
            stderr.WriteLine("upgradekit: the archive cannot be trusted: " + Printable(e.Message));
            return ExitCodes.ArchiveDamaged;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine("upgradekit: " + Printable(e.Message));
            return ExitCodes.IoError;
        }
    }

    private static async Task<(int Records, int Entries)> ListAsync(string directory, UpgradeRecordId? only, TextWriter stdout)
    {
        var records = 0;
        await foreach (var archived in RetentionArchiveReader.ReadAsync(directory).ConfigureAwait(false))
        {
            var record = archived.Record;
            if (only is { } id && record.Id != id)
            {
                continue;
            }

            records++;
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{record.Id}  {record.Status}  finished {archived.FinishedAt}  {record.InitialVersion} -> {record.TargetVersion}  " +
                $"{archived.AuditEntries.Count} audit entries  {archived.TimelineEvents.Count} timeline events  " +
                $"configuration {(record.Configuration is { } file ? Printable(file.FileName) : "-")}"));
        }

        var entries = 0;
        await foreach (var stored in RetentionArchiveReader.ReadAuditEntriesAsync(directory).ConfigureAwait(false))
        {
            var entry = stored.Entry;
            if (only is { } id && entry.RecordId != id)
            {
                continue;
            }

            entries++;
            if (only is not null)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  audit {entry.At}  {Printable(entry.Actor)}  {entry.Operation}  {entry.Outcome}"));
            }
        }

        return (records, entries);
    }

    private static int Usage(TextWriter stderr, string error)
    {
        stderr.WriteLine($"upgradekit: {error} Run 'upgradekit --help'.");
        return ExitCodes.Usage;
    }

    /// <summary>Text from the archive or the command line as the terminal may show it: control and format characters escaped, so none can steer it.</summary>
    internal static string Printable(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
