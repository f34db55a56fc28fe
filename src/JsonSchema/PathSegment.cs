namespace Horreum.JsonSchema;

/// <summary>One step of an instance location: a property name, or an array index when <see cref="Name"/> is null.</summary>
internal readonly record struct PathSegment(string? Name, int Index);
