using Dataphin.UpgradeKit.AspNetCore.Endpoints;
using Dataphin.UpgradeKit.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.AspNetCore.Tests.Endpoints;

/// <summary>
/// Request text cannot grow the server's memory through the display settings (R-SEC-3, R-DISP-1): the caller is
/// resolved before any display work, and the displays kept are few, keyed by normalised zone and culture. The requests
/// run in process through the list endpoint's own request delegate (binding, filters, handler), which keeps 10,000 of
/// them cheap on a shared machine.
/// </summary>
public sealed class DisplayContextCacheTests
{
    // Casing variants of four valid culture names (16 each) over as many tzdb zones as needed: 10,000 distinct spellings
    // of valid settings, which the former cache kept one entry each, for anonymous requests too.
    private static readonly string[] Cultures = ["en-us", "zh-cn", "de-de", "fr-fr"];

    [Fact]
    public async Task Bind_TenThousandDistinctSpellingsWithoutOperator_R_SM_7_R_SEC_3_AreRefusedAndKeepNothing()
    {
        await using var host = await KestrelHost.StartAsync();
        var list = ListEndpoint(host);
        var cache = list.Metadata.GetMetadata<DisplayContextCache>()!;

        foreach (var (zone, culture) in Spellings(10_000))
        {
            Assert.Equal(StatusCodes.Status401Unauthorized, await InvokeAsync(host, list, zone, culture, operatorId: null));
        }

        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task Bind_TenThousandDistinctSpellingsOfOperator_R_DISP_1_R_SEC_3_ShareNormalisedEntriesUpToTheCap()
    {
        await using var host = await KestrelHost.StartAsync();
        var list = ListEndpoint(host);
        var cache = list.Metadata.GetMetadata<DisplayContextCache>()!;

        // Every casing of a culture is one setting: 3 zones x 4 cultures, whatever the spellings.
        foreach (var (zone, culture) in Spellings(3 * Cultures.Length * 16))
        {
            Assert.Equal(StatusCodes.Status200OK, await InvokeAsync(host, list, zone, culture, "alice"));
        }

        Assert.Equal(3 * Cultures.Length, cache.Count);

        foreach (var (zone, culture) in Spellings(10_000))
        {
            Assert.Equal(StatusCodes.Status200OK, await InvokeAsync(host, list, zone, culture, "alice"));
        }

        Assert.Equal(cache.Capacity, cache.Count);
        Assert.True(cache.Capacity < 10_000 / 16);
    }

    [Fact]
    public async Task Bind_UnknownZoneOrCulture_R_DISP_1_IsRefusedAndNotKept()
    {
        await using var host = await KestrelHost.StartAsync();
        var list = ListEndpoint(host);
        var cache = list.Metadata.GetMetadata<DisplayContextCache>()!;

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(StatusCodes.Status400BadRequest, await InvokeAsync(host, list, $"Mars/Crater-{i}", "en", "alice"));
            Assert.Equal(StatusCodes.Status400BadRequest, await InvokeAsync(host, list, "UTC", $"xx-Nowhere{i}", "alice"));
        }

        Assert.Equal(0, cache.Count);
    }

    private static IEnumerable<(string Zone, string Culture)> Spellings(int count)
    {
        var zones = DateTimeZoneProviders.Tzdb.Ids.Order(StringComparer.Ordinal).ToArray();
        var produced = 0;
        foreach (var zone in zones)
        {
            foreach (var culture in Cultures)
            {
                for (var mask = 0; mask < 16; mask++)
                {
                    if (produced++ == count)
                    {
                        yield break;
                    }

                    yield return (zone, Cased(culture, mask));
                }
            }
        }

        throw new InvalidOperationException("Not enough distinct spellings.");
    }

    // The letters of "xx-yy" upper-cased where the mask's bits say.
    private static string Cased(string culture, int mask)
    {
        var letters = culture.ToCharArray();
        var bit = 0;
        for (var i = 0; i < letters.Length; i++)
        {
            if (char.IsAsciiLetter(letters[i]) && (mask & (1 << bit++)) != 0)
            {
                letters[i] = char.ToUpperInvariant(letters[i]);
            }
        }

        return new string(letters);
    }

    private static RouteEndpoint ListEndpoint(KestrelHost host) =>
        host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Single(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == "ListUpgradeRecords");

    private static async Task<int> InvokeAsync(KestrelHost host, RouteEndpoint endpoint, string zone, string culture, string? operatorId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = "/api/upgrades";
        context.Request.QueryString = QueryString.Create(new Dictionary<string, string?> { ["timeZone"] = zone, ["culture"] = culture });
        if (operatorId is not null)
        {
            context.Request.Headers["X-Operator"] = operatorId;
        }

        context.SetEndpoint(endpoint);
        await endpoint.RequestDelegate!(context);
        return context.Response.StatusCode;
    }
}
