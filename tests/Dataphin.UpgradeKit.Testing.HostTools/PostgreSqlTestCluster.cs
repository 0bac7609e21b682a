using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Dataphin.UpgradeKit.Testing.HostTools;

/// <summary>
/// A throw-away PostgreSQL cluster for tests and benchmarks: <c>initdb</c> in a temporary directory, started with
/// <c>pg_ctl</c> on a free loopback port (127.0.0.1 only, its unix socket inside the directory), tuned for speed rather
/// than durability (no fsync), and removed on dispose (<c>pg_ctl -m immediate stop</c>). As root the programs run as the
/// <c>postgres</c> user. A cluster whose test process died is stopped and removed by the next start.
/// </summary>
public sealed class PostgreSqlTestCluster : IDisposable
{
    private const string DirectoryPrefix = "upgradekit-pg-";
    private readonly string _binDirectory;
    private readonly string _root;
    private int _disposed;

    private PostgreSqlTestCluster(string binDirectory, string root, int port)
    {
        _binDirectory = binDirectory;
        _root = root;
        Port = port;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>Where the server's programs (<c>initdb</c>, <c>pg_ctl</c>, <c>psql</c>, <c>pg_dump</c>) are.</summary>
    public string BinDirectory => _binDirectory;

    /// <summary>The loopback TCP port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The server log (read it when a start fails).</summary>
    public string LogFile => Path.Combine(_root, "postgres.log");

    /// <summary>A connection string to <paramref name="database"/> as the superuser <c>postgres</c> (trust authentication).</summary>
    public string ConnectionString(string database = "postgres") =>
        string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=15;Include Error Detail=true");

    /// <summary>Creates, starts and returns a cluster using the programs in <paramref name="binDirectory"/>.</summary>
    /// <param name="binDirectory">Where <c>initdb</c> and <c>pg_ctl</c> are.</param>
    /// <param name="durable">
    /// False (for tests) turns fsync, synchronous commit and full-page writes off; true keeps the server's durable
    /// defaults, for benchmarks that compare stores honestly.
    /// </param>
    /// <exception cref="InvalidOperationException">initdb or pg_ctl failed; the message holds their output.</exception>
    public static PostgreSqlTestCluster Start(string binDirectory, bool durable = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(binDirectory);
        RemoveAbandonedClusters(binDirectory);
        var root = Directory.CreateTempSubdirectory(DirectoryPrefix).FullName;
        File.WriteAllText(Path.Combine(root, "owner.pid"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Path.Combine(root, "socket"));
        if (RunsAsRoot)
        {
            Run("chown", ["-R", "postgres:postgres", root]);
        }

        try
        {
            RunServerTool(binDirectory, "initdb", ["-D", Path.Combine(root, "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
            for (var attempt = 1; ; attempt++)
            {
                var port = FreeLoopbackPort();
                var settings = string.Join(' ',
                    $"-p {port}", $"-k {Path.Combine(root, "socket")}", "-c listen_addresses=127.0.0.1", "-c max_connections=300",
                    "-c shared_buffers=128MB", durable ? string.Empty : "-c fsync=off -c synchronous_commit=off -c full_page_writes=off");
                try
                {
                    RunServerTool(binDirectory, "pg_ctl",
                        ["-D", Path.Combine(root, "data"), "-l", Path.Combine(root, "postgres.log"), "-w", "-t", "60", "-o", settings, "start"]);
                    return new PostgreSqlTestCluster(binDirectory, root, port);
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                    // Another process may have taken the port between choosing it and the server binding it.
                }
            }
        }
        catch
        {
            TryDelete(root);
            throw;
        }
    }

    /// <summary>
    /// Restarts the server as a crash would (<c>pg_ctl restart -m immediate</c>): every connection is cut without a
    /// goodbye, the server recovers from its write-ahead log and accepts connections again before this returns. Same port
    /// and settings (pg_ctl reuses the command line it recorded).
    /// </summary>
    /// <exception cref="InvalidOperationException">pg_ctl failed; the message holds its output.</exception>
    public void RestartImmediately()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        // -l again: without it the restarted server would write to pg_ctl's output, which this process waits to close.
        RunServerTool(_binDirectory, "pg_ctl",
            ["-D", Path.Combine(_root, "data"), "-l", LogFile, "-m", "immediate", "-w", "-t", "60", "restart"]);
    }

    /// <summary>Stops the server at once (<c>-m immediate</c>) and removes its directory.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        Stop(_binDirectory, _root);
    }

    private void OnProcessExit(object? sender, EventArgs e) => Dispose();

    private static void Stop(string binDirectory, string root)
    {
        try
        {
            RunServerTool(binDirectory, "pg_ctl", ["-D", Path.Combine(root, "data"), "-m", "immediate", "-w", "-t", "30", "stop"]);
        }
        catch (InvalidOperationException)
        {
            // Not running (it never started, or it died with its owner): nothing to stop.
        }

        TryDelete(root);
    }

    /// <summary>Stops and removes clusters left by test processes that no longer run (a crashed or killed run).</summary>
    private static void RemoveAbandonedClusters(string binDirectory)
    {
        foreach (var root in Directory.GetDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            var pidFile = Path.Combine(root, "owner.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile), out var pid) && !Directory.Exists($"/proc/{pid}"))
            {
                Stop(binDirectory, root);
            }
        }
    }

    internal static bool RunsAsRoot => Environment.UserName == "root";

    private static void RunServerTool(string binDirectory, string tool, IReadOnlyList<string> arguments)
    {
        var program = Path.Combine(binDirectory, tool);
        if (RunsAsRoot)
        {
            // initdb and the server refuse to run as root.
            Run("runuser", ["-u", "postgres", "--", program, .. arguments]);
        }
        else
        {
            Run(program, arguments);
        }
    }

    internal static void Run(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} did not finish within 90 seconds.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void TryDelete(string root)
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
