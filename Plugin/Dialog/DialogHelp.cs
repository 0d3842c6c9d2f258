using PaintDotNet.IndirectUI;
using PaintDotNet.PropertySystem;

namespace DeepDream.Plugin.Dialog;

/// <summary>The dialog window's help: what every control does, in plain words for artists.</summary>
public static class DialogHelp
{
    /// <summary>The dialog window: its help button shows <see cref="Text"/>.</summary>
    public static void CustomizeWindow(PropertyCollection window)
    {
        window[ControlInfoPropertyNames.WindowHelpContentType]!.Value = WindowHelpContentType.PlainText;
        window[ControlInfoPropertyNames.WindowHelpContent]!.Value = Text;
    }

    public const string Text =
        "DeepDream exaggerates what an image classifier sees in the selection: patterns, eyes, fur, faces.\n\n" +
        "Layer weights: how strongly each depth of the network dreams. Textures and Patterns give fine ornaments; Parts and Objects give eyes, " +
        "animal faces and shapes. 0 turns a band off.\n" +
        "Focus: All channels dreams everything the deepest band in use (the lowest one above 0) sees; One channel dreams only the " +
        "pattern that one channel of it draws, and Channel picks which: try a few numbers, each draws something else.\n" +
        "Class: dreams toward one thing the network knows, such as jellyfish or goldfinch. Only GoogLeNet and Inception V3 know names; " +
        "ResNet18 cannot, so Class is greyed out for it.\n" +
        "Guide image: dreams toward what another picture shows, matched at the deepest band in use. Leave it empty for none. " +
        "A class and a guide pull much harder than the layer weights, so once chosen they lead the dream and the bands add their textures.\n" +
        "Keep the original colours: the dream changes light and shade only.\n" +
        "Strength: how much of the dream shows; 0 leaves the picture as it is, 1 is the full dream, up to 2 exaggerates it.\n" +
        "Pattern size: below 1, the dream is made at that fraction of the size and enlarged, so patterns come out larger and the dream is faster.\n" +
        "Recipe: ticked, each model dreams with its own recommended octaves, octave scale, iterations, step, max loss and jitter, and those sliders are greyed out; " +
        "untick it to set them yourself.\n" +
        "Octaves and octave scale: the image is dreamed at several scales, smallest first; more octaves give larger structures.\n" +
        "Iterations and step size: how long and how hard each octave dreams.\n" +
        "Max loss: an octave stops early once the network's response passes it (0: never).\n" +
        "Jitter and seed: the random shifts between steps; another seed gives another dream.\n" +
        "Device: the GPU (DirectML, on the adapter named at the foot of the dialog) is much faster; if it cannot start, the CPU is used and the dialog says why the next time it opens.\n" +
        "Draft: a quarter of the iterations, for a quick look.\n\n" +
        "The pixels around the selection are seen as context but not changed; transparency is kept. " +
        "If nothing happens (no model installed, a selection too small for the model, all weights at 0, a channel the band does not have, " +
        "a class on ResNet18, a guide image that cannot be read), the reason is shown at the foot of the dialog the next time it opens.";
}
