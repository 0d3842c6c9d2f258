using System.Globalization;

namespace DeepDream.Core.Dreaming;

/// <summary>
/// The values a setting may take, and the narrower span an editor's slider offers: the values
/// that make sense for a picture. The engine accepts the whole range; the dialog offers the span.
/// </summary>
public sealed record SettingRange<T>(string Name, T Min, T Max, T SliderMin, T SliderMax) where T : struct, IComparable<T>, IFormattable
{
    /// <summary>The value, or a <see cref="DreamSettingsException"/> that names the setting and its range.</summary>
    public T Check(T value)
    {
        if (value is double d && !double.IsFinite(d) || value.CompareTo(Min) < 0 || value.CompareTo(Max) > 0)
            throw new DreamSettingsException($"{Name} must be between {Text(Min)} and {Text(Max)} (got {Text(value)}).");
        return value;
    }

    private static string Text(T value) => value.ToString(null, CultureInfo.InvariantCulture);
}
