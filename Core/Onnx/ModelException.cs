namespace DeepDream.Core.Onnx;

/// <summary>
/// A model that cannot be loaded, understood or differentiated. The message is meant for the
/// user: it names the model file and says what is wrong with it.
/// </summary>
public sealed class ModelException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>
    /// Runs work on a model read from a file, which may be malformed in ways no rule foresaw: an
    /// error that does not name the model gets its name, and an unexpected exception from
    /// malformed input becomes a ModelException.
    /// </summary>
    public static T Guard<T>(string modelName, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (ModelException e) when (!e.Message.Contains(modelName, StringComparison.Ordinal))
        {
            throw new ModelException($"Model '{modelName}': {e.Message}", e);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or KeyNotFoundException
            or IndexOutOfRangeException or InvalidCastException or FormatException or OverflowException or NullReferenceException)
        {
            throw new ModelException($"Model '{modelName}' has a graph this engine cannot handle: {e.Message}", e);
        }
    }
}
