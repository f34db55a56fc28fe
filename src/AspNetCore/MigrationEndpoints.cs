using System.Globalization;
using Horreum.Migrations.Drift;
using Horreum.Migrations.Engine;
using Horreum.Migrations.Reporting;
using Horreum.Orm;
using Microsoft.AspNetCore.Http;

namespace Horreum.AspNetCore;

/// <summary>The handlers behind <c>MapHorreumMigrations</c>; each answers with a report document or a problem.</summary>
internal sealed class MigrationEndpoints(HorreumEndpointOptions options, RunCoordinator coordinator)
{
    public async Task<IResult> StatusAsync(MigrationRunner runner, HorreumClient client, CancellationToken ct)
    {
        var entries = await runner.StatusAsync(ct).ConfigureAwait(false);
        var holder = await runner.GetLockHolderAsync(ct).ConfigureAwait(false);
        var familia = await Migrations.Registry.FamiliaMigrationLedger.ReadAsync(client.Database, options.FamiliaMigrationsPrefix, ct).ConfigureAwait(false);
        return HttpReply.Json(StatusDocument.From(entries, holder, familia));
    }

    public async Task<IResult> HistoryAsync(HttpRequest request, MigrationRunner runner, CancellationToken ct)
    {
        if (!TryInt(request, "limit", options.HistoryLimit, 1, options.HistoryLimit, out var limit, out var error))
        {
            return error;
        }
        return HttpReply.Json(HistoryDocument.From(await runner.Registry.GetHistoryAsync(limit, ct).ConfigureAwait(false)));
    }

    public async Task<IResult> MigrationHistoryAsync(string id, MigrationRunner runner, CancellationToken ct)
    {
        var known = (await runner.StatusAsync(ct).ConfigureAwait(false)).Any(e => e.Id == id);
        if (!known)
        {
            return HttpReply.NotFound($"No migration with id '{id}' is loaded or recorded. GET status lists the ids.");
        }
        var events = await runner.Registry.GetHistoryAsync(options.HistoryLimit, ct).ConfigureAwait(false);
        return HttpReply.Json(HistoryDocument.From(events.Where(e => e.MigrationId == id)));
    }

    public static async Task<IResult> DriftAsync(HttpRequest request, MigrationRunner runner, HorreumClient client, CancellationToken ct)
    {
        var data = false;
        if (request.Query.TryGetValue("data", out var dataText) && !bool.TryParse(dataText.ToString(), out data))
        {
            return HttpReply.BadRequest($"data must be true or false, not '{dataText}'.");
        }
        int? sample = null;
        if (request.Query.ContainsKey("sample"))
        {
            if (!TryInt(request, "sample", 0, 1, int.MaxValue, out var n, out var error))
            {
                return error;
            }
            sample = n;
        }
        var report = await new DriftDetector(client, runner).CheckAsync(runner.Models, data, sample, ct).ConfigureAwait(false);
        return HttpReply.Json(DriftDocument.From(report));
    }

    public static async Task<IResult> ValidateAsync(MigrationRunner runner, CancellationToken ct) =>
        HttpReply.Json(ValidationDocument.From(await runner.ValidateAsync(ct).ConfigureAwait(false)));

    public static async Task<IResult> LockAsync(MigrationRunner runner, CancellationToken ct) =>
        HttpReply.Json(LockDocument.From(await runner.GetLockHolderAsync(ct).ConfigureAwait(false)));

    public IResult CurrentRun() => HttpReply.Json(coordinator.State);

    public Task ProgressAsync(HttpContext http) => ProgressStream.WriteAsync(http, coordinator);

    public static async Task<IResult> DryRunAsync(HttpRequest request, MigrationRunner runner, CancellationToken ct)
    {
        var (body, error) = await RequestBody.ReadAsync(request, () => new RunRequest(), ct).ConfigureAwait(false);
        if (body is null || body.Check() is { } problem)
        {
            return error ?? HttpReply.BadRequest(body!.Check()!);
        }
        var result = await runner.RunAsync(new MigrationRunOptions { DryRun = true, Only = body.Only, Limit = body.Limit, MaxRecordsPerSecond = body.MaxRecordsPerSecond }, ct).ConfigureAwait(false);
        return HttpReply.Json(RunDocument.From(result));
    }

    public async Task<IResult> RunAsync(HttpContext http, MigrationRunner runner, CancellationToken ct)
    {
        var (body, error) = await RequestBody.ReadAsync(http.Request, () => new RunRequest(), ct).ConfigureAwait(false);
        if (body is null || body.Check() is not null)
        {
            return error ?? HttpReply.BadRequest(body!.Check()!);
        }
        var started = await coordinator.StartAsync(runner, body, ct).ConfigureAwait(false);
        http.Response.Headers.Location = "run";
        return HttpReply.Json(started, StatusCodes.Status202Accepted);
    }

    public static async Task<IResult> RollbackAsync(string id, HttpRequest request, MigrationRunner runner, CancellationToken ct)
    {
        var (body, error) = await RequestBody.ReadAsync(request, () => new RollbackRequest(), ct).ConfigureAwait(false);
        if (body is null)
        {
            return error!;
        }
        var result = await runner.RollbackAsync(id, dryRun: !body.Run, ct).ConfigureAwait(false);
        return HttpReply.Json(RollbackDocument.From(result));
    }

    public static async Task<IResult> UnlockAsync(HttpRequest request, MigrationRunner runner, CancellationToken ct)
    {
        var (body, error) = await RequestBody.ReadAsync(request, () => new EmptyRequest(), ct).ConfigureAwait(false);
        if (body is null)
        {
            return error!;
        }
        return HttpReply.Json(UnlockDocument.From(await runner.ForceUnlockAsync(ct).ConfigureAwait(false)));
    }

    private static bool TryInt(HttpRequest request, string name, int fallback, int min, int max, out int value, out IResult error)
    {
        error = Results.Empty;
        value = fallback;
        if (!request.Query.TryGetValue(name, out var text))
        {
            return true;
        }
        if (int.TryParse(text.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max)
        {
            return true;
        }
        error = HttpReply.BadRequest($"{name} must be a whole number from {min} to {max}, not '{text}'.");
        return false;
    }
}
