using System.Reflection;
using DeepDream.Tests.Support;
using Xunit.Abstractions;

namespace DeepDream.Tests.Sdk;

/// <summary>
/// The reference SDK must match Paint.NET 5.1.9: every public or protected type and member it
/// declares appears in the signature listing with the same assembly, namespace, kind, types and
/// modifiers (parameter names and nullability aside, which do not take part in binding).
/// </summary>
public sealed class SdkFidelityTests(ITestOutputHelper output)
{
    public static readonly Assembly[] SdkAssemblies =
    [
        typeof(PaintDotNet.ComponentModel.RefTrackedObject).Assembly,
        typeof(PaintDotNet.Rendering.RectInt32).Assembly,
        typeof(PaintDotNet.Imaging.IBitmapLock).Assembly,
        typeof(PaintDotNet.Imaging.BitmapLockExtensions).Assembly,
        typeof(PaintDotNet.PropertySystem.PropertyCollection).Assembly,
        typeof(PaintDotNet.IndirectUI.ControlInfo).Assembly,
        typeof(PaintDotNet.Effects.PropertyBasedBitmapEffect).Assembly,
    ];

    private static SignatureListing Listing => SignatureListing.Load(TestData.Path("api-5.1.9-signatures.txt"));

    [Fact]
    public void Every_sdk_type_and_member_is_in_the_listing()
    {
        var listing = Listing;
        var problems = new List<string>();
        var checkedMembers = 0;
        foreach (var assembly in SdkAssemblies)
            foreach (var type in assembly.GetTypes().Where(ApiRenderer.IsVisible))
            {
                var name = ApiRenderer.ListingName(type);
                if (!listing.Types.TryGetValue(name, out var entry))
                {
                    problems.Add($"{name}: not a public type of Paint.NET 5.1.9");
                    continue;
                }
                if (entry.Assembly != assembly.GetName().Name)
                    problems.Add($"{name}: in {assembly.GetName().Name}, Paint.NET has it in {entry.Assembly}");
                var declaration = SignatureListing.Normalize(ApiRenderer.Declaration(type));
                if (declaration != entry.Declaration)
                    problems.Add($"{name}: declared '{declaration}', Paint.NET: '{entry.Declaration}'");
                foreach (var member in ApiRenderer.Members(type))
                {
                    checkedMembers++;
                    if (!entry.Members.Contains(SignatureListing.Normalize(member, listing.ValueTypes)))
                        problems.Add($"{name}: '{member}' is not in Paint.NET's API");
                }
            }
        output.WriteLine($"{checkedMembers} members checked");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(checkedMembers > 100);
    }

    [Fact]
    public void Sdk_assemblies_carry_paint_net_5_1_identity()
    {
        foreach (var assembly in SdkAssemblies)
        {
            var name = assembly.GetName();
            Assert.StartsWith("PaintDotNet.", name.Name);
            Assert.Equal(new Version(5, 100, 0, 0), name.Version);
            Assert.Empty(name.GetPublicKeyToken() ?? []);
        }
    }

    [Fact]
    public void The_normaliser_keeps_what_binds_and_drops_what_does_not()
    {
        Assert.Equal("public bool? TryCreateRef(Type, out IObjectRef)", SignatureListing.Normalize("public bool? TryCreateRef(Type interfaceType, out IObjectRef? newObjectRef)"));
        var valueTypes = new HashSet<string> { "RectInt32" };
        Assert.Equal("void CopyPixels(void*, int, uint, in RectInt32?)", SignatureListing.Normalize("void CopyPixels(void* pBuffer, int bufferStride, uint bufferSize, in RectInt32? srcRect)", valueTypes));
        Assert.Equal("IPalette GetPalette()", SignatureListing.Normalize("IPalette? GetPalette()", valueTypes));
        Assert.Equal("public static RegionPtr<TPixel> AsRegionPtr<TPixel>(this IBitmapLock<TPixel>)",
            SignatureListing.Normalize("public static RegionPtr<TPixel> AsRegionPtr<TPixel>(this IBitmapLock<TPixel> bitmapLock) where TPixel : unmanaged, INaturalPixelInfo"));
        Assert.NotEqual(SignatureListing.Normalize("protected override sealed void Dispose(bool disposing)"), SignatureListing.Normalize("protected override void Dispose(bool disposing)"));
        Assert.NotEqual(SignatureListing.Normalize("public static bool operator ==(in PixelFormat a, in PixelFormat b)"), SignatureListing.Normalize("public static bool operator ==(PixelFormat a, PixelFormat b)"));
    }
}
