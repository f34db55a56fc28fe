namespace Horreum.Orm.Modeling;

/// <summary>
/// The time to live of the <c>expiration</c> feature: every save sets it on the object hash and on every related key.
/// </summary>
/// <param name="seconds">Time to live in seconds (positive).</param>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ExpirationAttribute(double seconds) : Attribute
{
    /// <summary>Time to live in seconds.</summary>
    public double Seconds { get; } = seconds;
}
