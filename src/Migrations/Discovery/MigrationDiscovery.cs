using System.Reflection;

namespace Horreum.Migrations.Discovery;

/// <summary>Finds migrations in assemblies: concrete <see cref="Migration"/> types with a parameterless constructor.</summary>
public static class MigrationDiscovery
{
    /// <summary>
    /// One instance of every concrete migration type in <paramref name="assemblies"/>. Abstract, generic and
    /// framework (Horreum.*) types are never registered; duplicate ids fail at once.
    /// </summary>
    /// <exception cref="HorreumMigrationException">Two migrations share an id, or one cannot be created.</exception>
    public static IReadOnlyList<Migration> FromAssemblies(params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        return FromTypes(assemblies.Distinct().Where(a => a != typeof(Migration).Assembly).SelectMany(LoadableTypes));
    }

    /// <summary>One instance of every concrete migration type among <paramref name="types"/> (rules as <see cref="FromAssemblies"/>).</summary>
    /// <exception cref="HorreumMigrationException">Two migrations share an id, or one cannot be created.</exception>
    public static IReadOnlyList<Migration> FromTypes(IEnumerable<Type> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var found = new List<Migration>();
        foreach (var type in types.Distinct())
        {
            // Framework types (the Horreum.Migrations assembly, closed generics of its bases included) are never registered.
            if (type.Assembly == typeof(Migration).Assembly || type.IsAbstract || type.IsGenericTypeDefinition || type.ContainsGenericParameters || !typeof(Migration).IsAssignableFrom(type))
            {
                continue;
            }
            var ctor = type.GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes)
                ?? throw new HorreumMigrationException($"Migration type {type.FullName} needs a parameterless constructor to be discovered.");
            found.Add((Migration)ctor.Invoke(null));
        }
        var duplicate = found.GroupBy(m => m.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new HorreumMigrationException($"Migration id '{duplicate.Key}' is used by {string.Join(" and ", duplicate.Select(m => m.GetType().FullName))}; ids must be unique.");
        }
        return found.OrderBy(m => m.Id, StringComparer.Ordinal).ToArray();
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.Where(t => t is not null)!;
        }
    }
}
