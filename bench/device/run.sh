#!/usr/bin/env bash
# On the device machine (see pack.sh): unpack node and the packages, run the
# scaling suite at 1, 2, 4, 8 and 15 workers (TICKFLOW_SCALING_WORKERS to change),
# and write its one JSON document to $OUT/scaling.json (stderr to $OUT/scaling.log).
# Back here: npm run bench -- scaling --from scaling.json --svg docs/bench
set -euo pipefail
cd "$(git rev-parse --show-toplevel 2>/dev/null || pwd)"
[ -f .carry/node.xz ] && [ -f .carry/node_modules.txz ] || { echo "bench/device/run.sh: .carry/ is missing; run bench/device/pack.sh here and carry .carry" >&2; exit 1; }
bin=$(mktemp -d)
xz -d -c .carry/node.xz > "$bin/node" && chmod +x "$bin/node"
export PATH="$bin:$PATH"
[ -d node_modules/tsx ] || tar -xJf .carry/node_modules.txz
out=${OUT:-.}
node --version >&2
nproc >&2
# Kernels compiled at load (as `npm run bench` does), with JS still the default path:
# the suite runs the parallel-for both ways.
TICKFLOW_KERNELS=js node --expose-gc --min-semi-space-size=1024 --max-semi-space-size=1024 --import tsx --import ./src/build/register.ts bench/main.ts scaling --json > "$out/scaling.json" 2> "$out/scaling.log"
echo "wrote $out/scaling.json" >&2
