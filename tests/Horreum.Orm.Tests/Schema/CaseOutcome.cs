namespace Horreum.Orm.Tests.Schema;

internal enum CaseOutcome
{
    Passed,
    Failed,
    WronglyAccepted,
}
