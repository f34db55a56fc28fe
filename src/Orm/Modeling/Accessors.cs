using System.Linq.Expressions;
using System.Reflection;

namespace Horreum.Orm.Modeling;

/// <summary>Compiles property getters/setters and constructors once per type, so hot paths never reflect.</summary>
internal static class Accessors
{
    public static Func<object, object?> Getter(PropertyInfo property)
    {
        var instance = Expression.Parameter(typeof(object), "instance");
        var body = Expression.Convert(
            Expression.Property(Expression.Convert(instance, property.DeclaringType!), property),
            typeof(object));
        return Expression.Lambda<Func<object, object?>>(body, instance).Compile();
    }

    public static Action<object, object?> Setter(PropertyInfo property)
    {
        var instance = Expression.Parameter(typeof(object), "instance");
        var value = Expression.Parameter(typeof(object), "value");
        var type = property.PropertyType;
        // null into a non-nullable value type means "absent": the type's default.
        Expression converted = type.IsValueType && Nullable.GetUnderlyingType(type) is null
            ? Expression.Condition(
                Expression.Equal(value, Expression.Constant(null)),
                Expression.Default(type),
                Expression.Convert(value, type))
            : Expression.Convert(value, type);
        var body = Expression.Assign(
            Expression.Property(Expression.Convert(instance, property.DeclaringType!), property),
            converted);
        return Expression.Lambda<Action<object, object?>>(body, instance, value).Compile();
    }

    public static Func<object>? Constructor(Type type)
    {
        var ctor = type.GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes);
        if (ctor is null)
        {
            return null;
        }
        return Expression.Lambda<Func<object>>(Expression.Convert(Expression.New(ctor), typeof(object))).Compile();
    }
}
