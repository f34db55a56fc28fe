using System.Reflection;
using System.Reflection.Emit;
using System.Security.Cryptography;
using System.Text;

namespace Horreum.Migrations.Discovery;

/// <summary>
/// The checksum of a migration's behaviour: its id, description, and the IL of every method of its own type, of the
/// compiler-generated types nested in it (lambdas, local functions, async and iterator state machines) and of any
/// base class outside Horreum. Metadata tokens in the IL are replaced by what they name (a string literal by its
/// text, a member by its declaring type, name and signature), because a token is only a row number: it moves when
/// an unrelated type of the same assembly changes and stays put when a referenced name changes. Type names are
/// written without assembly versions, so the checksum is the same on every build and machine.
/// </summary>
internal static class CodeChecksum
{
    /// <summary>Marks checksums of this algorithm; older (token-based) checksums have no prefix.</summary>
    public const string Prefix = "il2-";

    private const BindingFlags Declared = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
    private static readonly Assembly s_horreum = typeof(Migration).Assembly;
    private static readonly Dictionary<short, OpCode> s_opCodes = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>Whether <paramref name="checksum"/> was computed by this algorithm (older ones cannot be compared).</summary>
    public static bool IsCurrent(string? checksum) => checksum is not null && checksum.StartsWith(Prefix, StringComparison.Ordinal);

