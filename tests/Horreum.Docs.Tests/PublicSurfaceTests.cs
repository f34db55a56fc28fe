using System.Reflection;
using Horreum.AspNetCore;
using Horreum.JsonSchema;
using Horreum.Migrations;
using Horreum.Orm;

namespace Horreum.Docs.Tests;

/// <summary>
/// What the shipped libraries show a user: no StackExchange.Redis type in a public or protected signature except where
/// a user hands in (or deliberately takes out) a connection of their own. A new mention fails here, naming the member;
/// adding it to <see cref="AllowedStackExchangeMentions"/> is a decision that needs the reason written beside it.
/// </summary>
public sealed class PublicSurfaceTests
{
    private static readonly Assembly[] Shipped =
    [
        typeof(HorreumClient).Assembly,
        typeof(Migration).Assembly,
        typeof(JsonSchemaValidator).Assembly,
        typeof(HorreumEndpointOptions).Assembly,
    ];

    /// <summary>"Namespace.Type.Member" → why a StackExchange.Redis type may appear there.</summary>
    private static readonly Dictionary<string, string> AllowedStackExchangeMentions = new(StringComparer.Ordinal)
    {
        // Hand-in points: an application that already has a multiplexer gives it to Horreum instead of opening another.
        ["Horreum.Orm.HorreumClient..ctor"] = "hand in an existing IConnectionMultiplexer",
        // Take-out points: the escape hatch for raw commands on the client's own connection (same multiplexer, same
        // database), so raw work never needs a second connection.
        ["Horreum.Orm.HorreumClient.Connection"] = "the multiplexer the client uses, for raw commands beside the mapper",
        ["Horreum.Orm.HorreumClient.Database"] = "the IDatabase the client uses, for raw commands beside the mapper",
        // Raw Redis work inside a migration (BaseMigration.MigrateAsync): the migration's database, the dry-run guard
        // that hands it out only in a real run, and the Lua catalog's scripts that run on it (IDatabaseAsync, so a
        // batch or transaction of the caller works too). Wrapping them would copy StackExchange.Redis's API.
        ["Horreum.Migrations.Engine.MigrationContext.Database"] = "the database a BaseMigration's raw commands run on",
        ["Horreum.Migrations.Engine.MigrationContext.WriteAsync"] = "the dry-run guard around raw writes",
        ["Horreum.Migrations.Lua.LuaCatalog.RenameFieldAsync"] = "built-in script on the migration's database",
        ["Horreum.Migrations.Lua.LuaCatalog.CopyFieldAsync"] = "built-in script on the migration's database",
        ["Horreum.Migrations.Lua.LuaCatalog.DeleteFieldsAsync"] = "built-in script on the migration's database",
        ["Horreum.Migrations.Lua.LuaCatalog.RenameKeyPreserveTtlAsync"] = "built-in script on the migration's database",
        ["Horreum.Migrations.Lua.LuaCatalog.BackupAndModifyFieldAsync"] = "built-in script on the migration's database",
        ["Horreum.Migrations.Lua.LuaCatalog.EvaluateAsync"] = "a registered custom script on the migration's database (keys and arguments as RedisKey/RedisValue, reply as RedisResult)",
    };

    [Fact]
    public void Public_signatures_mention_StackExchange_Redis_only_at_the_allowed_points()
    {
        var found = Mentions().ToList();
        var unexpected = found.Where(m => !AllowedStackExchangeMentions.ContainsKey(m.Member)).Select(m => $"{m.Member}: {m.Type}").Distinct().ToList();

        Assert.True(unexpected.Count == 0, "StackExchange.Redis types in public signatures (make the member internal, use a Horreum type, or allow it with a reason):\n" + string.Join("\n", unexpected));
    }

    [Fact]
    public void Every_allowed_point_still_exists()
    {
        // An allow-list entry whose member went away (or stopped mentioning the client) must go too: a stale entry
        // would silently allow the next member of that name.
        var found = Mentions().Select(m => m.Member).ToHashSet(StringComparer.Ordinal);

        var stale = AllowedStackExchangeMentions.Keys.Where(k => !found.Contains(k)).ToList();

        Assert.True(stale.Count == 0, "allow-list entries with no such mention any more: " + string.Join(", ", stale));
    }

    [Fact]
    public void The_scan_sees_a_mention_in_a_nested_generic_argument()
    {
        // The check itself: a signature that hides the type inside Task<IReadOnlyList<...>> is still found.
        var method = typeof(PublicSurfaceTests).GetMethod(nameof(Sample), BindingFlags.NonPublic | BindingFlags.Static)!;

        Assert.Contains(Referenced(method.ReturnType), t => t.Assembly.GetName().Name == "StackExchange.Redis");
        Assert.DoesNotContain(Referenced(typeof(Task<IReadOnlyList<string>>)), t => t.Assembly.GetName().Name == "StackExchange.Redis");
    }

    private static Task<IReadOnlyList<StackExchange.Redis.RedisKey>>? Sample() => null;

    private static IEnumerable<(string Member, string Type)> Mentions()
    {
        foreach (var type in Shipped.SelectMany(a => a.GetExportedTypes()))
        {
            var owner = type.FullName!;
            foreach (var (member, signature) in Signatures(type))
            {
                foreach (var mentioned in signature.SelectMany(Referenced))
                {
                    if (mentioned.Assembly.GetName().Name == "StackExchange.Redis")
                    {
                        yield return ($"{owner}.{member}", mentioned.FullName ?? mentioned.Name);
                    }
                }
            }
        }
    }

    // Every type a user sees in the type's declaration and in its public or protected members.
    private static IEnumerable<(string Member, Type[] Types)> Signatures(Type type)
    {
        yield return ("(declaration)", [.. Bases(type), .. type.GetGenericArguments().SelectMany(a => a.IsGenericParameter ? a.GetGenericParameterConstraints() : [a])]);
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var member in type.GetMembers(all))
        {
            switch (member)
            {
                case ConstructorInfo c when Visible(c):
                    yield return (c.Name, [.. c.GetParameters().Select(p => p.ParameterType)]);
                    break;
                case MethodInfo m when Visible(m) && !m.IsSpecialName:
                    yield return (m.Name, [m.ReturnType, .. m.GetParameters().Select(p => p.ParameterType), .. m.GetGenericArguments().SelectMany(a => a.GetGenericParameterConstraints())]);
                    break;
                case PropertyInfo p when (p.GetMethod is { } g && Visible(g)) || (p.SetMethod is { } s && Visible(s)):
                    yield return (p.Name, [p.PropertyType, .. p.GetIndexParameters().Select(i => i.ParameterType)]);
                    break;
                case FieldInfo f when f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly:
                    yield return (f.Name, [f.FieldType]);
                    break;
                case EventInfo e when e.AddMethod is { } add && Visible(add):
                    yield return (e.Name, [e.EventHandlerType!]);
                    break;
            }
        }
    }

    private static IEnumerable<Type> Bases(Type type)
    {
        for (var b = type.BaseType; b is not null; b = b.BaseType)
        {
            yield return b;
        }
        foreach (var i in type.GetInterfaces())
        {
            yield return i;
        }
    }

    private static bool Visible(MethodBase m) => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly;

    private static IEnumerable<Type> Referenced(Type type)
    {
        yield return type;
        if (type.HasElementType)
        {
            foreach (var t in Referenced(type.GetElementType()!))
            {
                yield return t;
            }
        }
        if (type.IsGenericType)
        {
            foreach (var t in type.GetGenericArguments().Where(a => !a.IsGenericParameter).SelectMany(Referenced))
            {
                yield return t;
            }
        }
    }
}
