using System.Reflection;
using PaintDotNet;

namespace DeepDream.Plugin;

/// <summary>What Paint.NET shows about the plugin (Help → Plugin errors and info).</summary>
public sealed class PluginSupportInfo : IPluginSupportInfo
{
    public string? Author => "DeepDream for Paint.NET contributors";
    public string? Copyright => "MIT licence";
    public string? DisplayName => "DeepDream";
    public Version? Version => typeof(PluginSupportInfo).Assembly.GetName().Version;
    public Uri? WebsiteUri => new("https://github.com/deepdream-paintdotnet/deepdream");
}
