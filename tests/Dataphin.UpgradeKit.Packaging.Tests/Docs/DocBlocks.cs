using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Dataphin.UpgradeKit.Packaging.Tests.Docs;

/// <summary>One fenced C# block of a Markdown file.</summary>
/// <param name="File">The Markdown file, relative to the repository root, with forward slashes.</param>
/// <param name="Line">The 1-based line of the block's first code line (the line after the opening fence).</param>
/// <param name="Code">The block's text, its fence indentation removed.</param>
public sealed record DocBlock(string File, int Line, string Code)
{
    /// <summary>A name for the generated file, unique per block: the Markdown path and the line.</summary>
    public string Name => new string([.. File.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]) + "_L" + Line;
}

/// <summary>
/// Finds the C# blocks of the documentation and turns each into a source file that compiles exactly what a reader
/// would paste, and nothing more.
/// </summary>
/// <remarks>
/// <para>The convention (the README's Documentation section states it for readers):</para>
/// <list type="bullet">
/// <item>Every fenced block whose info string starts with <c>csharp</c>, <c>cs</c> or <c>c#</c> is compiled; there is
/// no opt-out, so a block that is only a fragment must be made whole (declare what it uses).</item>
/// <item>A block is a C# file as a reader would paste it into a new project (<c>dotnet new console</c>'s implicit
/// usings: System, System.IO, System.Linq, System.Collections.Generic, System.Net.Http, System.Threading,
/// System.Threading.Tasks). Every other namespace, the SDK's included, needs its <c>using</c> in the block.</item>
/// <item>Statements at the top of a block run as top-level statements would (they may <c>await</c> and read
/// <c>args</c>); types declared after them are types of the file. Since a project may have only one file of
/// top-level statements, each block's statements are wrapped in a method of their own, and its types put in a
/// namespace of their own unless the block declares one: this changes no name the block can see.</item>
/// </list>
/// <para><c>#line</c> directives map every generated line back to the Markdown file and line, so a compiler error
/// names the block's own file and line.</para>
/// </remarks>
public static class DocBlocks
{
    private static readonly string[] CSharpInfo = ["csharp", "cs", "c#"];

    /// <summary>The C# blocks of README.md, every Markdown file under docs/ and each package's README (src/&lt;package&gt;/README.md).</summary>
    public static IReadOnlyList<DocBlock> Find(string root)
    {
        var files = new[] { Path.Combine(root, "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            .Concat(Directory.GetDirectories(Path.Combine(root, "src")).Select(d => Path.Combine(d, "README.md")).Where(File.Exists).Order(StringComparer.Ordinal));
        return [.. files.SelectMany(f => Extract(Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText(f)))];
    }

    /// <summary>The C# blocks of one Markdown text (CommonMark fences of backticks or tildes, possibly indented).</summary>
    public static IEnumerable<DocBlock> Extract(string file, string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ').Length;
            var text = lines[i].TrimStart(' ');
            if (!(text.StartsWith("```", StringComparison.Ordinal) || text.StartsWith("~~~", StringComparison.Ordinal)))
            {
                continue;
            }

            var fenceChar = text[0];
            var fence = new string(fenceChar, text.TakeWhile(c => c == fenceChar).Count());
            var info = text[fence.Length..].Trim();
            var body = new List<string>();
            var start = i + 1;
            for (i++; i < lines.Length && !IsClosingFence(lines[i], fence); i++)
            {
                body.Add(lines[i].Length >= indent && lines[i][..indent].Trim().Length == 0 ? lines[i][indent..] : lines[i].TrimStart(' '));
            }

            var language = info.Split(' ', 2)[0].ToLowerInvariant();
            if (CSharpInfo.Contains(language))
            {
                yield return new DocBlock(file, start + 1, string.Join('\n', body));
            }
        }
    }

    private static bool IsClosingFence(string line, string fence)
    {
        var text = line.Trim();
        return text.StartsWith(fence, StringComparison.Ordinal) && text.All(c => c == fence[0]);
    }

    /// <summary>The source file for <paramref name="block"/>, its lines mapped back to the Markdown file.</summary>
    public static string ToSourceFile(DocBlock block)
    {
        var tree = CSharpSyntaxTree.ParseText(block.Code, new CSharpParseOptions(LanguageVersion.Preview));
        var unit = (CompilationUnitSyntax)tree.GetRoot();
        var statements = unit.Members.OfType<GlobalStatementSyntax>().ToList();
        var declarations = unit.Members.Where(m => m is not GlobalStatementSyntax).ToList();
        var declaresNamespace = declarations.Any(d => d is BaseNamespaceDeclarationSyntax);

        var source = new StringBuilder();
        source.Append("// Generated from ").Append(block.File).Append(" line ").Append(block.Line).Append(" by the docs-compile test.\n");
        foreach (var directive in unit.Externs.Cast<SyntaxNode>().Concat(unit.Usings).Concat(unit.AttributeLists))
        {
            Append(source, block, directive);
        }

        if (!declaresNamespace)
        {
            source.Append("#line hidden\nnamespace DocBlocks.").Append(block.Name).Append(";\n");
        }

        if (statements.Count > 0)
        {
            var isAsync = statements.Any(s => s.DescendantTokens().Any(t => t.IsKind(SyntaxKind.AwaitKeyword) && !InsideNestedFunction(t)));
            source.Append("#line hidden\ninternal static class Block\n{\n")
                .Append(isAsync ? "    public static async System.Threading.Tasks.Task RunAsync(string[] args)\n" : "    public static void Run(string[] args)\n")
                .Append("    {\n");
            foreach (var statement in statements)
            {
                Append(source, block, statement);
            }

            source.Append("#line hidden\n    }\n}\n");
        }

        foreach (var declaration in declarations)
        {
            Append(source, block, declaration);
        }

        return source.ToString();
    }

    private static bool InsideNestedFunction(SyntaxToken token) =>
        token.Parent!.Ancestors().Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax);

    private static void Append(StringBuilder source, DocBlock block, SyntaxNode node)
    {
        var line = node.GetLocation().GetLineSpan().StartLinePosition.Line + block.Line;
        source.Append("#line ").Append(line).Append(" \"").Append(block.File).Append("\"\n").Append(node.ToString()).Append('\n');
    }
}
