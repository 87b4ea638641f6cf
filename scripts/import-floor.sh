#!/usr/bin/env bash
# Where an import's server time goes: the writes of `permit case import` (applicants, EEPs, cases, their first history
# rows), replayed in one transaction from a staged copy of an imported file, 5,000 rows a statement as the import
# writes them, with the schema's integrity taken off a layer at a time, in alternating rounds. Prints µs a row per
# variant (median, min–max) and the one-backend ceiling it implies. Every variant runs in a transaction that is
# rolled back (the DDL too), so all start from the same tables.
#
#   scripts/import-floor.sh ROWS ROUNDS [CHECKOUT]      e.g. scripts/import-floor.sh 100000 4 .
#
# CHECKOUT (default .) needs a release build. Uses PERMIT_DATA_DIR's cluster (see import-setup.sh); the variants
# below the first run as the operator (a superuser: no row security), which is what lets them drop what they drop.
set -euo pipefail
rows=${1:?rows}; rounds=${2:?rounds}; checkout=${3:-.}
db=permitflow_import_floor; clerk=import_floor_clerk
source "$(dirname "$0")/import-setup.sh"
permit="$checkout/.build/release/permit"
export PERMIT_MIGRATIONS_DIR="$checkout/migrations" PERMIT_SEEDS_DIR="$checkout/seeds"
"$permit" migrate --status >/dev/null 2>&1 || true   # starts the embedded cluster if needed
file=$(mktemp /tmp/permit-import-XXXXXX.csv)
trap 'rm -f "$file"; drop_import_db' EXIT
write_import_file "$rows" "$file"
prepare_import_db "$permit"
start=$(date +%s.%N)
PGPASSWORD=$password "$permit" case import "$file" "${import_args[@]}" >/dev/null
end=$(date +%s.%N)
awk -v n="$rows" -v s="$start" -v e="$end" 'BEGIN { printf "permit case import: %.0f rows/s (the whole command, once)\n", n / (e - s) }'

# The imported rows become the staged copy (as the import's staging table holds them); the tables are emptied.
operator_db=$db operator_sql <<'SQL'
CREATE TABLE floor_stage AS
SELECT row_number() OVER (ORDER BY (t.metadata->>'import_line')::int) AS n, (t.metadata->>'import_line')::int AS line, p.id AS applicant_id, a.id AS case_id, p.national_id, p.name, p.birth_date,
       p.work_city, p.employer_code, d.number AS eep_number, d.expires_on AS eep_expires, a.category,
       array_to_string(a.destinations, ',') AS destinations, a.office, a.new_eep_requested AS new_eep, a.workflow_version,
       a.snapshot::text AS snapshot, t.actor
  FROM applications a JOIN applicants p ON p.id = a.applicant_id JOIN travel_documents d ON d.number = a.eep_number
  JOIN case_transitions t ON t.case_id = a.id AND t.seq = 1;
SET session_replication_role = replica;   -- past the history's refuse-truncate trigger
TRUNCATE case_transitions, applications, travel_documents, applicants CASCADE;
RESET session_replication_role;
CREATE INDEX ON floor_stage (n);
VACUUM ANALYZE;
SQL
operator_sql -d "$db" -c "GRANT SELECT ON floor_stage TO $clerk"

