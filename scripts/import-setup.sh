# Sourced by bench-import.sh and import-floor.sh: the generated import file and a fresh scratch database to import it
# into, on PERMIT_DATA_DIR's embedded cluster (psql reaches it as its operator, `postgres`, by peer authentication).
#
#   write_import_file ROWS FILE      ROWS valid rows (one employer, Guangzhou, distinct national IDs and EEPs)
#   prepare_import_db PERMIT         drops and recreates $db, migrates and seeds it with PERMIT's own migrations;
#                                    sets import_args (the import's connection arguments) and password (PGPASSWORD)
data_dir=${PERMIT_DATA_DIR:?set PERMIT_DATA_DIR to the embedded cluster to use}
db=${db:-permitflow_import_bench}
clerk=${clerk:-import_bench_clerk}
url="host=$data_dir dbname=$db user=postgres"      # the operator (peer authentication on the embedded cluster)
clerk_url="host=$data_dir dbname=$db user=$clerk"
operator_sql() { PGOPTIONS="-c client_min_messages=warning" psql -h "$data_dir" -U postgres -d "${operator_db:-postgres}" -v ON_ERROR_STOP=1 -q "$@" >/dev/null; }

write_import_file() {
    python3 - "$1" > "$2" <<'PY'
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
}

# Builds from before logins (issue 10) import as a typed demo name; later ones as a clerk's own login, made here.
prepare_import_db() {
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

drop_import_db() {
    operator_sql -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "DROP ROLE IF EXISTS $clerk"
}
