#!/usr/bin/env bash
# The package as a user gets it: build, `npm pack`, install the tarball into a fresh
# project outside the repository (its dependencies from npm's cache or the registry),
# then drive the `tickflow` bin there on scenes that import only `tickflow/*`.
# Prints the tarball size and the install time. Run by .ci/run; `npm run test:pack`.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
fixture="$repo/test/pack/fixture"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "test:pack: FAIL: $*" >&2; exit 1; }
field() { node -e "const j=JSON.parse(require('fs').readFileSync(0,'utf8')); const v=j$1; if (v===undefined) process.exit(1); console.log(typeof v==='object'?JSON.stringify(v):v)"; }

cd "$repo"
npm run build --silent >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail "npm run build"; }
tarball="$(npm pack --pack-destination "$work" --json --loglevel=warn | field '[0].filename')"
bytes="$(stat -c %s "$work/$tarball")"
[ "$(ls "$work"/*.tgz | wc -l)" = 1 ] || fail "npm pack made more than one tarball"
echo "tarball: $tarball, $bytes bytes ($((bytes / 1024)) KiB)"

app="$work/app"
mkdir -p "$app"
cp -r "$fixture/." "$app/"
cd "$app"
printf '{ "name": "tickflow-user", "private": true, "type": "module" }\n' >package.json
t0=$(date +%s%N)
npm install --prefer-offline --no-audit --no-fund --loglevel=error "$work/$tarball" >"$work/install.log" 2>&1 || { cat "$work/install.log"; fail "npm install of the tarball"; }
echo "install: $(( ($(date +%s%N) - t0) / 1000000 )) ms"
[ -z "$(ls -A node_modules/tickflow/src 2>/dev/null)" ] || fail "the package ships sources"

sim() { npx --no-install tickflow sim "$@" --json; }
for w in 0 1 2; do sim ./scenes/walkers --frames 120 --workers $w >"$work/walkers.$w.json" || fail "tickflow sim ./scenes/walkers --workers $w: $(cat "$work/walkers.$w.json")"; done
h0="$(field .hash <"$work/walkers.0.json")"
for w in 1 2; do
  h="$(field .hash <"$work/walkers.$w.json")"
  [ "$h" = "$h0" ] || fail "walkers: --workers $w hash $h differs from --workers 0 hash $h0"
done
[ "$(field .stats.compiled <"$work/walkers.0.json")" = 1 ] || fail "the async builder did not compile the user's coroutine (stats.compiled != 1)"
echo "sim walkers: hash $h0 with --workers 0, 1 and 2; coroutine compiled"

# --release strips the user's asserts (rolldown's parser ships as a dependency).
sim ./scenes/walkers/index.ts --frames 30 --workers 1 --release >"$work/release.json" || fail "tickflow sim --release: $(cat "$work/release.json")"
[ "$(field .mode <"$work/release.json")" = release ] || fail "--release did not run in release mode"

# `tickflow new` scaffolds a scene that runs at once, on workers too.
npx --no-install tickflow new scenes/swarm >/dev/null || fail "tickflow new scenes/swarm"
s0="$(sim ./scenes/swarm --frames 60 --workers 0 | field .hash)" || fail "the scaffolded scene does not run"
s1="$(sim ./scenes/swarm --frames 60 --workers 1 | field .hash)" || fail "the scaffolded scene does not run on a worker"
[ "$s0" = "$s1" ] || fail "swarm: --workers 1 hash $s1 differs from --workers 0 hash $s0"
echo "new swarm: runs, hash $s0 with --workers 0 and 1"

# Both scenes import only the package's subpaths (and three.js in a view).
bad="$(grep -rhoE "from '[^']+'" scenes bench | grep -vE "from '(tickflow(/[a-z/]+)?|\./[A-Za-z]+\.ts|three)'" || true)"
[ -z "$bad" ] || fail "scenes import outside tickflow/*: $bad"

