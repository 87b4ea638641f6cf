#!/usr/bin/env bash
# Times `permit case import` of a generated CSV file (ROWS rows, all valid) for one or more checkouts, in alternating
# rounds, each round on a fresh scratch database on the embedded cluster: rows/s and peak memory (max RSS).
#
#   scripts/bench-import.sh ROWS ROUNDS CHECKOUT [CHECKOUT...]
#   e.g. scripts/bench-import.sh 200000 3 /work/wt-perf-base /work/wt-perf
#
# Each CHECKOUT needs a release build (swift build -c release). Uses PERMIT_DATA_DIR's cluster (started by any
# `permit` command first) and python3 to write the file; the file and the databases come from import-setup.sh.
set -euo pipefail
rows=${1:?rows}; rounds=${2:?rounds}; shift 2
checkouts=("$@")
source "$(dirname "$0")/import-setup.sh"
file=$(mktemp /tmp/permit-import-XXXXXX.csv)
trap 'rm -f "$file"' EXIT
write_import_file "$rows" "$file"
echo "file: $rows rows, $(du -h "$file" | cut -f1)"

first_permit="${checkouts[0]}/.build/release/permit"
"$first_permit" migrate --status >/dev/null 2>&1 || true   # starts the embedded cluster if needed

for round in $(seq 1 "$rounds"); do
    order=("${checkouts[@]}")
    if (( round % 2 == 0 )); then order=($(printf '%s\n' "${checkouts[@]}" | tac)); fi
    for checkout in "${order[@]}"; do
        permit="$checkout/.build/release/permit"
        export PERMIT_MIGRATIONS_DIR="$checkout/migrations" PERMIT_SEEDS_DIR="$checkout/seeds"
        prepare_import_db "$permit"
        start=$(date +%s.%N)
        PGPASSWORD=$password /usr/bin/time -f "%M" -o /tmp/permit-import-rss "$permit" case import "$file" "${import_args[@]}" >/dev/null
        end=$(date +%s.%N)
        rss=$(cat /tmp/permit-import-rss)
        awk -v c="$checkout" -v r="$round" -v n="$rows" -v s="$start" -v e="$end" -v m="$rss" \
            'BEGIN { printf "round %d  %-24s %8.0f rows/s  %6.1f s  max RSS %5.0f MB\n", r, c, n / (e - s), e - s, m / 1024 }'
    done
done
drop_import_db