    public static string Of(Migration migration)
    {
        var text = new StringBuilder();
        text.Append(migration.Id).Append('\n').Append(migration.Description).Append('\n');
        for (var type = migration.GetType(); type is not null && type.Assembly != s_horreum && type != typeof(object); type = type.BaseType)
        {
            AppendType(text, type);
        }
        // Which Horreum base (and model) it builds on is behaviour too; the base's own code is the library's.
        text.Append("base ").Append(Name(FirstHorreumBase(migration.GetType()))).Append('\n');
        return Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    private static Type? FirstHorreumBase(Type type)
    {
        var t = type.BaseType;
        while (t is not null && t.Assembly != s_horreum)
        {
            t = t.BaseType;
        }
        return t;
    }

    private static void AppendType(StringBuilder text, Type type)
    {
        text.Append("type ").Append(Name(type)).Append('\n');
        foreach (var field in type.GetFields(Declared).OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            text.Append("field ").Append(Name(field.FieldType)).Append(' ').Append(field.Name);
            if (field.IsLiteral)
            {
                text.Append(" = ").Append(Literal(field.GetRawConstantValue()));
            }
            text.Append('\n');
        }
        var methods = type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared))
            .Select(m => (Method: m, Signature: Signature(m))).OrderBy(m => m.Signature, StringComparer.Ordinal);
        foreach (var (method, signature) in methods)
        {
            text.Append("method ").Append(signature).Append('\n');
            AppendBody(text, method);
        }
        foreach (var nested in type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            AppendType(text, nested);
        }
    }

    private static void AppendBody(StringBuilder text, MethodBase method)
    {
        var body = method.GetMethodBody();
        if (body is null)
        {
            return;
        }
        foreach (var local in body.LocalVariables)
        {
            text.Append("local ").Append(Name(local.LocalType)).Append('\n');
        }
        foreach (var clause in body.ExceptionHandlingClauses)
        {
            text.Append("try ").Append(clause.Flags).Append(' ').Append(clause.TryOffset).Append(' ').Append(clause.TryLength).Append(' ')
                .Append(clause.HandlerOffset).Append(' ').Append(clause.HandlerLength);
            if (clause.Flags == ExceptionHandlingClauseOptions.Clause)
            {
                text.Append(' ').Append(Resolve(() => Name(clause.CatchType)));
            }
            text.Append('\n');
        }
        var il = body.GetILAsByteArray() ?? [];
        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var module = method.Module;
        var at = 0;
        while (at < il.Length)
        {
            short value = il[at++];
            if (value == 0xFE && at < il.Length)
            {
                value = (short)(0xFE00 | il[at++]);
            }
            if (!s_opCodes.TryGetValue(value, out var op))
            {
                text.Append('?').Append(value).Append('\n');
                continue;
            }
            text.Append(op.Name).Append(' ');
            at += AppendOperand(text, op.OperandType, il, at, module, typeArgs, methodArgs);
            text.Append('\n');
        }
    }

    private static int AppendOperand(StringBuilder text, OperandType kind, byte[] il, int at, Module module, Type[]? typeArgs, Type[]? methodArgs)
    {
        switch (kind)
        {
            case OperandType.InlineNone:
                return 0;
            case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                text.Append(il[at]);
                return 1;
            case OperandType.InlineVar:
                text.Append(BitConverter.ToUInt16(il, at));
                return 2;
            case OperandType.InlineI or OperandType.InlineBrTarget or OperandType.ShortInlineR:
                text.Append(Convert.ToHexString(il, at, 4));
                return 4;
            case OperandType.InlineI8 or OperandType.InlineR:
                text.Append(Convert.ToHexString(il, at, 8));
                return 8;
            case OperandType.InlineSwitch:
                var count = BitConverter.ToInt32(il, at);
                text.Append(Convert.ToHexString(il, at, 4 + (4 * count)));
                return 4 + (4 * count);
            case OperandType.InlineString:
                var token = BitConverter.ToInt32(il, at);
                text.Append(Literal(Resolve(() => module.ResolveString(token))));
                return 4;
            case OperandType.InlineSig:
                // A calli signature: what it names is in the surrounding code; its token is not stable.
                text.Append("sig");
                return 4;
            default:
                var member = BitConverter.ToInt32(il, at);
                text.Append(Resolve(() => Member(module.ResolveMember(member, typeArgs, methodArgs))));
                return 4;
        }
    }

    private static string Resolve(Func<string> name)
    {
        try
        {
            return name();
        }
        catch (Exception ex) when (ex is ArgumentException or TypeLoadException or FileNotFoundException or FileLoadException or BadImageFormatException or MissingMemberException)
        {
            // A reference that cannot be resolved here (an assembly not loaded): stable, though blind to edits there.
            return "unresolved";
        }
    }

    private static string Member(MemberInfo? member) => member switch
    {
        null => "null",
        Type t => "type " + Name(t),
        FieldInfo f => "field " + Name(f.DeclaringType) + "::" + f.Name + " : " + Name(f.FieldType),
        MethodBase m => "call " + Name(m.DeclaringType) + "::" + Signature(m),
        _ => member.MemberType + " " + Name(member.DeclaringType) + "::" + member.Name,
    };

    private static string Signature(MethodBase method)
    {
        var generic = method.IsGenericMethod ? "<" + string.Join(",", method.GetGenericArguments().Select(Name)) + ">" : "";
        var parameters = string.Join(",", method.GetParameters().Select(p => Name(p.ParameterType)));
        var returns = method is MethodInfo mi ? " : " + Name(mi.ReturnType) : "";
        return $"{method.Name}{generic}({parameters}){returns}";
    }

    /// <summary>A type's name without assembly versions; anonymous types by their property names, not their number.</summary>
    private static string Name(Type? type)
    {
        if (type is null)
        {
            return "";
        }
        if (type.IsGenericParameter)
        {
            return "!" + type.Name;
        }
        if (type.HasElementType)
        {
            var suffix = type.IsArray ? "[" + new string(',', type.GetArrayRank() - 1) + "]" : type.IsByRef ? "&" : "*";
            return Name(type.GetElementType()) + suffix;
        }
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        string name;
        if (definition.Name.StartsWith("<>f__AnonymousType", StringComparison.Ordinal))
        {
            name = "anon{" + string.Join(",", definition.GetProperties().Select(p => p.Name)) + "}";
        }
        else
        {
            var plain = definition.Name;
            var tick = plain.IndexOf('`', StringComparison.Ordinal);
            plain = tick < 0 ? plain : plain[..tick];
            name = definition.IsNested ? Name(definition.DeclaringType) + "+" + plain : (definition.Namespace is { } ns ? ns + "." : "") + plain;
        }
        return type.IsGenericType ? name + "<" + string.Join(",", type.GetGenericArguments().Select(Name)) + ">" : name;
    }

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
