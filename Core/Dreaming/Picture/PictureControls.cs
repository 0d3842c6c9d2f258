using DeepDream.Core.Imaging;

namespace DeepDream.Core.Dreaming.Picture;

/// <summary>
/// The picture controls around a dream, in this order: pattern size (the dream runs at a fraction
/// of the resolution), keep colours, strength, and the clamp to [0, 1]. Each leaves the dream
/// untouched at its neutral value; strength 0 does not dream at all.
/// </summary>
internal static class PictureControls
{
    /// <param name="dream">Dreams an image (of any size) and returns it clamped to [0, 1].</param>
    public static RgbImage Apply(IRgbSource original, DreamSettings settings, Func<IRgbSource, RgbImage> dream, CancellationToken cancel)
    {
        if (settings.Strength == 0)
            return RgbImage.CopyOf(original);
        var image = PatternSize.Dream(original, settings.PatternSize, dream, cancel);
        if (settings.KeepColors)
            KeepColors.Apply(original, image, cancel);
        if (settings.Strength != 1)
            Strength.Apply(original, image, settings.Strength, cancel);
        Dreamer.Clamp(image);
        return image;
    }
}
