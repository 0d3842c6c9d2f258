using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Text.RegularExpressions;

namespace DeepDream.Tests.Sdk;

/// <summary>
/// An assembly's references to members of other assemblies, each rendered with its full signature
/// (return or field type, parameter types, in/ref) in the signature listing's normalised form, and
/// matched against the listing's members. Generic parameters are compared by position: !0 for the
/// type's, !!0 for the method's, as metadata has them.
/// </summary>
public static partial class ReferenceSignatures
{
    /// <summary>A reference: the declaring type's listing name, the member's metadata name, and its signature in listing form.</summary>
    public sealed record Reference(string Type, string Name, string Signature);

    public static IEnumerable<Reference> Read(MetadataReader metadata)
    {
        var provider = new TypeNames(metadata);
        foreach (var handle in metadata.MemberReferences)
        {
            var member = metadata.GetMemberReference(handle);
            if (ParentType(metadata, member.Parent) is not { } type)
                continue;
            var name = metadata.GetString(member.Name);
            var simple = type.Split('.')[^1].Split('-')[0];
            if (member.GetKind() == MemberReferenceKind.Field)
            {
                yield return new Reference(type, name, $"{member.DecodeFieldSignature(provider, null)} {name}");
                continue;
            }
            var signature = member.DecodeMethodSignature(provider, null);
            var returns = Regex.Replace(signature.ReturnType, "^in ", "ref ");
            var parameters = string.Join(", ", signature.ParameterTypes);
            var generics = signature.GenericParameterCount == 0 ? "" : $"<{string.Join(", ", Enumerable.Range(0, signature.GenericParameterCount).Select(i => $"!!{i}"))}>";
            yield return new Reference(type, name, name switch
            {
                ".ctor" => $"{simple}({parameters})",
                "get_Item" => $"{returns} this[{parameters}] {{ get;",
                "set_Item" => $"{signature.ParameterTypes[^1]} this[{string.Join(", ", signature.ParameterTypes.SkipLast(1))}] {{ set;",
                _ when name.StartsWith("get_") => $"{returns} {name[4..]} {{ get;",
                _ when name.StartsWith("set_") => $"{parameters} {name[4..]} {{ set;",
                _ when name.StartsWith("add_") || name.StartsWith("remove_") => $"event {parameters} {name[(name.IndexOf('_') + 1)..]}",
                "op_Equality" => $"{returns} operator ==({parameters})",
                "op_Inequality" => $"{returns} operator !=({parameters})",
                "op_Implicit" => $"implicit operator {returns}({parameters})",
                "op_Explicit" => $"explicit operator {returns}({parameters})",
                _ => $"{returns} {name}{generics}({parameters})",
            });
        }
    }

    /// <summary>Whether the type's listing declares the referenced member with this very signature.</summary>
    public static bool Declares(SignatureListing.TypeEntry entry, Reference reference)
    {
        var typeParameters = GenericNames().Match(entry.Declaration) is { Success: true } m ? Split(m.Groups[1].Value) : [];
        var accessor = reference.Signature.EndsWith(" get;") || reference.Signature.EndsWith(" set;") ? reference.Signature[^4..] : null;
        return entry.Members.Select(line => Modifiers().Replace(Positional(line, typeParameters), "")).Any(member => accessor is null
            ? member == reference.Signature
            : member.StartsWith(reference.Signature[..^4], StringComparison.Ordinal) && member.Contains(accessor, StringComparison.Ordinal));
    }

    /// <summary>A normalised listing line with generic parameter names replaced by position, "this" and "out" dropped to what metadata keeps.</summary>
    private static string Positional(string line, IReadOnlyList<string> typeParameters)
    {
        var text = line;
        if (MethodGenericNames().Match(text) is { Success: true } method)
        {
            var names = Split(method.Groups[1].Value);
            for (var i = 0; i < names.Count; i++)
                text = Regex.Replace(text, $@"\b{names[i]}\b", $"!!{i}");
        }
        for (var i = 0; i < typeParameters.Count; i++)
            text = Regex.Replace(text, $@"(?<![!\w]){typeParameters[i]}\b", $"!{i}");
        text = text.Replace("(this ", "(").Replace("out ", "ref ");
        return text;
    }

    private static List<string> Split(string names) => names.Split(',').Select(n => n.Trim()).ToList();

