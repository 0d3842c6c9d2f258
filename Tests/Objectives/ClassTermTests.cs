using DeepDream.Core.Dreaming;
using DeepDream.Core.Imaging;
using DeepDream.Core.Inference;
using DeepDream.Core.Onnx;
using DeepDream.Tests.Support;
using Xunit.Abstractions;
using static DeepDream.Tests.Objectives.ObjectiveTestModels;

namespace DeepDream.Tests.Objectives;

/// <summary>Dreaming toward a class of the tiny classifier (random weights, a 1000-way head), and the errors of models without classes.</summary>
public sealed class ClassTermTests(ITestOutputHelper output) : IDisposable
{
    private const int Jellyfish = 107;

    private readonly DreamSessionCache sessions = new();

    public void Dispose() => sessions.Dispose();

    private static RgbImage Cat() => TestData.Crop(TestData.Photo("chelsea.png"), 120, 40, 128, 128);

    /// <summary>
    /// Without jitter: the random tiny network answers to a pattern locked to its stride-4 grid, so
    /// steps taken at random rolls cancel out (PyTorch's own ascent on it does the same).
    /// </summary>
    private static DreamSettings Settings(Objective objective) =>
        new() { Objective = objective, Octaves = 2, Iterations = 10, Jitter = 0, Device = ExecutionDevice.Cpu };

    /// <summary>The class scores of an image and the rank of a class among them (1: the highest), which is its softmax rank too.</summary>
    private static (double Score, int Rank) Score(ImageClassifier model, string tensor, RgbImage image, int index)
    {
        var scores = LayerProbe.Run(model, tensor, image).Values;
        Assert.Equal(1000, scores.Length);
        return (scores[index], scores.Count(s => s > scores[index]) + 1);
    }

    [Theory]
    [InlineData(TinyFile)]
    [InlineData(TinySoftmaxFile)]
    public void A_class_objective_raises_the_class_logit_and_its_softmax_rank(string file)
    {
        var model = Tiny(file);
        var photo = Cat();
        var dreamer = new Dreamer(model, sessions);
        var dreamed = dreamer.Dream(photo, Settings(Objective.Class(Jellyfish)));
        // A plain dream of the last feature map with the same settings changes the image as much, but not toward the class.
        var plain = dreamer.Dream(photo, Settings(Objective.Layer(TinyFeatures)));

        var logits = ((ClassTerm)Objective.Class(Jellyfish).Resolve(model).Terms[0].Term).Logits;
        var output0 = model.Model.Graph.Output[0].Name;
        var before = Score(model, logits, photo, Jellyfish);
        var after = Score(model, logits, dreamed, Jellyfish);
        var control = Score(model, logits, plain, Jellyfish);
        var (probabilityBefore, rankBefore) = Score(model, output0, photo, Jellyfish);
        var (probabilityAfter, rankAfter) = Score(model, output0, dreamed, Jellyfish);
        output.WriteLine($"{file}: class {Jellyfish} logit ({logits}) {before.Score:F4} -> {after.Score:F4} (plain dream {control.Score:F4}), " +
            $"rank {before.Rank} -> {after.Rank} (plain dream {control.Rank}); output {output0}: {probabilityBefore:E4} -> {probabilityAfter:E4}, rank {rankBefore} -> {rankAfter}");

        Assert.True(after.Score > before.Score + 0.02, $"logit {before.Score} -> {after.Score}");
        Assert.True(after.Rank < before.Rank - 50, $"rank {before.Rank} -> {after.Rank}");
        Assert.True(control.Score < after.Score && control.Rank > after.Rank, $"the plain dream reached {control.Score}, rank {control.Rank}");
        Assert.Equal((before.Rank, after.Rank), (rankBefore, rankAfter));
    }

    [Fact]
    public void The_class_term_reads_the_scores_before_a_final_softmax()
    {
        var softmax = Tiny(TinySoftmaxFile);
        var term = (ClassTerm)Objective.Class(Jellyfish).Resolve(softmax).Terms[0].Term;
        var head = softmax.Model.Graph.Node.Single(n => n.OpType == "Softmax");
        Assert.Equal(head.Input[0], term.Logits);

        // The same network with and without the Softmax: the same loss and gradient.
        var photo = Cat();
        var withSoftmax = new Evaluator(sessions, softmax, Objective.Class(Jellyfish), photo.Width, photo.Height).LossAndGradient(photo.Rgb);
        var without = new Evaluator(sessions, Tiny(TinyFile), Objective.Class(Jellyfish), photo.Width, photo.Height).LossAndGradient(photo.Rgb);
        Assert.Equal(without.Loss, withSoftmax.Loss);
        Assert.Equal(without.Gradient, withSoftmax.Gradient);
    }

    [Fact]
    public void A_featurizer_has_no_classes_and_says_so()
    {
        var model = TestData.ResNet18;
        var e = Assert.Throws<ModelException>(() => new Dreamer(model, sessions).Dream(Cat(), Settings(Objective.Class(Jellyfish))));
        output.WriteLine(e.Message);
        Assert.Contains($"'{model.Name}'", e.Message);
        Assert.Contains("not class scores", e.Message);
        Assert.Contains("layers or channels", e.Message);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(-1)]
    public void A_class_index_out_of_range_is_refused(int index)
    {
        var e = Assert.Throws<ModelException>(() => new Dreamer(Tiny(), sessions).Dream(Cat(), Settings(Objective.Class(index))));
        output.WriteLine(e.Message);
        Assert.Contains("classes 0 to 999", e.Message);
        Assert.Contains($"no class {index}", e.Message);
    }
}
