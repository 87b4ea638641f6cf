-- PermitFlow 0007: acting on any date (only where the database's purpose allows it), the EEPs' recording order,
-- the places regions are made of (provinces, cities by province, whole-province regions, free-trade-zone areas),
-- and a withdrawn draft.

-- 1. What this database is for. Production (the default) records acts at the real time only; a training or
--    what-if copy may act at any chosen instant (`permit ... --as-of`, PERMIT_NOW). One row; only the owner
--    (the operator, through `permit database purpose`) changes it: no other role is granted more than SELECT.
CREATE TABLE database_purpose (
    singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    purpose     text NOT NULL CHECK (purpose IN ('production', 'training', 'what_if')),
    note        text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    changed_by  text NOT NULL DEFAULT session_user,
    changed_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO database_purpose (purpose, note) VALUES ('production', 'the default (migration 0007)');

-- A history row (a case's or an endorsement's) whose `at` is more than 5 minutes from the server's clock is
-- refused unless the purpose allows chosen instants. The WHEN clause is evaluated without calling PL/pgSQL, so
-- rows written at the real time (every row in production) cost nothing more; the lower bound is the
-- transaction's start, because the instant is taken before the transaction begins.
CREATE FUNCTION refuse_acting_time_in_production() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- The schema is named: a session's own temporary `database_purpose` must not stand in for the real one.
    IF coalesce((SELECT purpose FROM public.database_purpose), 'production') = 'production' THEN
        RAISE EXCEPTION 'a % row at % is more than 5 minutes from the server''s clock (%), and this database''s purpose is production',
                TG_TABLE_NAME, NEW.at, clock_timestamp()
            USING ERRCODE = 'check_violation', CONSTRAINT = 'acting_time_in_production',
                  HINT = 'act as of another instant on a training or what-if copy (permit database purpose)';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER case_transitions_acting_time BEFORE INSERT ON case_transitions FOR EACH ROW
    WHEN (NEW.at < now() - interval '5 minutes' OR NEW.at > clock_timestamp() + interval '5 minutes')
    EXECUTE FUNCTION refuse_acting_time_in_production();
CREATE TRIGGER endorsement_events_acting_time BEFORE INSERT ON endorsement_events FOR EACH ROW
    WHEN (NEW.at < now() - interval '5 minutes' OR NEW.at > clock_timestamp() + interval '5 minutes')
    EXECUTE FUNCTION refuse_acting_time_in_production();

-- Setting the purpose switches these triggers with it (enabled for production, disabled on a training or what-if
-- copy), so a copy that acts on other days pays no PL/pgSQL call per row either; the function still checks the
-- purpose itself. Only the owner may alter the tables, so only the owner can change the purpose.
CREATE FUNCTION apply_database_purpose() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.purpose = 'production' THEN
        ALTER TABLE public.case_transitions ENABLE TRIGGER case_transitions_acting_time;
        ALTER TABLE public.endorsement_events ENABLE TRIGGER endorsement_events_acting_time;
    ELSE
        ALTER TABLE public.case_transitions DISABLE TRIGGER case_transitions_acting_time;
        ALTER TABLE public.endorsement_events DISABLE TRIGGER endorsement_events_acting_time;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER database_purpose_applied AFTER INSERT OR UPDATE OR DELETE ON database_purpose
    FOR EACH ROW EXECUTE FUNCTION apply_database_purpose();

-- 2. The order EEPs were recorded in. `recorded_at` is the acting instant, which may repeat (or, on a what-if
--    copy, go back); the sequence says which EEP is the current one and which were recorded after a case opened.
ALTER TABLE travel_documents ADD COLUMN recorded_seq bigint;
UPDATE travel_documents t SET recorded_seq = o.n
  FROM (SELECT number, row_number() OVER (ORDER BY recorded_at, number) AS n FROM travel_documents) o
 WHERE o.number = t.number;
CREATE SEQUENCE travel_documents_recorded_seq OWNED BY travel_documents.recorded_seq;
SELECT setval('travel_documents_recorded_seq', coalesce((SELECT max(recorded_seq) FROM travel_documents), 0) + 1, false);
ALTER TABLE travel_documents
    ALTER COLUMN recorded_seq SET DEFAULT nextval('travel_documents_recorded_seq'),
    ALTER COLUMN recorded_seq SET NOT NULL;
CREATE INDEX travel_documents_recorded_order ON travel_documents (applicant_id, recorded_seq DESC);
DROP INDEX travel_documents_by_applicant;

-- 3. Places. A region covers the cities its policy version lists (a pinned list is never narrowed), every city
--    of the provinces in region_provinces (whole regions: the Yangtze River Delta, Beijing–Tianjin–Hebei, the
--    Hainan FTZ), and every city with an area in region_areas (a pilot free trade zone's areas). The regions'
--    dates and categories stay in the policy versions, under the same key. Loaded from seeds/places.json;
--    operators add cities (`permit cities add`) and areas (`permit regions add-area`).
CREATE TABLE provinces (
    key      text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_]{1,40}$'),
    name_en  text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 100),
    name_zh  text NOT NULL DEFAULT '',
    kind     text NOT NULL CHECK (kind IN ('province', 'municipality', 'autonomous_region'))
);

-- NULL only for a city loaded before this migration and not yet seeded again.
ALTER TABLE cities ADD COLUMN province text REFERENCES provinces (key);
CREATE INDEX cities_by_province ON cities (province);

CREATE TABLE regions (
    key      text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_]{1,40}$'),
    name_en  text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
    name_zh  text NOT NULL DEFAULT '',
    source   text NOT NULL DEFAULT ''
);

CREATE TABLE region_provinces (
    region    text NOT NULL REFERENCES regions (key),
    province  text NOT NULL REFERENCES provinces (key),
    PRIMARY KEY (region, province)
);

CREATE TABLE region_areas (
    region    text NOT NULL REFERENCES regions (key),
    city      text NOT NULL REFERENCES cities (key),
    area      text NOT NULL CHECK (length(area) BETWEEN 1 AND 200 AND area !~ '[[:cntrl:]]'),
    added_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (region, city, area)
);
CREATE INDEX region_areas_by_city ON region_areas (city);

-- 4. A draft may be withdrawn (the workflow table allows it) before it was ever submitted, so it pins no policy:
--    0003's CHECK (state = 'draft' OR policy_version IS NOT NULL) refused that with an unexpected error. The
--    constraint had no name of its own; it is found by its definition and replaced by a named one.
DO $$
DECLARE
    old_name text;
BEGIN
    SELECT conname INTO old_name FROM pg_constraint
     WHERE conrelid = 'applications'::regclass AND contype = 'c'
       AND pg_get_constraintdef(oid) = 'CHECK (((state = ''draft''::text) OR (policy_version IS NOT NULL)))';
    IF old_name IS NOT NULL THEN
        EXECUTE format('ALTER TABLE applications DROP CONSTRAINT %I', old_name);
    END IF;
END $$;
ALTER TABLE applications ADD CONSTRAINT applications_policy_pinned
    CHECK (state = 'draft' OR policy_version IS NOT NULL OR (state = 'withdrawn' AND submitted_on IS NULL));

-- 5. Grants (the roles come from 0006): everyone reads the purpose and the places; only the owner (the operator)
--    writes them. Recording an EEP takes its number from the new sequence.
GRANT SELECT ON database_purpose, provinces, regions, region_provinces, region_areas
    TO permit_worker, permit_clerk, permit_caseworker, permit_supervisor, permit_reader;
GRANT USAGE ON SEQUENCE travel_documents_recorded_seq TO permit_clerk, permit_caseworker, permit_supervisor;
