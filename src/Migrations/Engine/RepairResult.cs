using Horreum.Migrations.Registry;

namespace Horreum.Migrations.Engine;

/// <summary>What <c>repair</c> did.</summary>
/// <param name="Restamped">Applied migrations whose recorded checksum was replaced by the loaded code's.</param>
/// <param name="CodeMissing">Recorded migrations with no loaded code: left alone (restore the code, or load its assembly).</param>
public sealed record RepairResult(IReadOnlyList<ChecksumRepair> Restamped, IReadOnlyList<string> CodeMissing);
