#!/usr/bin/env bash
# Packs what the scaling suite needs on a lent device machine, which has no Node:
# this machine's node binary and the few packages the suite loads (tsx with
# esbuild, piscina), into .carry/ (about 32 MB, under the 64 MiB a run carries).
# Then, with the device tool: run `bash bench/device/run.sh` carrying [".carry"].
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
# What `node --import tsx --import ./src/build/register.ts bench/main.ts scaling`
# imports outside node: tsx, piscina, and the build's loader hooks, which compile
# the job kernels (binaryen, without its CLI binaries; babel; the source-map
# pieces). The chart libraries load only for --svg/--html, rendered back here with --from.
PACKAGES=(tsx esbuild @esbuild get-tsconfig resolve-pkg-maps piscina binaryen @babel jsesc @jridgewell)
for p in "${PACKAGES[@]}"; do [ -e "node_modules/$p" ] || { echo "bench/device/pack.sh: node_modules/$p is missing; run npm ci first." >&2; exit 1; }; done
mkdir -p .carry
xz -T2 -6 -c "$(readlink -f "$(command -v node)")" > .carry/node.xz
tar -cJf .carry/node_modules.txz --exclude=node_modules/binaryen/bin "${PACKAGES[@]/#/node_modules/}"
ls -la .carry
