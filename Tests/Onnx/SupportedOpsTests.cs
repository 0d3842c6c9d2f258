using System.Text.RegularExpressions;
using DeepDream.Core.Onnx.Gradients;
using DeepDream.Tests.Installer;

namespace DeepDream.Tests.Onnx;

/// <summary>The README lists exactly the ops that have a backward rule.</summary>
public sealed class SupportedOpsTests
{
    [Fact]
    public void The_readme_lists_every_op_with_a_rule_and_no_other()
    {
        var readme = File.ReadAllText(Path.Combine(InstallScript.RepositoryRoot, "README.md"));
        var section = Regex.Match(readme, "<!-- supported-ops -->(.*)<!-- /supported-ops -->", RegexOptions.Singleline);
        Assert.True(section.Success, "README.md has no supported-ops section");
        var listed = section.Groups[1].Value.Split([',', '\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries).Select(o => o.Trim('`', '.')).Order();
        var expected = GradientRules.Standard.SupportedOps;
        Assert.True(listed.SequenceEqual(expected), $"README lists {string.Join(", ", listed)}; rules exist for {string.Join(", ", expected.Select(o => $"`{o}`"))}");
    }
}
