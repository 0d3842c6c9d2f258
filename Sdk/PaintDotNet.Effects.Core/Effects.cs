using System;
using System.Collections.Generic;
using System.Threading;
using PaintDotNet.ComponentModel;
using PaintDotNet.Imaging;
using PaintDotNet.IndirectUI;
using PaintDotNet.PropertySystem;

namespace PaintDotNet.Effects
{
    /// <summary>
    /// The base of every effect. The host (Paint.NET, or the test host emulator) drives it through
    /// the internal Host* members: services, cancellation, token, render info and tiles.
    /// </summary>
    public abstract class EffectBase : RefTrackedObject
    {
        internal EffectBase(string name, IBitmapSource? image, string? submenuName, EffectOptionsBase options)
        {
            Name = name;
            Image = image;
            SubmenuName = submenuName;
            Options = options;
        }

        internal string Name { get; }
        internal IBitmapSource? Image { get; }
        internal string? SubmenuName { get; }
        internal EffectOptionsBase Options { get; }

        /// <summary>Whether disposal reached this class's OnDispose, as it must through every override's base call.</summary>
        internal bool HostOnDisposeReachedBase { get; private set; }

        protected IServiceProvider Services { get; private set; } = EmptyServices.Instance;
        protected CancellationToken CancellationToken { get; private set; }
        protected bool IsCancelRequested => CancellationToken.IsCancellationRequested;
        protected EffectConfigToken Token { get; private set; } = null!;

        protected virtual IEffectConfigForm OnCreateConfigForm() => throw new NotSupportedException("This effect has no custom dialog.");

        protected override sealed void Dispose(bool disposing) => OnDispose(disposing);

        protected virtual void OnDispose(bool disposing) => HostOnDisposeReachedBase = true;

        internal void HostSetServices(IServiceProvider services) => Services = services;
        internal void HostSetCancellationToken(CancellationToken cancellationToken) => CancellationToken = cancellationToken;
        internal void HostSetTokenValue(EffectConfigToken token) => Token = token;

        private sealed class EmptyServices : IServiceProvider
        {
            public static readonly EmptyServices Instance = new();
            public object? GetService(Type serviceType) => null;
        }
    }

    public abstract class BitmapEffect : EffectBase
    {
        /// <param name="image">The menu icon.</param>
        protected BitmapEffect(string name, IBitmapSource image, string? submenuName, BitmapEffectOptions options)
            : base(name, image, submenuName, options)
        {
        }

        protected BitmapEffect(string name, string? submenuName, BitmapEffectOptions options)
            : base(name, null, submenuName, options)
        {
        }

        protected IBitmapEffectEnvironment Environment { get; private set; } = null!;

        protected virtual void OnInitializeRenderInfo(IBitmapEffectRenderInfo renderInfo)
        {
        }

        protected abstract void OnRender(IBitmapEffectOutput output);

        protected virtual void OnSetToken(EffectConfigToken? newToken) => onSetTokenReachedBase = true;

        protected override void OnDispose(bool disposing) => base.OnDispose(disposing);

        private bool onSetTokenReachedBase;

        internal void HostSetEnvironment(IBitmapEffectEnvironment environment) => Environment = environment;
        internal void HostInitializeRenderInfo(IBitmapEffectRenderInfo renderInfo) => OnInitializeRenderInfo(renderInfo);

        /// <summary>Hands the effect its token; returns whether the effect's OnSetToken reached the base implementation.</summary>
        internal bool HostSetToken(EffectConfigToken token)
        {
            HostSetTokenValue(token);
            onSetTokenReachedBase = false;
            OnSetToken(token);
            return onSetTokenReachedBase;
        }

        internal void HostMarkOnSetTokenReachedBase() => onSetTokenReachedBase = true;

        internal void HostRender(IBitmapEffectOutput output) => OnRender(output);
    }

    public abstract class BitmapEffect<TToken> : BitmapEffect where TToken : EffectConfigToken
    {
        protected BitmapEffect(string name, IBitmapSource image, string? submenuName, BitmapEffectOptions options)
            : base(name, image, submenuName, options)
        {
        }

        protected BitmapEffect(string name, string? submenuName, BitmapEffectOptions options)
            : base(name, submenuName, options)
        {
        }

        protected new TToken Token => (TToken)base.Token;

        protected override sealed void OnSetToken(EffectConfigToken? newToken) => OnSetToken((TToken?)newToken);

        protected virtual void OnSetToken(TToken? newToken) => HostMarkOnSetTokenReachedBase();
    }

    public abstract class PropertyBasedBitmapEffect : BitmapEffect<PropertyBasedEffectConfigToken>
    {
        protected PropertyBasedBitmapEffect(string name, IBitmapSource image, string? submenuName, BitmapEffectOptions options)
            : base(name, image, submenuName, options)
        {
        }

        protected PropertyBasedBitmapEffect(string name, string? submenuName, BitmapEffectOptions options)
            : base(name, submenuName, options)
        {
        }

        public PropertyCollection CreatePropertyCollection() => OnCreatePropertyCollection();

        public ControlInfo CreateConfigUI(PropertyCollection props) => OnCreateConfigUI(props);

        public static ControlInfo CreateDefaultConfigUI(IEnumerable<Property> props) => ControlInfo.CreateDefaultConfigUI(props);

        protected abstract PropertyCollection OnCreatePropertyCollection();

        protected virtual ControlInfo OnCreateConfigUI(PropertyCollection props) => CreateDefaultConfigUI(props);

        protected virtual void OnCustomizeConfigUIWindowProperties(PropertyCollection props)
        {
        }

        protected override sealed IEffectConfigForm OnCreateConfigForm() =>
            throw new NotSupportedException("Paint.NET builds the dialog of a property-based effect from its ControlInfo.");

        /// <summary>The dialog window's own settings (title, help button), as the effect customises them.</summary>
        internal PropertyCollection HostCreateWindowProperties()
        {
            var window = new PropertyCollection(new Property[]
            {
                new ObjectProperty(ControlInfoPropertyNames.WindowTitle, Name),
                new ObjectProperty(ControlInfoPropertyNames.WindowIsSizable, false),
                new ObjectProperty(ControlInfoPropertyNames.WindowWidthScale, 1.0),
                new ObjectProperty(ControlInfoPropertyNames.WindowHelpContentType, WindowHelpContentType.None),
                new ObjectProperty(ControlInfoPropertyNames.WindowHelpContent, null),
            });
            OnCustomizeConfigUIWindowProperties(window);
            return window;
        }
    }

    public static class SubmenuNames
    {
        public static string Artistic => "Artistic";
        public static string Blurs => "Blurs";
        public static string Color => "Color";
        public static string Distort => "Distort";
        public static string Noise => "Noise";
        public static string Object => "Object";
        public static string Photo => "Photo";
        public static string Render => "Render";
        public static string Stylize => "Stylize";
    }
}
