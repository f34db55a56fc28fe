namespace Horreum.Orm.Instrumentation;

/// <summary>A record's lifecycle step.</summary>
/// <param name="Model">The model class.</param>
/// <param name="Id">The raw identifier.</param>
/// <param name="Kind">What happened.</param>
public sealed record LifecycleEvent(Type Model, string Id, LifecycleKind Kind);