tables="'applicants'::regclass, 'travel_documents'::regclass, 'applications'::regclass, 'case_transitions'::regclass"
ddl_for() {  # the statements that take one kind of thing off the four tables
    psql -h "$data_dir" -U postgres -d "$db" -At -c "SELECT coalesce(string_agg(s, ' '), '') FROM ($1) AS q(s)"
}
fks=$(ddl_for "SELECT format('ALTER TABLE %s DROP CONSTRAINT %I;', conrelid::regclass, conname) FROM pg_constraint WHERE contype = 'f' AND conrelid IN ($tables)")
triggers="ALTER TABLE case_transitions ALTER COLUMN hash DROP NOT NULL; $(ddl_for "SELECT format('ALTER TABLE %s DISABLE TRIGGER ALL;', t) FROM unnest(ARRAY[$tables]) AS t")"
checks=$(ddl_for "SELECT format('ALTER TABLE %s DROP CONSTRAINT %I;', conrelid::regclass, conname) FROM pg_constraint WHERE contype = 'c' AND conrelid IN ($tables)")
secondary=$(ddl_for "SELECT CASE WHEN c.conname IS NULL THEN format('DROP INDEX %I;', i.relname) ELSE format('ALTER TABLE %s DROP CONSTRAINT %I;', x.indrelid::regclass, c.conname) END
                       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid
                      WHERE x.indrelid IN ($tables) AND NOT x.indisprimary")
keys=$(ddl_for "SELECT format('ALTER TABLE %s DROP CONSTRAINT %I CASCADE;', conrelid::regclass, conname) FROM pg_constraint WHERE contype = 'p' AND conrelid IN ($tables)")

chunk=5000   # rows a chunk, as `permit case import` writes them
writes_sql() {  # writes_sql FIRST END → the import's four writes of the staged rows numbered FIRST < n <= END
    local range="WHERE n > $1 AND n <= $2 ORDER BY n"
    cat <<SQL
INSERT INTO applicants (id, national_id, name, birth_date, work_city, employer_code)
SELECT applicant_id, national_id, name, birth_date, work_city, employer_code FROM floor_stage $range;
INSERT INTO travel_documents (number, applicant_id, expires_on, recorded_at)
SELECT eep_number, applicant_id, eep_expires, now() FROM floor_stage $range;
INSERT INTO applications (id, applicant_id, category, destinations, office, new_eep_requested, eep_number, state, version,
                          workflow_version, snapshot, created_at, updated_at)
SELECT case_id, applicant_id, category, string_to_array(destinations, ','), office, new_eep, eep_number, 'draft', 1,
       workflow_version, snapshot::jsonb, now(), now() FROM floor_stage $range;
INSERT INTO case_transitions (case_id, seq, from_state, to_state, event, actor, metadata, at)
SELECT case_id, 1, NULL, 'draft', 'open', actor,
       jsonb_build_object('category', category, 'destinations', destinations, 'import_line', line::text), now()
  FROM floor_stage $range;
SQL
}

# The same references checked once a chunk instead of once a row: one statement that fails unless every reference
# of the chunk's rows is found, after locking the shared rows they point at (cities, employer, staff) FOR KEY SHARE as
# the foreign keys do. The rows this transaction wrote itself are not locked (nobody else sees them before COMMIT).
# Only the inserting side: what it would cost, not a design (deletes of the referenced rows go unchecked here).
references_sql() {  # references_sql FIRST END
    local range="WHERE n > $1 AND n <= $2"
    cat <<SQL
SELECT 1 FROM cities c WHERE c.key IN (SELECT work_city FROM floor_stage $range UNION SELECT office FROM floor_stage $range) FOR KEY SHARE;
SELECT 1 FROM employers e WHERE e.credit_code IN (SELECT employer_code FROM floor_stage $range) FOR KEY SHARE;
SELECT 1 FROM staff t WHERE t.name IN (SELECT actor FROM floor_stage $range) FOR KEY SHARE;
SELECT require_one_row((SELECT CASE WHEN EXISTS (
    SELECT 1 FROM floor_stage f WHERE f.n > $1 AND f.n <= $2 AND (
        NOT EXISTS (SELECT 1 FROM cities c WHERE c.key = f.work_city) OR NOT EXISTS (SELECT 1 FROM cities c WHERE c.key = f.office)
        OR NOT EXISTS (SELECT 1 FROM employers e WHERE e.credit_code = f.employer_code)
        OR NOT EXISTS (SELECT 1 FROM staff t WHERE t.name = f.actor)
        OR NOT EXISTS (SELECT 1 FROM applicants a WHERE a.id = f.applicant_id)
        OR NOT EXISTS (SELECT 1 FROM travel_documents d WHERE d.number = f.eep_number AND d.applicant_id = f.applicant_id)
        OR NOT EXISTS (SELECT 1 FROM applications a WHERE a.id = f.case_id AND a.applicant_id = f.applicant_id))
    ) THEN 0 ELSE 1 END), 'a reference of the chunk is missing') \\gset
SQL
}

variants=(as_the_clerk as_a_superuser references_per_chunk no_foreign_keys no_triggers no_checks no_secondary_indexes heap_only)
run_variant() {  # run_variant NAME → "NAME µs"
    local user=postgres ddl="" checked=0
    case $1 in
        as_the_clerk) user=$clerk;;
        as_a_superuser) ;;
        references_per_chunk) ddl="$fks"; checked=1;;
        no_foreign_keys) ddl="$fks";;
        no_triggers) ddl="$fks $triggers";;
        no_checks) ddl="$fks $triggers $checks";;
        no_secondary_indexes) ddl="$fks $triggers $checks $secondary";;
        heap_only) ddl="$fks $triggers $checks $secondary $keys";;
    esac
    { echo "BEGIN;"; echo "$ddl"; echo "SELECT clock_timestamp() AS t0 \\gset"
      for ((first = 0; first < rows; first += chunk)); do
          writes_sql "$first" $((first + chunk))
          if (( checked )); then references_sql "$first" $((first + chunk)); fi
      done
      cat <<'SQL'
SET CONSTRAINTS ALL IMMEDIATE;
SELECT (extract(epoch FROM clock_timestamp() - :'t0') * 1e6 / (SELECT count(*) FROM floor_stage))::numeric(10, 1) AS us \gset
\echo :us
ROLLBACK;
SQL
    } | PGPASSWORD=$password PGOPTIONS="-c client_min_messages=warning -c jit=off" \
        psql -h "$data_dir" -U "$user" -d "$db" -v ON_ERROR_STOP=1 -q -X | sed -n '$p' | sed "s/^/$1 /"
    operator_sql -d "$db" -c "VACUUM case_transitions, applications, travel_documents, applicants"
}

results=$(mktemp); trap 'rm -f "$file" "$results"; drop_import_db' EXIT
for round in $(seq 1 "$rounds"); do
    order=("${variants[@]}")
    if (( round % 2 == 0 )); then order=($(printf '%s\n' "${variants[@]}" | tac)); fi
    for variant in "${order[@]}"; do run_variant "$variant" | tee -a "$results" | sed "s/^/round $round  /"; done
done
echo "the four writes of $rows rows, µs a row: median (min-max) over $rounds rounds, and one backend's ceiling"
for variant in "${variants[@]}"; do
    grep "^$variant " "$results" | awk '{ print $2 }' | sort -n | awk -v v="$variant" '
        { x[NR] = $1 } END { m = (NR % 2) ? x[(NR + 1) / 2] : (x[NR / 2] + x[NR / 2 + 1]) / 2
                             printf "%-22s %6.1f  (%.1f-%.1f)  %7.0f rows/s\n", v, m, x[1], x[NR], 1e6 / m }'
done
