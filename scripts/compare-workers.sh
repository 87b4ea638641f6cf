#!/usr/bin/env bash
# Compares the worker's screening throughput of two builds in the same run: ROUNDS rounds, each running
# `permit bench` of the OLD and the NEW checkout one after the other (the order turns each round) at the same
# concurrency, on the same embedded cluster. Prints each round's worker cases/s and NEW ÷ OLD, then the medians.
#
#   scripts/compare-workers.sh OLD_CHECKOUT NEW_CHECKOUT [ROUNDS] [CONCURRENCY] [CASES]
#   e.g. scripts/compare-workers.sh /work/wt-perf-base /work/wt-perf 5 1 1000
#
# Each checkout needs a release build (swift build -c release); each bench uses its own checkout's migrations and
# seeds. Only the screening part runs (the sweep and the pgbench comparison are cut to their minimum).
set -euo pipefail
old=${1:?old checkout}; new=${2:?new checkout}; rounds=${3:-5}; concurrency=${4:-2}; cases=${5:-1000}
: "${PERMIT_DATA_DIR:?set PERMIT_DATA_DIR to the embedded cluster to use}"

run() {  # run CHECKOUT → prints "worker direct" cases/s
    local checkout=$1 extra=()
    local permit="$checkout/.build/release/permit"
    if "$permit" bench --help 2>/dev/null | grep -q -- --pgbench-connections; then extra=(--pgbench-connections 0); fi
    PERMIT_MIGRATIONS_DIR="$checkout/migrations" PERMIT_SEEDS_DIR="$checkout/seeds" \
        "$permit" bench --cases "$cases" --rounds 1 --concurrency "$concurrency" --endorsements 2 --sweep-rounds 1 \
        "${extra[@]}" --json 2>/dev/null |
        python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["worker_cases_per_second"], r["direct_cases_per_second"])'
}

olds=(); news=(); ratios=()
for round in $(seq 1 "$rounds"); do
    if (( round % 2 == 1 )); then o=$(run "$old"); n=$(run "$new"); else n=$(run "$new"); o=$(run "$old"); fi
    ow=${o% *}; nw=${n% *}
    ratio=$(awk -v a="$nw" -v b="$ow" 'BEGIN { printf "%.2f", a / b }')
    printf 'round %d: old %6.0f cases/s, new %6.0f cases/s, new/old %s\n' "$round" "$ow" "$nw" "$ratio"
    olds+=("$ow"); news+=("$nw"); ratios+=("$ratio")
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
echo "concurrency $concurrency, $cases cases per run: median old $(median "${olds[@]}") cases/s, new $(median "${news[@]}") cases/s," \
     "median of the rounds' new/old $(median "${ratios[@]}") (rounds: ${ratios[*]})"
