using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Xunit;
using Xunit.Abstractions;

namespace Dataphin.UpgradeKit.Packaging.Tests.Docs;

/// <summary>
/// The README's ASP.NET Core host runs as pasted and shows something (issue 22 item 1): its C# block becomes the
/// Program.cs of a fresh <c>dotnet new web</c> project that takes the packed packages, builds without a warning, starts
/// on a free loopback port in Development, and answers the list, the actions, a stop, the event stream, the OpenAPI
/// document and the health check for an operator signed in the README's development way.
/// </summary>
[Collection(PackedFeedGroup.Name)]
public sealed class ReadmeHostTests(PackedFeed feed, ITestOutputHelper output)
{
    private const string OperatorHeader = "X-Development-Operator";

    [Fact]
    public async Task ReadmeHost_AsPastedIntoDotnetNewWeb_ServesTheRoutesToADevelopmentOperator()
    {
        var project = Path.Combine(feed.NewScratchFolder("readme-host"), "ReadmeHost");
        await Processes.RunAsync("dotnet", $"new web -o \"{project}\" --no-restore", feed.Root);
        await File.WriteAllTextAsync(Path.Combine(project, "nuget.config"), feed.ConsumerNuGetConfig());
        await File.WriteAllTextAsync(Path.Combine(project, "Program.cs"), ReadmeHostBlock(feed.Root));
        var csproj = Path.Combine(project, "ReadmeHost.csproj");
        var text = await File.ReadAllTextAsync(csproj);
        await File.WriteAllTextAsync(csproj, text.Replace("</Project>", $"""
              <ItemGroup>
                <PackageReference Include="Dataphin.UpgradeKit.Sqlite" Version="{feed.Version}" />
                <PackageReference Include="Dataphin.UpgradeKit.AspNetCore" Version="{feed.Version}" />
              </ItemGroup>
            </Project>
            """, StringComparison.Ordinal));

        var build = await Processes.RunAsync("dotnet", "build -c Release -warnaserror", project);
        output.WriteLine(build);
        Assert.Empty(PackedFeed.Warnings(build));

        var port = FreeLoopbackPort();
        using var host = Start(project, port);
        try
        {
            await host.Listening.Task.WaitAsync(TimeSpan.FromMinutes(2));
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(1) };

            // Nobody signed in: 401, as the README says.
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/upgrades")).StatusCode);
            http.DefaultRequestHeaders.Add(OperatorHeader, "olga om-engineer");

            // The list shows the seeded records.
            using var list = JsonDocument.Parse(await GetStringAsync(http, "/api/upgrades"));
            var rows = list.RootElement.GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(2, rows.Count);
            var running = rows.Single(r => string.Equals(r.GetProperty("status").GetProperty("code").GetString(), "upgrading", StringComparison.OrdinalIgnoreCase));
            var id = running.GetProperty("id").GetString()!;

            // Its actions: stop and a force-stop request (the two-person rule is on by default) are offered to a qualified O&M engineer.
            using var actions = JsonDocument.Parse(await GetStringAsync(http, $"/api/upgrades/{id}/actions"));
            var offered = actions.RootElement.EnumerateArray().Where(a => a.GetProperty("offered").GetBoolean())
                .Select(a => a.GetProperty("action").GetString()!.ToLowerInvariant()).ToList();
            Assert.Contains("stop", offered);
            Assert.Contains("requestforcestop", offered.Select(a => a.Replace("-", "", StringComparison.Ordinal)));

            // A stop: the new row is Stopped.
            using var stop = await http.PostAsync($"/api/upgrades/{id}/stop",
                new StringContent("""{"rerunForceStoppedInstances": true}""", Encoding.UTF8, "application/json"));
            var stopped = await stop.Content.ReadAsStringAsync();
            Assert.True(stop.StatusCode == HttpStatusCode.OK, $"stop answered {(int)stop.StatusCode}: {stopped}");
            using (var row = JsonDocument.Parse(stopped))
            {
                Assert.Equal("stopped", row.RootElement.GetProperty("status").GetProperty("code").GetString(), StringComparer.OrdinalIgnoreCase);
            }

            // The event stream replays the committed changes after position 0: the stop among them.
            using var events = new HttpRequestMessage(HttpMethod.Get, "/api/upgrades/events?lastEventId=0");
            events.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            using var stream = await http.SendAsync(events, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
            Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
            using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
            var stopSeen = false;
            using var enough = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            while (!stopSeen && await reader.ReadLineAsync(enough.Token) is { } line)
            {
                if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    using var change = JsonDocument.Parse(line["data:".Length..]);
                    stopSeen = change.RootElement.GetProperty("recordId").GetString() == id
                        && change.RootElement.GetProperty("row") is { ValueKind: JsonValueKind.Object } changed
                        && string.Equals(changed.GetProperty("status").GetProperty("code").GetString(), "stopped", StringComparison.OrdinalIgnoreCase);
                }
            }

            Assert.True(stopSeen, "the event stream ended without the stop");

            // The OpenAPI document describes the routes; the health check reports the store.
            using var openApi = JsonDocument.Parse(await GetStringAsync(http, "/openapi/v1.json"));
            var paths = openApi.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
            Assert.Contains("/api/upgrades", paths);
            Assert.Contains("/api/upgrades/{id}/stop", paths);
            Assert.Equal("Healthy", await GetStringAsync(http, "/healthz"));
        }
        finally
        {
            host.Stop();
            output.WriteLine(host.Output);
        }
    }

    /// <summary>The first C# block of the README's "Embedding it in an ASP.NET Core host" section, exactly as written.</summary>
    internal static string ReadmeHostBlock(string root)
    {
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var section = readme[readme.IndexOf("## Embedding it in an ASP.NET Core host", StringComparison.Ordinal)..];
        var start = section.IndexOf("```csharp\n", StringComparison.Ordinal) + "```csharp\n".Length;
        return section[start..section.IndexOf("\n```", start, StringComparison.Ordinal)] + "\n";
    }


    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> GetStringAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {body}");
        return body;
    }

    private static RunningHost Start(string project, int port)
    {
        var start = new ProcessStartInfo("dotnet", $"bin/Release/net10.0/ReadmeHost.dll --urls http://127.0.0.1:{port}")
        {
            WorkingDirectory = project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return new RunningHost(Process.Start(start)!);
    }

    /// <summary>The host process; <see cref="Listening"/> completes when it logs that it listens.</summary>
    private sealed class RunningHost : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        public RunningHost(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) => Received(e.Data);
            process.ErrorDataReceived += (_, e) => Received(e.Data);
            process.EnableRaisingEvents = true;
            process.Exited += (_, _) => Listening.TrySetException(new InvalidOperationException("the host exited before it listened:\n" + Output));
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public TaskCompletionSource Listening { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public void Stop()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }

        public void Dispose()
        {
            Stop();
            _process.Dispose();
        }

        private void Received(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }

            if (line.Contains("Now listening on", StringComparison.Ordinal))
            {
                Listening.TrySetResult();
            }
        }
    }
}
