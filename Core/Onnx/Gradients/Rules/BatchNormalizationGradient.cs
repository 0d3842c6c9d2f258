using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>BatchNormalization in inference mode: g * scale / sqrt(var + epsilon), per channel.</summary>
internal sealed class BatchNormalizationGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["BatchNormalization"];

    public void Backward(GradientContext c)
    {
        c.RequireConstant(1, 2, 3, 4);
        if (c.Node.GetInt("training_mode", 0) != 0)
            throw c.Unsupported("training_mode is not supported; export the model for inference");
        var g = c.Graph;
        var epsilon = c.Node.GetFloat("epsilon", 1e-5f);
        var std = g.Op("Sqrt", [g.Op("Add", [c.Input(4), g.Scalar(epsilon)])]);
        var perChannel = g.AlongChannels(g.Op("Div", [c.Input(1), std]), c.Input(0));
        c.SetInputGradient(0, g.Op("Mul", [c.Gradient, perChannel]));
    }
}
