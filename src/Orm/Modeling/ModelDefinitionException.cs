namespace Horreum.Orm.Modeling;

/// <summary>A model class is declared in a way the mapper cannot use (raised when the model is first used).</summary>
public sealed class ModelDefinitionException : HorreumException
{
    /// <summary>Creates the exception.</summary>
    public ModelDefinitionException() { }

    /// <summary>Creates the exception with a message.</summary>
    public ModelDefinitionException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ModelDefinitionException(string message, Exception innerException) : base(message, innerException) { }
}
