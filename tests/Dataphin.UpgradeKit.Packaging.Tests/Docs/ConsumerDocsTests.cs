using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Dataphin.UpgradeKit.AspNetCore.Operators;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Packaging.Tests.Architecture;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Dataphin.UpgradeKit.Packaging.Tests.Docs;

/// <summary>
/// What a consumer of the packages reads speaks to them, without the project's rule ids, "SPEC §n" or "issue n"
/// references (issue 21 item 8): the XML documentation of every public type and
/// member of every packed assembly, the package READMEs, and the OpenAPI document the AspNetCore package describes.
/// Rule ids stay in tests, comments and docs/, where docs/rules.md resolves them. eng/strip-rule-ids.py removes them.
/// </summary>
public sealed partial class ConsumerDocsTests
{
    public static TheoryData<string> Libraries => [.. ShippedNamespaceTests.Shipped.Where(a => a != "Dataphin.UpgradeKit.Cli")];

    [Theory]
    [MemberData(nameof(Libraries))]
    public void PublicXmlDocs_CiteNoRuleIds(string assembly)
    {
        var found = PublicDocReferences(assembly);

        Assert.NotNull(found);
        Assert.True(found.Count == 0, $"rule ids in {assembly}.xml:\n" + string.Join("\n", found.Take(50)));
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void PackageReadmes_CiteNoRuleIds(string package)
    {
        var readme = Path.Combine(Repository.Root, "src", package, "README.md");
        var found = File.ReadAllLines(readme)
            .Select((line, i) => (line, i))
            .Where(x => Reference().IsMatch(x.line))
            .Select(x => $"README.md:{x.i + 1}: {x.line.Trim()}")
            .ToList();

        Assert.True(found.Count == 0, $"rule ids in {package}'s README:\n" + string.Join("\n", found));
    }

    [Fact]
    public async Task OpenApiDocument_CitesNoRuleIds()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<IOperatorAccessor, NoOperator>();
        builder.Services.AddOpenApi(o => o.AddUpgradeKitSchemas());
        builder.Services.AddUpgradeKit().UseInMemory();
        await using var app = builder.Build();
        app.MapUpgradeRecords();
        app.MapOpenApi();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient();
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri(address + "/openapi/v1.json")));
        await app.StopAsync();

        var texts = new List<string>();
        Collect(document.RootElement, texts);
        var found = texts.Where(t => Reference().IsMatch(t)).Distinct(StringComparer.Ordinal).ToList();

        Assert.Contains(texts, t => t.Length > 0);
        Assert.True(found.Count == 0, "rule ids in the OpenAPI document:\n" + string.Join("\n", found));
    }

    [Fact]
    public void Reference_FindsEveryKindOfCitation_SoTheTestsCanFail()
    {
        Assert.Matches(Reference(), "Stop is refused (R-SM-5).");
        Assert.Matches(Reference(), "the times (R-TIME-2..5)");
        Assert.Matches(Reference(), "paging (R-LIST-*)");
        Assert.Matches(Reference(), "The download (SPEC §7)");
        Assert.Matches(Reference(), "bounded (issue 17 item 6)");
        Assert.DoesNotMatch(Reference(), "ERR-SM-5, R2-D2 and section 4 are not citations.");
    }

    [Fact]
    public void PublicDocReferences_ReadsTheXmlDocumentation_AndSkipsInternalMembers()
    {
        // Internal members may cite rule ids (maintainers read them; docs/rules.md resolves them): the core's XML has
        // such members, and the reader must see them there and leave them out as not public.
        var assembly = Assembly.Load(new AssemblyName("Dataphin.UpgradeKit"));
        var cited = XDocument.Load(Path.ChangeExtension(assembly.Location, ".xml")).Descendants("member")
            .Select(m => (Id: (string?)m.Attribute("name") ?? string.Empty, Text: m.Value))
            .Where(m => Reference().IsMatch(m.Text))
            .Select(m => m.Id)
            .ToList();

        Assert.NotEmpty(cited);
        Assert.All(cited, id => Assert.False(IsPublic(assembly, id), id));
        Assert.True(IsPublic(assembly, "T:Dataphin.UpgradeKit.UpgradeRecord"));
        Assert.False(IsPublic(assembly, "T:Dataphin.UpgradeKit.Internal.Guard"));
    }

    /// <summary>"member: text" for each public documented member whose documentation cites a rule.</summary>
    private static List<string> PublicDocReferences(string assemblyName)
    {
        var assembly = Assembly.Load(new AssemblyName(assemblyName));
        var xml = Path.ChangeExtension(assembly.Location, ".xml");
        Assert.True(File.Exists(xml), $"{xml} is missing: the project must generate its XML documentation");
        return XDocument.Load(xml).Descendants("member")
            .Select(m => (Id: (string?)m.Attribute("name") ?? string.Empty, Text: m.Value))
            .Where(m => Reference().IsMatch(m.Text) && IsPublic(assembly, m.Id))
            .Select(m => $"{m.Id}: {Reference().Match(m.Text).Value}")
            .ToList();
    }

    /// <summary>Whether the documentation comment id (<c>T:</c>, <c>M:</c>, <c>P:</c>, <c>F:</c>, <c>E:</c>) names a member a consumer sees.</summary>
    internal static bool IsPublic(Assembly assembly, string id)
    {
        if (id.Length < 3 || id[1] != ':')
        {
            return false;
        }

        var name = id[2..];
        var paren = name.IndexOf('(', StringComparison.Ordinal);
        if (paren >= 0)
        {
            name = name[..paren];
        }

        if (id[0] == 'T')
        {
            return FindType(assembly, name) is { IsVisible: true };
        }

        var dot = name.LastIndexOf('.');
        if (dot < 0 || FindType(assembly, name[..dot]) is not { IsVisible: true } type)
        {
            return false;
        }

        var member = name[(dot + 1)..];
        var tick = member.IndexOf("``", StringComparison.Ordinal);
        member = (tick >= 0 ? member[..tick] : member).Replace('#', '.');
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        return type.GetMember(member, all).Any(Visible);
    }

    private static bool Visible(MemberInfo member) => member switch
    {
        MethodBase m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly,
        PropertyInfo p => p.GetAccessors(nonPublic: true).Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly),
        FieldInfo f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly,
        EventInfo e => e.AddMethod is { } add && (add.IsPublic || add.IsFamily || add.IsFamilyOrAssembly),
        Type t => t.IsVisible,
        _ => false,
    };

    private static Type? FindType(Assembly assembly, string name)
    {
        // A nested type's documentation name joins with '.', its metadata name with '+': try each split from the right.
        var parts = name.Split('.');
        for (var nested = 0; nested < parts.Length; nested++)
        {
            var outer = string.Join('.', parts[..(parts.Length - nested)]);
            var inner = parts[(parts.Length - nested)..];
            var candidate = string.Join('+', inner.Prepend(outer));
            if (assembly.GetType(candidate) is { } type)
            {
                return type;
            }
        }

        return null;
    }

    private static void Collect(JsonElement element, List<string> texts)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.String && property.Name is "summary" or "description" or "title")
                    {
                        texts.Add(property.Value.GetString()!);
                    }
                    else
                    {
                        Collect(property.Value, texts);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, texts);
                }

                break;
        }
    }

    private sealed class NoOperator : IOperatorAccessor
    {
        public OperatorIdentity? GetOperator(HttpContext context) => null;
    }

    // A rule id (R-SM-5, R-TIME-2..5, R-LIST-*), a "SPEC §n" or "§n", an "issue n".
    [GeneratedRegex(@"(?<![A-Za-z0-9_])(R-[A-Z]{2,6}(-([0-9]{1,2}|\*))?(?![A-Za-z0-9])|§\s?[0-9]|[Ii]ssue [0-9]+)")]
    private static partial Regex Reference();
}
