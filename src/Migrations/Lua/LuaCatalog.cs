using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Horreum.Migrations.Lua;

/// <summary>
/// Named Lua scripts for migrations: the built-ins (see docs/lua-catalog.md) plus any the application registers.
/// Scripts run with EVALSHA and fall back to EVAL when the server answers NOSCRIPT (after a restart, a
/// failover or SCRIPT FLUSH), so callers never load scripts by hand. Safe to share between threads.
/// </summary>
public sealed partial class LuaCatalog
{
    /// <summary>Built-in: rename a hash field; fails if the target field exists.</summary>
    public const string RenameField = "rename_field";

    /// <summary>Built-in: copy a hash field, within one hash or to another.</summary>
    public const string CopyField = "copy_field";

    /// <summary>Built-in: delete one or more hash fields.</summary>
    public const string DeleteField = "delete_field";

    /// <summary>Built-in: rename a key, keeping its TTL; fails if the destination exists.</summary>
    public const string RenameKeyPreserveTtl = "rename_key_preserve_ttl";

    /// <summary>Built-in: save a hash field's old value in a backup hash, then set the new value.</summary>
    public const string BackupAndModifyField = "backup_and_modify_field";

    /// <summary>Errors a script replies with that start with this code are precondition failures, built-in or custom.</summary>
    public const string ErrorPrefix = "HORREUM_";

    private readonly ConcurrentDictionary<string, CatalogScript> _scripts = new(StringComparer.Ordinal);
    private long _noScriptFallbacks;

    /// <summary>Creates a catalog holding the built-in scripts.</summary>
    public LuaCatalog()
    {
        Add(RenameField, BuiltinScripts.RenameField);
        Add(CopyField, BuiltinScripts.CopyField);
        Add(DeleteField, BuiltinScripts.DeleteField);
        Add(RenameKeyPreserveTtl, BuiltinScripts.RenameKeyPreserveTtl);
        Add(BackupAndModifyField, BuiltinScripts.BackupAndModifyField);
    }

    /// <summary>The names of every script in the catalog, ordinal order.</summary>
    public IReadOnlyList<string> Names => _scripts.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>How many calls had to fall back from EVALSHA to EVAL; for diagnostics and tests.</summary>
    internal long NoScriptFallbacks => Interlocked.Read(ref _noScriptFallbacks);

    /// <summary>
    /// Registers a custom script. The script must take every key it touches from KEYS (never build key names
    /// inside the script), or it breaks on Redis Cluster. An error reply starting with <see cref="ErrorPrefix"/>
    /// surfaces as <see cref="MigrationPreconditionFailedException"/>.
    /// </summary>
    /// <param name="name">A snake_case name, unique in the catalog (built-in names are taken).</param>
    /// <param name="source">The Lua source.</param>
    /// <returns>The registered script.</returns>
    /// <exception cref="ArgumentException">The name is malformed or already registered, or the source is empty.</exception>
    public CatalogScript Register(string name, string source)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        if (name.Length == 0 || !char.IsAsciiLetterLower(name[0]) || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            throw new ArgumentException($"Script name '{name}' must be snake_case: a-z, 0-9 and '_', starting with a letter.", nameof(name));
        }
        var script = new CatalogScript(name, source);
        if (!_scripts.TryAdd(name, script))
        {
            throw new ArgumentException($"A script named '{name}' is already registered; pick another name.", nameof(name));
        }
        return script;
    }

    /// <summary>Finds a script by name.</summary>
    /// <param name="name">The name.</param>
    /// <param name="script">The script, when found.</param>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CatalogScript? script) =>
        _scripts.TryGetValue(name, out script);

    /// <summary>Gets a script by name.</summary>
    /// <param name="name">The name.</param>
    /// <exception cref="KeyNotFoundException">No script has that name.</exception>
    public CatalogScript Get(string name) =>
        _scripts.TryGetValue(name, out var script)
            ? script
            : throw new KeyNotFoundException($"No Lua script named '{name}' is registered; known: {string.Join(", ", Names)}.");

    /// <summary>
    /// Runs a script: EVALSHA first, EVAL when the server does not have it. Error replies starting with
    /// <see cref="ErrorPrefix"/> become <see cref="MigrationPreconditionFailedException"/>; other server
    /// errors propagate as <see cref="RedisServerException"/>.
    /// </summary>
    /// <param name="database">Where to run it.</param>
    /// <param name="name">The script name.</param>
    /// <param name="keys">Every key the script touches.</param>
    /// <param name="arguments">The other arguments.</param>
    /// <param name="cancellationToken">
    /// Checked before the script is sent; a sent script always completes on the server, so it is not abandoned midway.
    /// </param>
    /// <returns>The script's reply.</returns>
    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync database, string name, RedisKey[] keys, RedisValue[] arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(arguments);
        var script = Get(name);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            try
            {
                return await database.ScriptEvaluateAsync(script.Hash, keys, arguments).ConfigureAwait(false);
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
            {
                // The server lost its script cache (restart, failover, SCRIPT FLUSH) or never saw this script:
                // EVAL runs it and caches it again, so the next call is an EVALSHA.
                Interlocked.Increment(ref _noScriptFallbacks);
                return await database.ScriptEvaluateAsync(script.Source, keys, arguments).ConfigureAwait(false);
            }
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith(ErrorPrefix, StringComparison.Ordinal))
        {
            throw new MigrationPreconditionFailedException($"{name}: {ex.Message}", innerException: ex);
        }
    }

    private void Add(string name, string source) => _scripts[name] = new CatalogScript(name, source);
}
