#!/usr/bin/env bash
# netform vs AWS CDK on the standard workload, one run on this machine; see README.md.
#
#   benches/cdk/measure.sh [--slow]
#
# Measures with /usr/bin/time -f '%e %M' (wall seconds, peak RSS KB):
#   netform: cargo bench --bench scale -- 100 1000 --runs 3 (its own table, in-process), and the
#            netform CLI end to end (synth --file net-N.json, terraform and cloudformation) at
#            N = 100 and 1000;
#   CDK:     single/default at 100; single/off at 100 and 1000; nested/default at 100 and 1000;
#            with --slow also single/default at 1000, with and without path metadata.
# then prints a table and the ratios CDK / netform per N. Needs node >= 20, `npm ci` done in
# benches/cdk, cargo, and GNU time at /usr/bin/time.
set -uo pipefail

SLOW=0
for arg in "$@"; do
  case "$arg" in
    --slow) SLOW=1 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "measure.sh: unknown argument $arg (try --help)" >&2; exit 2 ;;
  esac
done

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# The two sizes; MEASURE_SIZES="10 30" makes a quick check of the script itself.
read -r -a SIZES <<<"${MEASURE_SIZES:-100 1000}"
[ "${#SIZES[@]}" -eq 2 ] || { echo "measure.sh: MEASURE_SIZES takes two sizes" >&2; exit 2; }
SMALL=${SIZES[0]}
LARGE=${SIZES[1]}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/netform-cdk-measure.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
RESULTS="$WORK/results.jsonl"
: >"$RESULTS"

die() { echo "measure.sh: $*" >&2; exit 1; }
[ -x /usr/bin/time ] || die "needs GNU time at /usr/bin/time (apt-get install time)"
command -v node >/dev/null || die "needs node (>= 20)"
command -v cargo >/dev/null || die "needs cargo"
[ -d "$HERE/node_modules/aws-cdk-lib" ] || die "run 'npm ci' in $HERE first"

# timed LABEL CMD... : runs CMD under /usr/bin/time, stdout to $WORK/LABEL.out, stderr to
# $WORK/LABEL.err; sets WALL, RSS and STATUS.
timed() {
  local label=$1; shift
  /usr/bin/time -o "$WORK/$label.time" -f '%e %M' "$@" >"$WORK/$label.out" 2>"$WORK/$label.err"
  STATUS=$?
  # On failure GNU time writes "Command exited with non-zero status N" first.
  read -r WALL RSS < <(tail -n 1 "$WORK/$label.time")
}
# The first error line of a failed run, as a JSON string.
first_error() {
  node -e 'const l=require("fs").readFileSync(process.argv[1],"utf8").split("\n").filter(x=>/error|Error|fail/.test(x));
    console.log(JSON.stringify((l[0]??"").trim().slice(0,300)))' "$1"
}

echo "== Machine and versions"
echo "date:       $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "host:       $(uname -srm), $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo) RAM"
echo "load:       $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) at start"
echo "node:       $(node --version)"
echo "aws-cdk-lib $(node -p 'require(process.argv[1]+"/node_modules/aws-cdk-lib/package.json").version' "$HERE"), constructs $(node -p 'require(process.argv[1]+"/node_modules/constructs/package.json").version' "$HERE")"
echo "rustc:      $(rustc --version 2>/dev/null)"
echo "netform:    $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (working tree has changes)')"
echo

echo "== Building netform (not timed)"
(cd "$ROOT" && cargo build --release --quiet --bin netform) >"$WORK/build.log" 2>&1 \
  || { cat "$WORK/build.log"; die "netform does not build"; }
NETFORM="$ROOT/target/release/netform"
# The bench executable itself, run below as `cargo bench` would run it (it appends --bench), so
# that neither cargo's start-up nor a rebuild (sources edited meanwhile) lands in the time.
BENCH=$(cd "$ROOT" && cargo bench --quiet --bench scale --no-run --message-format=json 2>>"$WORK/build.log" \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for(const l of s.split("\n")){
      if(!l.startsWith("{"))continue;const m=JSON.parse(l);
      if(m.reason==="compiler-artifact"&&m.executable&&m.target.name==="scale")console.log(m.executable)}})')
[ -x "$BENCH" ] || { cat "$WORK/build.log"; die "the bench does not build"; }
echo "ok: $NETFORM, $BENCH"
echo

echo "== netform bench: cargo bench --bench scale -- ${SIZES[*]} --runs 3 (its executable, run directly)"
timed bench bash -c 'cd "$1" && shift && exec "$@"' _ "$ROOT" "$BENCH" "${SIZES[@]}" --runs 3 --bench
grep -v '^\s*$' "$WORK/bench.out"
[ "$STATUS" -eq 0 ] || { echo "(bench failed, exit $STATUS)"; tail -n 5 "$WORK/bench.err"; }
echo "whole bench process: ${WALL}s wall, $(( (RSS + 512) / 1024 )) MB peak RSS (all sizes and targets, 1 + 3 runs of each)"
printf '{"kind":"bench","wall":%s,"rss":%s,"status":%d,"file":"%s"}\n' "$WALL" "$RSS" "$STATUS" "$WORK/bench.out" >>"$RESULTS"
echo

