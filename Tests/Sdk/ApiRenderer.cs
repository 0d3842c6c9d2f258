using System.Reflection;
using System.Runtime.CompilerServices;

namespace DeepDream.Tests.Sdk;

/// <summary>Writes a type's public and protected surface, from reflection, in the signature listing's C# form.</summary>
public static class ApiRenderer
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(void)] = "void", [typeof(bool)] = "bool", [typeof(byte)] = "byte", [typeof(int)] = "int", [typeof(uint)] = "uint",
        [typeof(long)] = "long", [typeof(ulong)] = "ulong", [typeof(float)] = "float", [typeof(double)] = "double",
        [typeof(string)] = "string", [typeof(object)] = "object", [typeof(nint)] = "nint",
    };

    public static bool IsVisible(Type t) => t.IsPublic || t.IsNestedPublic;

    public static string ListingName(Type t) => t.FullName!.Replace('`', '-');

    public static string Declaration(Type t)
    {
        var kind = t.IsInterface ? "interface"
            : t.IsEnum ? "enum"
            : t.IsValueType ? (t.GetCustomAttribute<IsReadOnlyAttribute>() is not null ? "readonly struct" : "struct")
            : t.GetMethod("<Clone>$") is not null ? "record"
            : "class";
        var modifiers = t.IsInterface || t.IsValueType ? ""
            : t.IsAbstract && t.IsSealed ? "static "
            : t.IsAbstract ? "abstract "
            : t.IsSealed ? "sealed "
            : "";
        return $"public {modifiers}{kind} {Name(t)}";
    }

    public static IEnumerable<string> Members(Type t)
    {
        if (t.IsEnum) yield break;
        foreach (var c in t.GetConstructors(Declared).Where(Visible))
            yield return $"{Access(c)} {BaseName(t)}({Parameters(c)})";
        foreach (var p in t.GetProperties(Declared))
        {
            var accessors = new[] { p.GetMethod, p.SetMethod }.Where(m => m is not null && Visible(m)).ToList();
            if (accessors.Count == 0) continue;
            var main = accessors.OrderBy(m => m!.IsPublic ? 0 : 1).First()!;
            var list = string.Join(" ", accessors.Select(m => (Access(m!) != Access(main) ? Access(m!) + " " : "") + (m == p.GetMethod ? "get;" : "set;")));
            var name = p.GetIndexParameters().Length > 0 ? $"this[{Parameters(p.GetIndexParameters(), false)}]" : p.Name;
            var type = p.PropertyType.IsByRef ? "ref " + TypeName(p.PropertyType.GetElementType()!) : TypeName(p.PropertyType);
            yield return Join(t, main, $"{type} {name} {{ {list} }}");
        }
        foreach (var e in t.GetEvents(Declared))
            if (e.AddMethod is { } add && Visible(add))
                yield return Join(t, add, $"event {TypeName(e.EventHandlerType!)} {e.Name}");
        foreach (var m in t.GetMethods(Declared).Where(Visible))
        {
            if (m.Name.Contains('<') || (m.IsSpecialName && !m.Name.StartsWith("op_"))) continue;
            if (m.Name == "Finalize" && m.GetParameters().Length == 0)
            {
                yield return $"protected ~{BaseName(t)}()";
                continue;
            }
            var generic = m.IsGenericMethodDefinition ? $"<{string.Join(", ", m.GetGenericArguments().Select(a => a.Name))}>" : "";
            var signature = m.Name switch
            {
                "op_Equality" => $"{TypeName(m.ReturnType)} operator ==",
                "op_Inequality" => $"{TypeName(m.ReturnType)} operator !=",
                "op_Implicit" => $"implicit operator {TypeName(m.ReturnType)}",
                "op_Explicit" => $"explicit operator {TypeName(m.ReturnType)}",
                _ => $"{(m.ReturnType.IsByRef ? "ref " + TypeName(m.ReturnType.GetElementType()!) : TypeName(m.ReturnType))} {m.Name}{generic}",
            };
            yield return Join(t, m, $"{signature}({Parameters(m)})");
        }
    }

    private static bool Visible(MethodBase m) => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly;

    private static string Access(MethodBase m) => m.IsPublic ? "public" : "protected";

    private static string Join(Type owner, MethodInfo m, string rest) =>
        owner.IsInterface ? rest : $"{Access(m)} {Modifiers(m)}{rest}";

    private static string Modifiers(MethodInfo m)
    {
        if (m.IsStatic) return "static ";
        if (m.IsAbstract) return "abstract ";
        if (!m.IsVirtual) return "";
        var overrides = m.GetBaseDefinition() != m;
        if (m.IsFinal) return overrides ? "override sealed " : "";
        return overrides ? "override " : "virtual ";
    }

    private static string Parameters(MethodBase m) =>
        Parameters(m.GetParameters(), m.IsDefined(typeof(ExtensionAttribute), false));

    private static string Parameters(ParameterInfo[] parameters, bool extension) =>
        string.Join(", ", parameters.Select((p, i) =>
        {
            var type = p.ParameterType;
            var prefix = (extension && i == 0 ? "this " : "") +
                (type.IsByRef ? p.IsIn ? "in " : p.IsOut ? "out " : "ref " : "");
            return $"{prefix}{TypeName(type.IsByRef ? type.GetElementType()! : type)} {p.Name}";
        }));

    private static string BaseName(Type t) => t.Name.Split('`')[0];

    private static string Name(Type t) =>
        t.IsGenericType ? $"{BaseName(t)}<{string.Join(", ", t.GetGenericArguments().Select(TypeName))}>" : t.Name;

    public static string TypeName(Type t)
    {
        if (t.IsGenericParameter) return t.Name;
        if (t.IsPointer) return TypeName(t.GetElementType()!) + "*";
        if (t.IsArray) return TypeName(t.GetElementType()!) + "[]";
        if (Nullable.GetUnderlyingType(t) is { } inner) return TypeName(inner) + "?";
        if (Keywords.TryGetValue(t, out var keyword)) return keyword;
        return Name(t);
    }
}
