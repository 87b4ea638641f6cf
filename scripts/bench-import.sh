#!/usr/bin/env bash
# Times `permit case import` of a generated CSV file (ROWS rows, all valid) for one or more checkouts, in alternating
# rounds, each round on a fresh scratch database on the embedded cluster: rows/s and peak memory (max RSS).
#
#   scripts/bench-import.sh ROWS ROUNDS CHECKOUT [CHECKOUT...]
#   e.g. scripts/bench-import.sh 200000 3 /work/wt-perf-base /work/wt-perf
#
# Each CHECKOUT needs a release build (swift build -c release). Uses PERMIT_DATA_DIR's cluster (started by any
# `permit` command first), psql as its operator (the user who made it reaches it as `postgres` by peer
# authentication) and python3 to write the file. Builds with logins import as a clerk login made for the run.
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
clerk=import_bench_clerk
url="host=$data_dir dbname=$db user=postgres"      # the operator (peer authentication on the embedded cluster)
clerk_url="host=$data_dir dbname=$db user=$clerk"
operator_sql() { PGOPTIONS="-c client_min_messages=warning" psql -h "$data_dir" -U postgres -d postgres -v ON_ERROR_STOP=1 -q "$@" >/dev/null; }

# Builds from before logins (issue 10) import as a typed demo name; later ones as a clerk's own login, made here.
prepare() {  # prepare PERMIT → prints the import command's extra arguments; PGPASSWORD for the clerk in $password
    local permit=$1
    operator_sql -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "DROP ROLE IF EXISTS $clerk" -c "CREATE DATABASE $db"
    "$permit" migrate --database-url "$url" >/dev/null
    if ! "$permit" --help 2>&1 | grep -q "^  whoami"; then
        "$permit" seed --demo --database-url "$url" >/dev/null
        import_args=(--as zhang.clerk --database-url "$url"); password=
        return
    fi
    "$permit" seed --database-url "$url" >/dev/null
    local first
    first=$("$permit" staff add "Import Clerk" --login "$clerk" --role clerk --database-url "$url" --json |
            python3 -c 'import json,sys; print(json.load(sys.stdin)["one_time_password"])')
    password="bench-$(date +%s%N)"
    printf '%s\n' "$password" | PGPASSWORD=$first "$permit" password --stdin --database-url "$clerk_url" >/dev/null
    PGPASSWORD=$password "$permit" employer add --credit-code 12440300MB0000001U --name "Import Employer" --city guangzhou \
        --database-url "$clerk_url" >/dev/null
    import_args=(--database-url "$clerk_url")
}

for round in $(seq 1 "$rounds"); do
    order=("${checkouts[@]}")
    if (( round % 2 == 0 )); then order=($(printf '%s\n' "${checkouts[@]}" | tac)); fi
    for checkout in "${order[@]}"; do
        permit="$checkout/.build/release/permit"
        export PERMIT_MIGRATIONS_DIR="$checkout/migrations" PERMIT_SEEDS_DIR="$checkout/seeds"
        prepare "$permit"
        start=$(date +%s.%N)
        PGPASSWORD=$password /usr/bin/time -f "%M" -o /tmp/permit-import-rss "$permit" case import "$file" "${import_args[@]}" >/dev/null
        end=$(date +%s.%N)
        rss=$(cat /tmp/permit-import-rss)
        awk -v c="$checkout" -v r="$round" -v n="$rows" -v s="$start" -v e="$end" -v m="$rss" \
            'BEGIN { printf "round %d  %-24s %8.0f rows/s  %6.1f s  max RSS %5.0f MB\n", r, c, n / (e - s), e - s, m / 1024 }'
    done
done
operator_sql -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "DROP ROLE IF EXISTS $clerk"
