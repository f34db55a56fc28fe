namespace Horreum.Orm;

/// <summary>
/// Which client carries bulk work: migration passes (Model and Pipeline kinds) and large load-many/save-many calls.
/// See docs/adr/0003-bulk-transport.md for the measurements behind the default.
/// </summary>
public enum BulkTransportKind
{
    /// <summary>
    /// The RESP pipeline (<see cref="Transport.RespConnection"/>) when the connection is one plain (non-TLS,
    /// non-cluster) server, or when <see cref="HorreumOptions.BulkConnection"/> is set; StackExchange.Redis batches
    /// otherwise. The default.
    /// </summary>
    Auto,

    /// <summary>
    /// Always the RESP pipeline (for load-many/save-many: every call of at least
    /// <see cref="HorreumOptions.BulkThreshold"/>); using it on a cluster is an error.
    /// </summary>
    Resp,

    /// <summary>Always StackExchange.Redis batches (the slower path, kept for clusters and comparison).</summary>
    StackExchange,
}
