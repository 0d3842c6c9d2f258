using System.Text.RegularExpressions;

namespace DeepDream.Tests.Sdk;

/// <summary>
/// Paint.NET 5.1.9's public API as listed in Sdk/api-5.1.9-signatures.txt: per type, its assembly,
/// its declaration and its members, each normalised by <see cref="Normalize"/>.
/// </summary>
public sealed partial class SignatureListing
{
    public sealed record TypeEntry(string FullName, string Assembly, string Declaration, HashSet<string> Members);

    public Dictionary<string, TypeEntry> Types { get; } = new();

    /// <summary>The names after which "?" makes a Nullable&lt;T&gt;: built-in value types and the listing's structs and enums.</summary>
    public HashSet<string> ValueTypes { get; } = [.. BuiltInValueTypes];

    private static readonly string[] BuiltInValueTypes =
        ["bool", "byte", "sbyte", "short", "ushort", "int", "uint", "long", "ulong", "float", "double", "decimal", "char", "nint", "nuint", "Guid", "DateTime", "TimeSpan", "CancellationToken"];

    public static SignatureListing Load(string path)
    {
        var listing = new SignatureListing();
        var members = new List<(TypeEntry Type, string Line)>();
        TypeEntry? current = null;
        foreach (var line in File.ReadLines(path))
        {
            var header = TypeHeader().Match(line);
            if (header.Success)
            {
                current = new TypeEntry(header.Groups["name"].Value, header.Groups["assembly"].Value, "", new HashSet<string>());
                listing.Types[current.FullName] = current;
            }
            else if (current is null || line.TrimStart().StartsWith('['))
                continue;
            else if (line.StartsWith("       "))
                members.Add((current, TrailingAssembly().Replace(line, "")));
            else if (current.Declaration.Length == 0)
            {
                listing.Types[current.FullName] = current = current with { Declaration = Declaration(line) };
                if (ValueTypeDeclaration().Match(current.Declaration) is { Success: true } valueType)
                    listing.ValueTypes.Add(valueType.Groups[1].Value);
            }
        }
        // Members are normalised once every struct and enum is known, for the "?" after them.
        foreach (var (type, line) in members)
            type.Members.Add(Normalize(line, listing.ValueTypes));
        return listing;
    }

    /// <summary>The declaration up to its base list or constraints: "public abstract class BitmapEffect&lt;TToken&gt;".</summary>
    public static string Declaration(string line)
    {
        var text = line.Trim();
        var colon = text.IndexOf(" : ", StringComparison.Ordinal);
        if (colon >= 0) text = text[..colon];
        var where = text.IndexOf(" where ", StringComparison.Ordinal);
        if (where >= 0) text = text[..where];
        return Normalize(text);
    }

    /// <summary>
    /// Drops what does not take part in binding: parameter names, default values, nullable
    /// annotations, generic constraints and readonly; keeps kinds, types, in/out/ref/this and
    /// modifiers, and the "?" of Nullable&lt;T&gt; after the <paramref name="valueTypes"/>
    /// (built-in ones when not given), since T? and T are different types to the runtime.
    /// </summary>
    public static string Normalize(string signature, IReadOnlySet<string>? valueTypes = null)
    {
        var nullable = valueTypes ?? BuiltInValueTypes.ToHashSet();
        var text = NullableMark().Replace(signature.Trim(), m => nullable.Contains(m.Groups[1].Value) ? m.Value : m.Groups[1].Value);
        var where = text.IndexOf(" where ", StringComparison.Ordinal);
        if (where >= 0) text = text[..where];
        text = Regex.Replace(text, @"\breadonly\s+", "");
        var open = text.IndexOf('(');
        var openIndexer = text.IndexOf("this[", StringComparison.Ordinal);
        if (openIndexer >= 0 && (open < 0 || openIndexer < open))
            open = openIndexer + 4;
        if (open >= 0)
        {
            var close = Matching(text, open);
            var parameters = SplitTopLevel(text[(open + 1)..close])
                .Select(p => p.Split('=')[0].Trim())
                .Where(p => p.Length > 0)
                .Select(p => p[..p.LastIndexOf(' ')].Trim());
            text = text[..(open + 1)] + string.Join(", ", parameters) + text[close..];
        }
        return Regex.Replace(text, @"\s+", " ").Trim();
    }

    private static int Matching(string text, int open)
    {
        var (opening, closing) = (text[open], text[open] == '(' ? ')' : ']');
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == opening) depth++;
            else if (text[i] == closing && --depth == 0) return i;
        }
        throw new FormatException($"Unbalanced brackets in '{text}'.");
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '<' or '(' or '[') depth++;
            else if (text[i] is '>' or ')' or ']') depth--;
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }

    [GeneratedRegex(@"^## (?<name>\S+)\s+\[ns [^;]+; (?<assembly>[^\]]+)\.dll\]")]
    private static partial Regex TypeHeader();

    [GeneratedRegex(@"\s+\[[A-Za-z.]+\.dll\]\s*$")]
    private static partial Regex TrailingAssembly();

    [GeneratedRegex(@"(\w+|[>\]])\?")]
    private static partial Regex NullableMark();

    [GeneratedRegex(@"\b(?:struct|enum) (\w+)")]
    private static partial Regex ValueTypeDeclaration();
}
