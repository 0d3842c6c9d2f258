using DeepDream.Core.Onnx.Graph;
using DeepDream.Core.Onnx.Normalization;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Tests.Support;

/// <summary>A small ONNX graph built in a test, with the input named like a normalised model's.</summary>
public sealed class TestGraph
{
    private readonly ModelProto model;
    private readonly Random random = new(1234);

    public TestGraph(DataType elementType, long channels = 3, long opset = 13)
    {
        ElementType = elementType;
        model = new ModelProto { IrVersion = 8, Graph = new GraphProto { Name = "test" } };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        model.Graph.Input.Add(ModelNormalizer.ImageValueInfo(elementType, channels));
        Editor = new GraphEditor(model.Graph, "test", elementType, opset);
    }

    public DataType ElementType { get; }
    public GraphEditor Editor { get; }
    public string Input => ModelNormalizer.ImageInput;

    public string Op(string opType, string[] inputs, params AttributeProto[] attributes) => Editor.Op(opType, inputs, attributes);

    public string[] Op(string opType, string[] inputs, int outputs, params AttributeProto[] attributes) => Editor.Op(opType, inputs, outputs, attributes);

    /// <summary>A constant of the element type filled with values in [-1, 1] (or [lo, hi]).</summary>
    public string Random(long[] dims, double lo = -1, double hi = 1)
    {
        var count = dims.Aggregate(1L, (a, d) => a * d);
        var values = Enumerable.Range(0, (int)count).Select(_ => lo + (hi - lo) * random.NextDouble()).ToArray();
        return Editor.AddConstant(ElementType, dims, values, "weights");
    }

    public string Constant(long[] dims, double[] values) => Editor.AddConstant(ElementType, dims, values, "const");

    public ModelProto Model => model;
}
