using DeepDream.Core.Imaging;
using DeepDream.Core.Onnx.DreamGraph;
using DeepDream.Tests.Support;
using Google.Protobuf;
using Xunit.Abstractions;
using static DeepDream.Tests.Objectives.ObjectiveTestModels;

namespace DeepDream.Tests.Objectives;

/// <summary>
/// Each objective's dream graph, specialised to a tile size as GPU sessions run it, checked
/// against DirectML's kernel registrations as DirectMLPlacementTests checks the layer loss.
/// </summary>
public sealed class ObjectivePlacementTests(ITestOutputHelper output)
{
    private static RgbImage Guide() => TestData.Crop(TestData.Photo("chelsea.png"), 100, 20, 256, 224);

    private static (string Model, Objective Objective) Case(string name) => name switch
    {
        "channels" => ("resnet18", Objective.Channels("layer3.1", 42, 101)),
        "guide" => ("resnet18", Objective.Guide(Guide(), "layer3.1")),
        "layer + channels + guide" => ("resnet18", Objective.Layer("layer2.1") + Objective.Channels("layer3.1", 7) + Objective.Guide(Guide(), "layer2.1")),
        "class" => (TinyFile, Objective.Class(107)),
        "class before softmax + guide" => (TinySoftmaxFile, Objective.Class(107) + Objective.Guide(Guide(), TinyFeatures)),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [InlineData("channels")]
    [InlineData("guide")]
    [InlineData("layer + channels + guide")]
    [InlineData("class")]
    [InlineData("class before softmax + guide")]
    public void Every_node_of_the_objective_s_graph_is_placed_on_DirectML(string name)
    {
        var (modelName, objective) = Case(name);
        var model = Model(modelName);
        var graph = DreamGraphBuilder.Build(model.Model, model.Name, objective.Resolve(model), GraphTarget.Gpu).ToByteArray();
        var placement = DirectMLPlacement.Analyse(name, graph, 512, 512, DirectMLOperatorTable.Default, (192, 192), (224, 224));
        output.WriteLine(placement.Summary());
        Assert.True(placement.Problems.Count == 0, $"{name}: {placement.Problems.Count} node problem(s) for DirectML:\n{string.Join("\n", placement.Problems)}");
    }
}
