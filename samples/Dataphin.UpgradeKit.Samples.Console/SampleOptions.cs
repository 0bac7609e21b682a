using System.Globalization;
using NodaTime;

namespace Dataphin.UpgradeKit.Samples.Console;

/// <summary>The sample's command line.</summary>
internal sealed record SampleOptions(string Store, string DatabasePath, bool Keep, CultureInfo Culture, DateTimeZone Zone, string OutputFolder, bool Watch = false)
{
    public static string DefaultFolder { get; } =
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "Dataphin.UpgradeKit.Samples");

    public const string Help = """
        Dataphin.UpgradeKit console sample: performs a realistic set of platform upgrades through the SDK,
        then prints the Upgrade Records list, the View log panel of one record, and downloads its
        configuration encrypted with a one-time password and decrypts it back.

        Usage: dotnet run --project samples/Dataphin.UpgradeKit.Samples.Console -- [watch] [options]

          watch                   Instead: run one upgrade in the background and print each change of it
                                  as it happens (status, times, the timeline node running, the actions
                                  offered), about 10 seconds.

        Options:
          --store sqlite|memory   Where records live. sqlite (default) is the SDK's embedded store: one
                                  database file. memory keeps nothing after the sample ends.
          --database <path>       The SQLite file (default: <local application data>/
                                  Dataphin.UpgradeKit.Samples/upgrades.db).
          --keep                  Reuse the records of earlier runs instead of starting from an empty one.
          --culture en|zh-CN      Language of the sample's labels and the SDK's statuses, actions, reasons
                                  and timeline names (default: en).
          --time-zone <tz>        IANA time zone for displayed times (default: UTC), e.g. Asia/Shanghai.
          --output <folder>       Where the encrypted configuration download is written (default: next
                                  to the database).
          -h, --help              Show this help.

        Errors are one line on standard error; the exit code is 2 for a wrong argument, 1 for a failure.
        """;

    /// <summary>Reads the arguments; null with a message when they are wrong or help was asked for.</summary>
    public static SampleOptions? Parse(string[] args, out string? message)
    {
        var store = "sqlite";
        var database = Path.Combine(DefaultFolder, "upgrades.db");
        string? output = null;
        var keep = false;
        var watch = false;
        var culture = CultureInfo.GetCultureInfo("en");
        var zone = DateTimeZone.Utc;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            try
            {
                switch (args[i])
                {
                    case "-h" or "--help" or "-?":
                        message = Help;
                        return null;
                    case "--store":
                        store = Next().ToLowerInvariant();
                        if (store is not ("sqlite" or "memory"))
                        {
                            throw new ArgumentException($"--store takes sqlite or memory, not '{store}'.");
                        }

                        break;
                    case "--database":
                        database = Path.GetFullPath(Next());
                        break;
                    case "watch":
                        watch = true;
                        break;
                    case "--keep":
                        keep = true;
                        break;
                    case "--culture":
                        culture = CultureInfo.GetCultureInfo(Next());
                        break;
                    case "--time-zone":
                        var id = Next();
                        zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) ?? throw new ArgumentException($"'{id}' is not an IANA time zone.");
                        break;
                    case "--output":
                        output = Path.GetFullPath(Next());
                        break;
                    default:
                        throw new ArgumentException($"Unknown option '{args[i]}'.");
                }
            }
            catch (Exception ex) when (ex is ArgumentException or CultureNotFoundException)
            {
                message = SampleText.Format("UsageHint", ex.Message);
                return null;
            }
        }

        message = null;
        return new SampleOptions(store, database, keep, culture, zone, output ?? Path.GetDirectoryName(database)!, watch);
    }
}
