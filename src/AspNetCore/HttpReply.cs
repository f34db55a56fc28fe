using Horreum.Migrations.Locking;
using Horreum.Migrations.Reporting;
using Microsoft.AspNetCore.Http;

namespace Horreum.AspNetCore;

/// <summary>JSON replies in the report shape: documents, and problems with a status.</summary>
internal static class HttpReply
{
    public static IResult Json(object document, int status = StatusCodes.Status200OK) =>
        Results.Json(document, ReportJson.Options, "application/json; charset=utf-8", status);

    public static IResult Problem(int status, string title, string detail, MigrationLockHolder? holder = null) =>
        Results.Json(new ProblemDocument("about:blank", title, status, detail, holder), ReportJson.Options, "application/problem+json; charset=utf-8", status);

    public static IResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, "Bad request", detail);

    public static IResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found", detail);
}
