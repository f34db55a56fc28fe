#!/usr/bin/env bash
# Release benchmark runner.
#   benchmarks/run.sh          full run: every BenchmarkDotNet suite, then pass mode at 100k and 1M records,
#                              summary table, and a regression check of the 1M pass against benchmarks/baseline.json.
#   benchmarks/run.sh --quick  CI smoke (< 3 min): build, the CPU suite with --job dry, one 20k-record pass,
#                              and the baseline check with a loose threshold (20k passes are dominated by JIT/startup).
# Results land in benchmarks/results/<timestamp>/ (BenchmarkDotNet markdown + JSON, pass JSON, summary.md).
# Exit code: 3 when a ratio regressed past the threshold; other non-zero codes when the build or a run fails.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
[[ "${1:-}" == "--quick" ]] && quick=1
threshold="${HORREUM_BENCH_THRESHOLD:-0.25}"
out="benchmarks/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"

command -v redis-server >/dev/null && command -v redis-benchmark >/dev/null || {
  echo "redis-server and redis-benchmark are needed: apt-get update && apt-get install -y redis-server redis-tools" >&2; exit 2; }

dotnet build -c Release benchmarks/Horreum.Benchmarks/Horreum.Benchmarks.csproj -v q -nologo
bench=(dotnet benchmarks/Horreum.Benchmarks/bin/Release/net10.0/Horreum.Benchmarks.dll)

if [[ $quick == 1 ]]; then
  "${bench[@]}" --filter '*SerializerBenchmarks*' --job dry --exporters json markdown --artifacts "$out/bdn"
  "${bench[@]}" pass --records 20000 --naive-records 2000 --loadsave-records 10000 --json "$out/pass-20k.json" | tee "$out/pass-20k.log"
  "${bench[@]}" compare --baseline benchmarks/baseline.json --current "$out/pass-20k.json" --mode quick --threshold 0.5 --summary "$out/summary.md"
  exit $?
fi

"${bench[@]}" --filter '*' --exporters json markdown --artifacts "$out/bdn"
"${bench[@]}" pass --records 100000 --naive-records 20000 --loadsave-records 100000 --json "$out/pass-100k.json" | tee "$out/pass-100k.log"
"${bench[@]}" pass --records 1000000 --naive-records 20000 --loadsave-records 100000 --rounds 2 --json "$out/pass-1m.json" | tee "$out/pass-1m.log"
status=0
"${bench[@]}" compare --baseline benchmarks/baseline.json --current "$out/pass-1m.json" --mode full --threshold "$threshold" --summary "$out/summary.md" || status=$?
echo "results: $out (BenchmarkDotNet reports in $out/bdn/results)"
exit $status
