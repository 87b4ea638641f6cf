#!/usr/bin/env bash
# Times `permit case import` of a generated CSV file (ROWS rows, all valid) for one or more checkouts, in alternating
# rounds, each round on a fresh scratch database on the embedded cluster: rows/s and peak memory (max RSS).
#
#   scripts/bench-import.sh ROWS ROUNDS CHECKOUT [CHECKOUT...]
#   e.g. scripts/bench-import.sh 200000 3 /work/wt-perf-base /work/wt-perf
#
# Each CHECKOUT needs a release build (swift build -c release). Uses PERMIT_DATA_DIR's cluster (started by any
# `permit` command first) and python3 to write the file. Run as root (the cluster's user is `postgres`).
set -euo pipefail
rows=${1:?rows}; rounds=${2:?rounds}; shift 2
checkouts=("$@")
data_dir=${PERMIT_DATA_DIR:?set PERMIT_DATA_DIR to the embedded cluster to use}
file=$(mktemp /tmp/permit-import-XXXXXX.csv)
trap 'rm -f "$file"' EXIT

python3 - "$rows" > "$file" <<'PY'
import datetime, sys
weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
checks = "10X98765432"
print("national_id,name,birth_date,work_city,employer,eep_number,eep_expires,category,destinations,office,new_eep")
start = datetime.date(1960, 1, 1)
for n in range(int(sys.argv[1])):
    birth = start + datetime.timedelta(days=n // 900)
    body = "440305" + birth.strftime("%Y%m%d") + "%03d" % (n % 900 + 100)
    check = checks[sum(int(d) * w for d, w in zip(body, weights)) % 11]
    print(f'{body}{check},"Import Applicant {n}",{birth.isoformat()},guangzhou,12440300MB0000001U,IB{n:08d},2036-01-31,research,"HK,MO",,no')
PY
echo "file: $rows rows, $(du -h "$file" | cut -f1)"

first_permit="${checkouts[0]}/.build/release/permit"
"$first_permit" migrate --status >/dev/null 2>&1 || true   # starts the embedded cluster if needed
db=permitflow_import_bench
url="host=$data_dir dbname=$db user=postgres"
for round in $(seq 1 "$rounds"); do
    order=("${checkouts[@]}")
    if (( round % 2 == 0 )); then order=($(printf '%s\n' "${checkouts[@]}" | tac)); fi
    for checkout in "${order[@]}"; do
        permit="$checkout/.build/release/permit"
        runuser -u postgres -- dropdb -h "$data_dir" --if-exists "$db"
        runuser -u postgres -- createdb -h "$data_dir" "$db"
        export PERMIT_MIGRATIONS_DIR="$checkout/migrations" PERMIT_SEEDS_DIR="$checkout/seeds"
        "$permit" migrate --database-url "$url" >/dev/null
        "$permit" seed --demo --database-url "$url" >/dev/null
        start=$(date +%s.%N)
        /usr/bin/time -f "%M" -o /tmp/permit-import-rss "$permit" case import "$file" --as zhang.clerk --database-url "$url" >/dev/null
        end=$(date +%s.%N)
        rss=$(cat /tmp/permit-import-rss)
        awk -v c="$checkout" -v r="$round" -v n="$rows" -v s="$start" -v e="$end" -v m="$rss" \
            'BEGIN { printf "round %d  %-24s %8.0f rows/s  %6.1f s  max RSS %5.0f MB\n", r, c, n / (e - s), e - s, m / 1024 }'
    done
done
runuser -u postgres -- dropdb -h "$data_dir" --if-exists "$db"
