using System.Diagnostics;
using System.Globalization;
using Dataphin.UpgradeKit.Browser.Tests.Support;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.HostTools;
using Xunit;

namespace Dataphin.UpgradeKit.Browser.Tests;

/// <summary>
/// The page names statuses, modes, operations and outcome categories with the SDK's own display texts (R-DISP-1): one
/// vocabulary, written once in eng/strings.py, which generates both the SDK's resx files and the page's
/// vocabulary.generated.js.
/// </summary>
public sealed class PageVocabularyTests(SampleSite site) : IClassFixture<SampleSite>
{
    private const string Install = "apt-get install chromium";

    /// <summary>
    /// The committed generated files are what eng/strings.py writes today: an edit of a display text that was not
    /// followed by `python3 eng/strings.py` (or a hand edit of a generated file) fails here.
    /// </summary>
    [RequiresHostToolFact("python3", "apt-get install python3")]
    public void GeneratedFiles_SameAsEngStringsPyWrites_R_DISP_1()
    {
        var root = RepositoryRoot();
        var start = new ProcessStartInfo("python3")
        {
            ArgumentList = { Path.Combine(root, "eng", "strings.py"), "--check" },
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.True(process.ExitCode == 0, $"eng/strings.py --check exited with {process.ExitCode}: {output}{error}");
    }

    /// <summary>
    /// The filter bar's status and mode choices and the audit view's operation choices are every member of the SDK's
    /// enums, each named as the SDK names it in the page's language; the outcome categories are every member too.
    /// </summary>
    [RequiresHostToolTheory("chromium", Install)]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public async Task FilterChoices_EveryStatusModeAndOperation_NamedAsTheSdkNamesThem_R_DISP_1(string culture)
    {
        var page = await site.OpenAsync("alice");
        await page.GotoAsync(site.BaseAddress + "?culture=" + culture);
        await page.Locator("#records tbody tr").First.WaitForAsync();
        var language = CultureInfo.GetCultureInfo(culture);

        Assert.Equal(Names<UpgradeStatus>(s => DisplayText.Status(s, language)), await OptionsAsync("#filter-status"));
        Assert.Equal(Names<UpgradeMode>(m => DisplayText.Mode(m, language)), await OptionsAsync("#filter-mode"));
        Assert.Equal(Names<UpgradeOperation>(o => DisplayText.Operation(o, language)), await OptionsAsync("#audit-filters select[name=operation]"));
        Assert.Equal(Enum.GetNames<UpgradeOutcomeCategory>().Order(StringComparer.Ordinal),
            (await page.EvaluateAsync<string[]>("() => Object.keys(vocabularyOf('categories'))")).Order(StringComparer.Ordinal));

        // Each option as "value=text", without the first one (Any), in ordinal order.
        async Task<string[]> OptionsAsync(string select) =>
            [.. (await page.Locator(select + " option:not([value=''])").EvaluateAllAsync<string[]>("all => all.map(o => o.value + '=' + o.textContent)"))
                .Order(StringComparer.Ordinal)];
    }

    private static string[] Names<T>(Func<T, string> name)
        where T : struct, Enum =>
        [.. Enum.GetValues<T>().Select(value => $"{value}={name(value)}").Order(StringComparer.Ordinal)];

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dataphin.UpgradeKit.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The tests run outside the repository: no Dataphin.UpgradeKit.sln above " + AppContext.BaseDirectory);
    }
}
