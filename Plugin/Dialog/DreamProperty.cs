namespace DeepDream.Plugin.Dialog;

/// <summary>The dialog's properties; their names are the keys in the effect's token.</summary>
public enum DreamProperty
{
    Model,
    Textures,
    Patterns,
    Parts,
    Objects,
    Focus,
    Channel,
    Class,
    Guide,
    KeepColors,
    Strength,
    PatternSize,
    UseRecipe,
    Octaves,
    OctaveScale,
    Iterations,
    Step,
    MaxLoss,
    Jitter,
    Seed,
    Device,
    Draft,
}

/// <summary>What the deepest band in use dreams: its whole layer, or one channel of it.</summary>
public enum FocusChoice
{
    AllChannels,
    OneChannel,
}

/// <summary>The device choices of the dialog.</summary>
public enum DeviceChoice
{
    Auto,
    Gpu,
    Cpu,
}
