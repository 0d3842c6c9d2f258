using DeepDream.Core.Inference;
using DeepDream.Core.Models;
using DeepDream.Core.Onnx;
using DeepDream.Core.Onnx.DreamGraph;
using DeepDream.Tests.Support;

namespace DeepDream.Tests.Objectives;

/// <summary>The models the objective tests dream with, and a way to run an objective's dream graph on an image.</summary>
internal static class ObjectiveTestModels
{
    /// <summary>The tiny classifiers' input: RGB in [0, 1], no normalisation, named "input".</summary>
    public static ModelSpec TinySpec(string file) => new()
    {
        Id = Path.GetFileNameWithoutExtension(file),
        DisplayName = "tiny classifier",
        File = file,
        Input = new InputSpec { Name = "input", Layout = "NCHW", ChannelOrder = "RGB", Scale = 1, Mean = [0, 0, 0], Std = [1, 1, 1] },
    };

    public const string TinyFile = "tiny-classifier.onnx";
    public const string TinySoftmaxFile = "tiny-classifier-softmax.onnx";
    /// <summary>The tiny classifiers' last feature map (16 channels, stride 4).</summary>
    public const string TinyFeatures = "/features/features.3/Relu_output_0";

    public static string TinyPath(string file) => TestData.Path(Path.Combine("Classifier", file));

    private static readonly Dictionary<string, Lazy<ImageClassifier>> tiny = new[] { TinyFile, TinySoftmaxFile }
        .ToDictionary(f => f, f => new Lazy<ImageClassifier>(() => ImageClassifier.Load(TinyPath(f), TinySpec(f))));

    /// <summary>A tiny classifier, loaded once per test run (it is read-only).</summary>
    public static ImageClassifier Tiny(string file = TinyFile) => tiny[file].Value;

    public static ImageClassifier Model(string name) => name == "resnet18" ? TestData.ResNet18 : Tiny(name);

    /// <summary>The objective's loss and gradient at an image, by its dream graph on the CPU.</summary>
    public sealed class Evaluator(DreamSessionCache sessions, ImageClassifier model, Objective objective, int width, int height, int border = DreamGraphBuilder.DefaultBorder)
    {
        public Objective Resolved { get; } = objective.Active.Resolve(model);
        private DreamSession Session => sessions.Get(model, Resolved, border, ExecutionDevice.Cpu, height, width);

        public float Loss(float[] image) => Session.Run(image, height, width, Resolved.Weights, new float[image.Length]);

        public (float Loss, float[] Gradient) LossAndGradient(float[] image)
        {
            var gradient = new float[image.Length];
            return (Session.Run(image, height, width, Resolved.Weights, gradient), gradient);
        }
    }
}
