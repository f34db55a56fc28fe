namespace Horreum.Migrations.Engine;

/// <summary>One record a migration could not process.</summary>
/// <param name="Key">The record's key.</param>
/// <param name="ErrorType">The exception type.</param>
/// <param name="Message">What went wrong.</param>
public sealed record RecordError(string Key, string ErrorType, string Message);
