using DeepDream.Core.Onnx;
using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Objectives;

/// <summary>
/// One term of an <see cref="Objective"/>: a scalar written into the dream graph from a tensor of
/// the model. The backward pass differentiates it with the model, so a term has no gradient code.
/// </summary>
public abstract record ObjectiveTerm
{
    /// <summary>The model tensor the term reads: a catalog layer name until <see cref="Resolve"/>, a tensor name after.</summary>
    public abstract string Tensor { get; }

    /// <summary>Identity of the nodes the term writes, for caches.</summary>
    public abstract string Key { get; }

    /// <summary>The term for a user, in messages.</summary>
    public abstract string Describe();

    public abstract ObjectiveTerm Resolve(ImageClassifier model);

    /// <summary>The stride of what the term reads, which decides the tile sizes the dream may use.</summary>
    public virtual int StrideOf(ImageClassifier model) => model.StrideOf(Tensor);

    /// <summary>Appends the nodes of the term's value and returns the scalar; border: the activation border left out.</summary>
    internal abstract string AddLoss(GraphEditor g, int border);
}
