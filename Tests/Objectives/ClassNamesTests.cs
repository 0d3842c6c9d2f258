using DeepDream.Core.Dreaming;
using DeepDream.Core.Models;
using Xunit.Abstractions;

namespace DeepDream.Tests.Objectives;

/// <summary>ImageNet's class names as the catalog ships them.</summary>
public sealed class ClassNamesTests(ITestOutputHelper output)
{
    private static readonly ClassNames ImageNet = ClassNames.ImageNet(ModelCatalog.Default.Directory);

    [Fact]
    public void The_catalog_ships_the_thousand_names_in_index_order()
    {
        Assert.Equal(1000, ImageNet.Names.Count);
        Assert.Equal("tench", ImageNet.NameOf(0));
        Assert.Equal("jellyfish", ImageNet.NameOf(107));
        Assert.Equal("toilet tissue", ImageNet.NameOf(999));
        Assert.Equal(1000, ImageNet.Names.Distinct().Count());
    }

    [Theory]
    [InlineData("jellyfish", 107)]
    [InlineData("  JellyFish ", 107)]
    [InlineData("jelly", 107)]
    [InlineData("107", 107)]
    [InlineData("0", 0)]
    [InlineData("tabby", 281)]
    [InlineData("goldfish", 1)]
    [InlineData("crane", 517)]
    [InlineData("Cardigan", 264)]
    [InlineData("cardigan", 474)]
    public void A_class_is_found_by_name_part_of_a_name_or_index(string text, int expected) =>
        Assert.Equal(expected, ImageNet.Find(text));

    [Theory]
    [InlineData("terrier", "'terrier' matches several classes (")]
    [InlineData("gold", "give the whole name or the index")]
    [InlineData("unicorn", "no class is called 'unicorn'; give a name such as 'jellyfish' or an index from 0 to 999")]
    [InlineData("-3", "no class is called '-3'")]
    [InlineData("CARDIGAN", "'CARDIGAN' matches several classes (Cardigan = 264, cardigan = 474)")]
    public void Ambiguous_and_unknown_names_are_refused_clearly(string text, string expected)
    {
        var e = Assert.Throws<DreamSettingsException>(() => ImageNet.Find(text));
        output.WriteLine(e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void An_ambiguous_name_lists_a_few_candidates_with_their_indices()
    {
        var e = Assert.Throws<DreamSettingsException>(() => ImageNet.Find("terrier"));
        Assert.Contains("Border terrier = 182", e.Message);
        Assert.EndsWith(", ...); give the whole name or the index.", e.Message);
    }

    [Fact]
    public void Without_the_names_file_classes_are_given_by_index_and_a_name_gets_a_clear_error()
    {
        var none = ClassNames.ImageNet(Directory.CreateTempSubdirectory("deepdream-no-names-").FullName);
        Assert.Empty(none.Names);
        Assert.Equal(107, none.Find("107"));
        var e = Assert.Throws<DreamSettingsException>(() => none.Find("jellyfish"));
        Assert.Contains("give the class's index", e.Message);
    }
}
