namespace Horreum.JsonSchema.Keywords;

/// <summary>The primitive types of the <c>type</c> keyword.</summary>
[Flags]
internal enum JsonTypes
{
    None = 0,
    Null = 1,
    Boolean = 2,
    Object = 4,
    Array = 8,
    Number = 16,
    String = 32,
    Integer = 64,
}
