using System.Reflection;
using Horreum.Orm.Modeling;

namespace Horreum.Migrations.Drift;

/// <summary>Finds model classes: from migrations (the T of Model/Pipeline migrations) or assemblies (classes with an [Identifier]).</summary>
public static class ModelDiscovery
{
    /// <summary>The models that <paramref name="migrations"/> migrate: type arguments of their generic bases that are models.</summary>
    public static IReadOnlyList<Type> FromMigrations(IEnumerable<Migration> migrations)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        var models = new HashSet<Type>();
        foreach (var m in migrations)
        {
            for (var t = m.GetType(); t is not null; t = t.BaseType)
            {
                if (t.IsGenericType)
                {
                    foreach (var argument in t.GetGenericArguments().Where(IsModel))
                    {
                        models.Add(argument);
                    }
                }
            }
        }
        return models.OrderBy(t => t.FullName, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Concrete classes in <paramref name="assemblies"/> with an <c>[Identifier]</c> property.</summary>
    public static IReadOnlyList<Type> FromAssemblies(params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        return assemblies.Distinct().SelectMany(a =>
            {
                try
                {
                    return a.GetTypes();
                }
                catch (ReflectionTypeLoadException ex)
                {
                    return ex.Types.Where(t => t is not null).Cast<Type>().ToArray();
                }
            })
            .Where(IsModel)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToArray();
    }

    private static bool IsModel(Type t) =>
        t.IsClass && !t.IsAbstract && !t.ContainsGenericParameters
        && t.GetProperties(BindingFlags.Instance | BindingFlags.Public).Any(p => p.GetCustomAttribute<IdentifierAttribute>() is not null);
}