echo "== netform CLI end to end: netform synth --file net-N.json --target T --out DIR"
for n in "${SIZES[@]}"; do
  (cd "$ROOT" && "$BENCH" --dump "$n") >"$WORK/net-$n.json" 2>"$WORK/dump-$n.err" \
    || { cat "$WORK/dump-$n.err"; die "cannot dump the workload of $n spokes"; }
  for target in terraform cloudformation; do
    out="$WORK/netform-$target-$n"
    timed "netform-$target-$n" "$NETFORM" synth --file "$WORK/net-$n.json" --target "$target" --out "$out"
    if [ "$STATUS" -eq 0 ]; then
      count=$(node "$HERE/count.js" "$out")
      echo "N=$n $target: ${WALL}s, $(( (RSS + 512) / 1024 )) MB, $(node -p 'const c=JSON.parse(process.argv[1]); `${c.resources} resources in ${c.templates} files`' "$count")"
      error='null'
    else
      count='null'
      error=$(first_error "$WORK/netform-$target-$n.err")
      echo "N=$n $target: FAILED (exit $STATUS): $(node -p 'JSON.parse(process.argv[1])' "$error") -- going on"
    fi
    printf '{"kind":"netform","target":"%s","spokes":%d,"wall":%s,"rss":%s,"status":%d,"count":%s,"error":%s}\n' \
      "$target" "$n" "$WALL" "$RSS" "$STATUS" "$count" "$error" >>"$RESULTS"
    # Terraform output is kept until the CDK runs of this N are compared; CloudFormation too.
  done
done
echo

# cdk MODE VALIDATION N [--no-path-metadata]: synthesizes, counts, compares with netform's
# CloudFormation of that N.
cdk() {
  local mode=$1 validation=$2 n=$3 extra=${4:-}
  local variant=$mode-$validation${extra:+-nopm}
  local label="cdk-$variant-$n" out="$WORK/cdk-$variant-$n"
  timed "$label" node "$HERE/app.js" --spokes "$n" --mode "$mode" --validation "$validation" --out "$out" --no-count $extra
  local app='null' count='null' match='n/a' error='null'
  if [ "$STATUS" -eq 0 ]; then
    app=$(tail -n 1 "$WORK/$label.out")
    count=$(node "$HERE/count.js" "$out")
    if [ -f "$WORK/netform-cloudformation-$n/manifest.json" ]; then
      if node "$HERE/compare.js" "$WORK/netform-cloudformation-$n" "$out" >"$WORK/$label.compare" 2>&1; then
        match=yes
      else
        match=no
      fi
    fi
    echo "N=$n $mode/$validation${extra:+ $extra}: ${WALL}s, $(( (RSS + 512) / 1024 )) MB, $(node -p 'const c=JSON.parse(process.argv[1]); `${c.workloadResources} workload resources (+${c.resources-c.workloadResources} CDK) in ${c.templates} templates, largest ${c.largestTemplate}`' "$count"); same resources as netform: $match"
    [ "$match" = no ] && head -n 5 "$WORK/$label.compare"
    local warnings
    warnings=$(grep -c 'CloudFormation Validate' "$WORK/$label.err")
    [ "$warnings" -gt 0 ] && echo "    (CloudFormation Validate printed $warnings findings; first: $(grep -m1 -B0 'CloudFormation Validate' "$WORK/$label.err" | sed 's/^ *//'))"
  else
    error=$(first_error "$WORK/$label.err")
    echo "N=$n $mode/$validation${extra:+ $extra}: FAILED (exit $STATUS): $(node -p 'JSON.parse(process.argv[1])' "$error")"
  fi
  printf '{"kind":"cdk","mode":"%s","validation":"%s","pathMetadata":%s,"spokes":%d,"wall":%s,"rss":%s,"status":%d,"app":%s,"count":%s,"match":"%s","error":%s}\n' \
    "$mode" "$validation" "$([ -z "$extra" ] && [ "$validation" = default ] && echo true || echo false)" "$n" "$WALL" "$RSS" "$STATUS" "$app" "$count" "$match" "$error" >>"$RESULTS"
  rm -rf "$out"
}

echo "== AWS CDK: node app.js --spokes N --mode M --validation V (in-process app.synth())"
cdk single default "$SMALL"
cdk single off "$SMALL"
cdk single off "$LARGE"
cdk nested default "$SMALL"
cdk nested default "$LARGE"
if [ "$SLOW" -eq 1 ]; then
  cdk single default "$LARGE"
  # As `cdk synth --no-path-metadata`: the template is then under 10 MB, so CloudFormation
  # Validate checks all of it instead of stopping at "template exceeds 10 MB" (several minutes).
  cdk single default "$LARGE" --no-path-metadata
else
  echo "(single/default at N=$LARGE, with and without path metadata, skipped; run with --slow)"
fi

echo
echo "load:       $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) at the end"
node "$HERE/report.js" "$RESULTS"