# A user benchmark: await vs a compiled coroutine, against its baseline, in GC-free windows.
npx --no-install tickflow bench bench/awaitVsCoroutine.bench.ts --json >"$work/bench.json" || fail "tickflow bench: $(cat "$work/bench.json")"
node -e "
const r = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
const c = Object.fromEntries(r.cases.map((x) => [x.name, x]));
const bad = [];
if (r.baseline !== 'await' || c.await.ratio !== 1) bad.push('the baseline is not await at ratio 1');
if (!c.await.async || c.coroutine.async) bad.push('await should be measured as async, the coroutine as sync');
for (const x of r.cases) if (!x.valid || x.gcCount !== 0) bad.push(x.name + ': invalid window (' + x.gcCount + ' GCs; ' + (x.note || '') + ')');
if (!(c.coroutine.bytesPerOp < 1)) bad.push('coroutine resumes allocate ' + c.coroutine.bytesPerOp + ' B/op: not compiled?');
if (!(c.await.bytesPerOp > 0)) bad.push('await measured 0 B/op: the window did not see its promises');
if (bad.length) { console.error(bad.join('\\n')); process.exit(1); }
for (const x of r.cases) console.log('bench ' + x.name + ': ' + x.nsPerOp.toFixed(1) + ' ns/op, ' + x.bytesPerOp.toFixed(1) + ' B/op, ratio ' + x.ratio.toFixed(3));
" "$work/bench.json" || fail "tickflow bench report"

# The user's own page under the user's Vite with tickflow/vite: a worker bundle, the
# user's kernel module found by the package's glob, asserts stripped from the user's code.
vite_version="$(node -p "require('$repo/node_modules/vite/package.json').version")"
npm install --prefer-offline --no-audit --no-fund --loglevel=error --save-dev "vite@$vite_version" >"$work/vite-install.log" 2>&1 || { cat "$work/vite-install.log"; fail "npm install vite"; }
npx --no-install vite build --logLevel warn >"$work/vite-build.log" 2>&1 || { cat "$work/vite-build.log"; fail "vite build with tickflow/vite"; }
ls dist/assets/browserJobWorker-*.js >/dev/null 2>&1 || fail "vite build emitted no job worker bundle"
grep -lq '/scenes/walkers/jobs.ts' dist/assets/*.js || fail "the package's kernel-module glob did not find the user's jobs.ts"
! grep -q "import.meta.glob" dist/assets/*.js || fail "a glob import was left unexpanded"
! grep -q "left the line" dist/assets/*.js || fail "the user's assert messages survived the production build"
echo "vite build: tickflow/vite bundled the page, a job worker and the user's kernel module"

# The browser app over the user's scenes: a static site, then the dev server in Chromium.
npx --no-install tickflow build ./scenes --out site >"$work/app-build.log" 2>&1 || { cat "$work/app-build.log"; fail "tickflow build ./scenes"; }
[ -f site/index.html ] && [ -f site/_headers ] || fail "tickflow build wrote no index.html and _headers"
ls site/assets/browserJobWorker-*.js site/assets/swarm-*.js >/dev/null 2>&1 || fail "tickflow build: no worker bundle or no chunk for the user's swarm scene"
echo "tickflow build: site/ with index.html, _headers, a job worker and the user's scenes"
port="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
# The bin itself, not npx, so that $! is the server and the trap ends it.
./node_modules/.bin/tickflow dev ./scenes --port "$port" --host 127.0.0.1 >"$work/dev.log" 2>&1 &
dev_pid=$!
trap 'kill $dev_pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do grep -q "tickflow dev: http" "$work/dev.log" && break; kill -0 $dev_pid 2>/dev/null || break; sleep 0.5; done
grep -q "tickflow dev: http" "$work/dev.log" || { cat "$work/dev.log"; fail "tickflow dev did not start"; }
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  (cd "$repo" && node --import tsx test/pack/appDraws.ts "http://127.0.0.1:$port/" swarm) || { cat "$work/dev.log"; fail "tickflow dev: the app did not draw the user's scene with jobs on a worker lane"; }
else
  echo "tickflow dev: started; the browser check needs Chromium (apt-get install chromium), skipped"
fi
kill $dev_pid 2>/dev/null || true

# Bad input exits 2 and names what is valid.
set +e
npx --no-install tickflow simulate >/dev/null 2>"$work/bad.txt"; code=$?
set -e
[ $code = 2 ] && grep -q "Commands: sim" "$work/bad.txt" || fail "an unknown command should exit 2 naming the commands (got $code)"
set +e
npx --no-install tickflow sim ./scenes/walkers --frams 3 >/dev/null 2>"$work/bad.txt"; code=$?
set -e
[ $code = 2 ] || fail "a bad sim flag should exit 2 (got $code)"
echo "test:pack: ok"
