namespace DeepDream.Plugin.Dialog;

/// <summary>The dialog's properties; their names are the keys in the effect's token.</summary>
public enum DreamProperty
{
    Model,
    Textures,
    Patterns,
    Parts,
    Objects,
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

/// <summary>The device choices of the dialog.</summary>
public enum DeviceChoice
{
    Auto,
    Gpu,
    Cpu,
}
