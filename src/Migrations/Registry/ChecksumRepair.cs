namespace Horreum.Migrations.Registry;

/// <summary>One checksum re-stamped by <c>repair</c>.</summary>
/// <param name="Id">The migration.</param>
/// <param name="OldChecksum">What the registry had (null when it had none).</param>
/// <param name="NewChecksum">The checksum of the code loaded now.</param>
public sealed record ChecksumRepair(string Id, string? OldChecksum, string NewChecksum);
