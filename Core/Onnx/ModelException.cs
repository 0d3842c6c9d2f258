namespace DeepDream.Core.Onnx;

/// <summary>
/// A model that cannot be loaded, understood or differentiated. The message is meant for the
/// user: it names the model file and says what is wrong with it.
/// </summary>
public sealed class ModelException(string message, Exception? inner = null) : Exception(message, inner);
