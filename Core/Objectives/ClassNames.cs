using System.Globalization;
using DeepDream.Core.Dreaming;

namespace DeepDream.Core.Objectives;

/// <summary>The names of a classifier's classes, in index order (ImageNet's ship with the catalog), so that users pick "jellyfish", not 107.</summary>
public sealed class ClassNames(IReadOnlyList<string> names)
{
    public const string ImageNetFile = "imagenet-classes.txt";

    public IReadOnlyList<string> Names => names;

    /// <summary>ImageNet's 1000 class names, from the catalog folder; a missing or unreadable file leaves classes to be given by index.</summary>
    public static ClassNames ImageNet(string catalogDirectory)
    {
        try
        {
            return new(File.ReadAllLines(Path.Combine(catalogDirectory, ImageNetFile)).Where(l => l.Length > 0).ToList());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new([]);
        }
    }

    public string NameOf(int index) => index >= 0 && index < names.Count ? names[index] : index.ToString(CultureInfo.InvariantCulture);

    /// <summary>A class by index or by name (whole name, else the one name containing the text), ignoring case unless two names differ only in case.</summary>
    public int Find(string text)
    {
        text = text.Trim();
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            return index;
        var exact = names.Select((n, i) => (n, i)).Where(p => string.Equals(p.n, text, StringComparison.OrdinalIgnoreCase)).ToList();
        // ImageNet has names that differ only in case: "Cardigan" (the corgi) and "cardigan" (the sweater).
        if (exact.Count > 1)
            exact = exact.Where(p => p.n == text).ToList() is { Count: 1 } cased ? cased : exact;
        var partial = exact.Count > 0 ? exact : names.Select((n, i) => (n, i)).Where(p => p.n.Contains(text, StringComparison.OrdinalIgnoreCase)).ToList();
        return partial.Count switch
        {
            1 => partial[0].i,
            0 when names.Count == 0 => throw new DreamSettingsException($"class: no class names are known ({ImageNetFile} is missing from the catalog folder); give the class's index."),
            0 => throw new DreamSettingsException($"class: no class is called '{text}'; give a name such as '{names[107 % names.Count]}' or an index from 0 to {names.Count - 1}."),
            _ => throw new DreamSettingsException($"class: '{text}' matches several classes ({string.Join(", ", partial.Take(6).Select(p => $"{p.n} = {p.i}"))}{(partial.Count > 6 ? ", ..." : "")}); give the whole name or the index."),
        };
    }
}