    [GeneratedRegex(@"^((public|protected|internal|static|virtual|override|abstract|sealed|new|extern|unsafe) )+")]
    private static partial Regex Modifiers();

    [GeneratedRegex(@"<([^<>]+)>$")]
    private static partial Regex GenericNames();

    [GeneratedRegex(@" \w+<([^<>()]+)>\(")]
    private static partial Regex MethodGenericNames();

    public static string? ParentType(MetadataReader metadata, EntityHandle parent) => parent.Kind switch
    {
        HandleKind.TypeReference => TypeName(metadata, (TypeReferenceHandle)parent),
        HandleKind.TypeSpecification => GenericTypeName(metadata, metadata.GetTypeSpecification((TypeSpecificationHandle)parent)),
        _ => null,
    };

    public static string TypeName(MetadataReader metadata, TypeReferenceHandle handle)
    {
        var reference = metadata.GetTypeReference(handle);
        return $"{metadata.GetString(reference.Namespace)}.{metadata.GetString(reference.Name)}".Replace('`', '-');
    }

    /// <summary>The generic type definition behind a type specification such as BitmapEffect`1&lt;Token&gt;.</summary>
    private static string? GenericTypeName(MetadataReader metadata, TypeSpecification spec)
    {
        var blob = metadata.GetBlobReader(spec.Signature);
        if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance)
            return null;
        blob.ReadSignatureTypeCode();
        var handle = blob.ReadTypeHandle();
        return handle.Kind == HandleKind.TypeReference ? TypeName(metadata, (TypeReferenceHandle)handle) : null;
    }

    /// <summary>Types as the listing writes them: C# keywords, simple names, T? for Nullable&lt;T&gt;, "in T" for a read-only reference.</summary>
    private sealed class TypeNames(MetadataReader metadata) : ISignatureTypeProvider<string, object?>
    {
        private const string NullableMarker = "System.Nullable";

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode switch
        {
            PrimitiveTypeCode.Boolean => "bool", PrimitiveTypeCode.Char => "char", PrimitiveTypeCode.SByte => "sbyte", PrimitiveTypeCode.Byte => "byte",
            PrimitiveTypeCode.Int16 => "short", PrimitiveTypeCode.UInt16 => "ushort", PrimitiveTypeCode.Int32 => "int", PrimitiveTypeCode.UInt32 => "uint",
            PrimitiveTypeCode.Int64 => "long", PrimitiveTypeCode.UInt64 => "ulong", PrimitiveTypeCode.Single => "float", PrimitiveTypeCode.Double => "double",
            PrimitiveTypeCode.String => "string", PrimitiveTypeCode.Object => "object", PrimitiveTypeCode.IntPtr => "nint", PrimitiveTypeCode.UIntPtr => "nuint",
            PrimitiveTypeCode.Void => "void",
            _ => typeCode.ToString(),
        };

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) =>
            Simple(metadata.GetString(metadata.GetTypeDefinition(handle).Name));

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var reference = metadata.GetTypeReference(handle);
            var (ns, name) = (metadata.GetString(reference.Namespace), metadata.GetString(reference.Name));
            return ns == "System" && name == "Nullable`1" ? NullableMarker : Simple(name);
        }

        public string GetTypeFromSpecification(MetadataReader reader, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
            metadata.GetTypeSpecification(handle).DecodeSignature(this, context);

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) =>
            genericType == NullableMarker ? typeArguments[0] + "?" : $"{genericType}<{string.Join(", ", typeArguments)}>";

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) =>
            modifier == "InAttribute" && unmodifiedType.StartsWith("ref ") ? "in " + unmodifiedType[4..] : unmodifiedType;

        public string GetArrayType(string elementType, ArrayShape shape) => $"{elementType}[{new string(',', shape.Rank - 1)}]";
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetPointerType(string elementType) => elementType + "*";
        public string GetByReferenceType(string elementType) => "ref " + elementType;
        public string GetPinnedType(string elementType) => elementType;
        public string GetGenericMethodParameter(object? context, int index) => $"!!{index}";
        public string GetGenericTypeParameter(object? context, int index) => $"!{index}";
        public string GetFunctionPointerType(MethodSignature<string> signature) => "delegate*";

        private static string Simple(string name) => name.Split('`')[0];
    }
}
