using PaintDotNet.AppModel;

namespace PaintDotNet.Effects
{
    public interface IEffectOptions
    {
        bool IsConfigurable { get; }
    }

    public interface IBitmapEffectOptions : IEffectOptions
    {
    }

    public record EffectOptionsBase : PluginOptions, IEffectOptions
    {
        private bool isConfigurable;

        internal EffectOptionsBase()
        {
        }

        public bool IsConfigurable
        {
            get => isConfigurable;
            set
            {
                VerifyNotFrozen();
                isConfigurable = value;
            }
        }
    }

    public abstract record BitmapEffectOptionsFactory : EffectOptionsBase
    {
        internal BitmapEffectOptionsFactory()
        {
        }

        public static BitmapEffectOptions Create() => new();
    }

    public record BitmapEffectOptions : BitmapEffectOptionsFactory, IBitmapEffectOptions
    {
        internal BitmapEffectOptions()
        {
        }
    }
}
