namespace Horreum.JsonSchema.Tests;

internal enum CaseOutcome
{
    Passed,
    Failed,
    WronglyAccepted,
}
