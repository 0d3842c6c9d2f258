using System;

namespace PaintDotNet
{
    public interface IPluginSupportInfo
    {
        string? Author { get; }
        string? Copyright { get; }
        string? DisplayName { get; }
        Version? Version { get; }
        Uri? WebsiteUri { get; }
    }

    [AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Interface, AllowMultiple = false, Inherited = false)]
    public class PluginSupportInfoAttribute : Attribute, IPluginSupportInfo
    {
        public PluginSupportInfoAttribute()
        {
        }

        public PluginSupportInfoAttribute(Type pluginSupportInfoOrProviderType)
        {
            if (Activator.CreateInstance(pluginSupportInfoOrProviderType) is IPluginSupportInfo info)
                (Author, Copyright, DisplayName, Version, WebsiteUri) = (info.Author, info.Copyright, info.DisplayName, info.Version ?? new Version(), info.WebsiteUri);
        }

        public string? Author { get; set; }
        public string? Copyright { get; set; }
        public string? DisplayName { get; set; }
        public Version Version { get; set; } = new();
        public Uri? WebsiteUri { get; set; }
        Version? IPluginSupportInfo.Version => Version;
    }

    [AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Interface, AllowMultiple = false, Inherited = false)]
    public sealed class PluginSupportInfoAttribute<T> : PluginSupportInfoAttribute, IPluginSupportInfo where T : IPluginSupportInfo, new()
    {
        public PluginSupportInfoAttribute()
            : base(typeof(T))
        {
        }
    }
}

namespace PaintDotNet.AppModel
{
    /// <summary>Options a plugin declares; the host freezes them once the plugin is loaded.</summary>
    public abstract record PluginOptions
    {
        internal PluginOptions()
        {
        }

        public bool IsFrozen { get; private set; }

        protected virtual void OnFrozen()
        {
        }

        protected void VerifyNotFrozen()
        {
            if (IsFrozen)
                throw new InvalidOperationException("These options are frozen.");
        }

        internal void Freeze()
        {
            IsFrozen = true;
            OnFrozen();
        }
    }
}
