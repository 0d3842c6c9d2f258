namespace DeepDream.Core.Onnx.Gradients;

/// <summary>
/// The backward (vector-Jacobian product) of one kind of ONNX node, written in standard ONNX ops.
/// A rule reads the gradients of the node's outputs from the context and sets the gradients of
/// those inputs that need one.
/// </summary>
public interface IGradientRule
{
    IReadOnlyList<string> OpTypes { get; }

    void Backward(GradientContext context);
}
