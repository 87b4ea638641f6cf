-- PermitFlow 0006: who acts is the database login; each role has only what it needs; history is hash-chained.
--
-- Roles (cluster-wide, NOLOGIN groups; people and workers are LOGIN roles that are members of one of them):
--   permit_owner       owns every object; migrations run as it; it alone may UPDATE/DELETE/TRUNCATE history
--   permit_worker      the worker process (acts as `system`)
--   permit_clerk, permit_caseworker, permit_supervisor   staff, by role
--   permit_reader      read-only (auditors, dashboards); national IDs masked
--   permit_peer, permit_cert   logins that authenticate by peer or certificate instead of a password
-- A login's actor (the `actor` of every history row it writes) is derived here from session_user, never typed.

-- 1. The group roles. Creating them races when several databases of one server migrate at once: tolerate it.
DO $$
DECLARE
    wanted text[][] := ARRAY[
        ['permit_owner', 'NOLOGIN CREATEROLE'], ['permit_worker', 'NOLOGIN'], ['permit_clerk', 'NOLOGIN'],
        ['permit_caseworker', 'NOLOGIN'], ['permit_supervisor', 'NOLOGIN'], ['permit_reader', 'NOLOGIN'],
        ['permit_peer', 'NOLOGIN'], ['permit_cert', 'NOLOGIN']];
    i integer;
BEGIN
    FOR i IN 1 .. array_length(wanted, 1) LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = wanted[i][1]) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I %s', wanted[i][1], wanted[i][2]);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;  -- another database's migration created it at the same moment
            END;
        END IF;
    END LOOP;
END $$;

-- 2. Everything in this schema belongs to permit_owner (the migrator becomes it from now on).
DO $$
DECLARE
    item record;
BEGIN
    FOR item IN
        SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relowner <> 'permit_owner'::regrole
    LOOP
        IF item.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d JOIN pg_class s ON s.oid = d.objid
                                          WHERE s.relname = item.relname AND d.deptype IN ('a', 'i')) THEN
            CONTINUE;  -- a sequence owned by a column moves with its table
        END IF;
        EXECUTE format('ALTER %s %I OWNER TO permit_owner',
                       CASE item.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
                       item.relname);
    END LOOP;
    FOR item IN
        SELECT p.oid::regprocedure AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = 'public' AND p.proowner <> 'permit_owner'::regrole
    LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO permit_owner', item.signature);
    END LOOP;
END $$;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE permit_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO permit_owner;
GRANT USAGE ON SCHEMA public TO permit_worker, permit_clerk, permit_caseworker, permit_supervisor, permit_reader;

SET LOCAL ROLE permit_owner;

-- 3. Staff are logins. `login` is the PostgreSQL role a person connects as; `name` is how history shows them.
ALTER TABLE staff ADD COLUMN login text UNIQUE
    CHECK (login ~ '^[a-z][a-z0-9._-]{0,62}$' AND login !~ '^(pg_|permit_)' AND login NOT IN ('postgres', 'public'));
ALTER TABLE staff ADD COLUMN auth text CHECK (auth IN ('password', 'peer', 'cert'));
-- A one-time password must be replaced by the person's own (`permit password`) before they may act.
ALTER TABLE staff ADD COLUMN password_set_at timestamptz;
ALTER TABLE staff DROP CONSTRAINT staff_role_check;
ALTER TABLE staff ADD CONSTRAINT staff_role_check
    CHECK (role IN ('clerk', 'caseworker', 'supervisor', 'reader', 'worker', 'system'));
ALTER TABLE staff ADD CHECK ((login IS NULL) = (auth IS NULL));

-- The session's role and actor, from session_user (SET ROLE cannot change it). A superuser is nobody here:
-- it bypasses row security anyway, and the CLI refuses to act as one.
--
-- Every function below that a row-security policy or a trigger calls names its tables with their schema: a
-- session's own temporary tables (pg_temp) come first in name lookup, so an unqualified `staff` could be a table
-- the caller made. They are PL/pgSQL, whose plans are kept for the session (a SQL function is planned again at
-- every call: once per history row written, here).
CREATE FUNCTION permit_session_role() RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
    found text;
BEGIN
    IF (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = session_user) THEN
        RETURN NULL;
    END IF;
    IF pg_catalog.pg_has_role(session_user, 'permit_worker', 'MEMBER') THEN
        RETURN 'system';
    END IF;
    SELECT s.role INTO found FROM public.staff s
     WHERE s.login = session_user AND s.active AND s.role IN ('clerk', 'caseworker', 'supervisor', 'reader')
       AND (s.auth <> 'password' OR s.password_set_at IS NOT NULL);
    RETURN found;
END $$;

CREATE FUNCTION permit_session_actor() RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
    found text;
BEGIN
    CASE public.permit_session_role()
        WHEN 'system' THEN
            RETURN 'system';
        WHEN 'clerk', 'caseworker', 'supervisor' THEN
            SELECT s.name INTO found FROM public.staff s WHERE s.login = session_user;
            RETURN found;
        ELSE
            RETURN NULL;
    END CASE;
END $$;

-- Who the session is, for the CLI: the login, the staff member (if any) and why they may not act (if so).
CREATE FUNCTION permit_whoami(OUT login text, OUT name text, OUT role text, OUT superuser boolean, OUT must_set_password boolean,
                              OUT active boolean)
LANGUAGE sql STABLE AS $$
    SELECT session_user::text,
           CASE WHEN pg_catalog.pg_has_role(session_user, 'permit_worker', 'MEMBER') AND NOT r.rolsuper THEN 'system' ELSE s.name END,
           CASE WHEN r.rolsuper THEN NULL WHEN pg_catalog.pg_has_role(session_user, 'permit_worker', 'MEMBER') THEN 'system' ELSE s.role END,
           r.rolsuper,
           coalesce(s.role <> 'worker' AND s.auth = 'password' AND s.password_set_at IS NULL, false),
           coalesce(s.active, pg_catalog.pg_has_role(session_user, 'permit_worker', 'MEMBER') AND NOT r.rolsuper)
      FROM pg_catalog.pg_roles r LEFT JOIN public.staff s ON s.login = r.rolname
     WHERE r.rolname = session_user
$$;

-- The guards of 0003 looked their tables up by name alone; with people logging in, a session's own temporary table
-- could stand in for `applications` or `case_transitions` (temporary tables come first in that lookup). They now
-- name the schema.
CREATE OR REPLACE FUNCTION check_four_eyes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    app public.applications%ROWTYPE;
BEGIN
    IF NEW.event = 'approve' THEN
        SELECT * INTO app FROM public.applications WHERE id = NEW.case_id;
        IF NEW.actor = app.prepared_by OR NEW.actor = app.reviewed_by OR NEW.actor = ANY (app.preparers) THEN
            RAISE EXCEPTION 'four-eyes: % prepared or reviewed case % and may not approve it', NEW.actor, NEW.case_id
                USING ERRCODE = 'check_violation', CONSTRAINT = 'four_eyes';
        END IF;
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION check_history_written() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    last_seq integer;
    last_state text;
BEGIN
    SELECT seq, to_state INTO last_seq, last_state FROM public.case_transitions
     WHERE case_id = NEW.id ORDER BY seq DESC LIMIT 1;
    IF last_seq IS DISTINCT FROM NEW.version OR last_state IS DISTINCT FROM NEW.state THEN
        RAISE EXCEPTION 'case % changed without its history row (version %, last history row %)', NEW.id, NEW.version, last_seq
            USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'history_written';
    END IF;
    RETURN NULL;
END $$;

-- 4. Which history rows each role may write: (workflow, event, from, to, role), synced from the engine's own
--    transition tables by `permit migrate` and `permit seed`. '*' as workflow matches every workflow; '*' as
--    from_state means "any state, left unchanged" (annotations such as renewal reminders).
CREATE TABLE history_rules (
    workflow    text NOT NULL,
    event       text NOT NULL,
    from_state  text,
    to_state    text NOT NULL,
    role        text NOT NULL CHECK (role IN ('clerk', 'caseworker', 'supervisor', 'system')),
    UNIQUE NULLS NOT DISTINCT (workflow, event, from_state, to_state, role)
);

-- 5. Tamper-evident history: every row carries the login that wrote it, its transaction id (for audit
--    checkpoints) and hash = SHA-256(previous row's hash of the same chain ‖ the row's canonical bytes).
--    Canonical bytes: each field as a 4-byte big-endian length and its UTF-8 text, NULL as length 0xFFFFFFFF;
--    the first field names the layout. The README documents the fields so anyone can check a chain.
ALTER TABLE case_transitions ADD COLUMN login text, ADD COLUMN xact xid8, ADD COLUMN hash bytea;
ALTER TABLE endorsement_events ADD COLUMN login text, ADD COLUMN xact xid8, ADD COLUMN hash bytea;

CREATE FUNCTION history_entry_bytes(fields text[]) RETURNS bytea LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    result bytea := '\x'::bytea;
    field text;
    bytes bytea;
BEGIN
    FOREACH field IN ARRAY fields LOOP
        IF field IS NULL THEN
            result := result || '\xffffffff'::bytea;
        ELSE
            bytes := convert_to(field, 'UTF8');
            result := result || int4send(length(bytes)) || bytes;
        END IF;
    END LOOP;
    RETURN result;
END $$;

CREATE FUNCTION case_history_bytes(h case_transitions) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT history_entry_bytes(ARRAY['permitflow.case_transitions.v1', h.case_id::text, h.seq::text, h.from_state, h.to_state,
        h.event, h.actor, h.login, h.reason_code, h.note, h.metadata::text, ((extract(epoch FROM h.at) * 1000000)::bigint)::text])
$$;

CREATE FUNCTION endorsement_history_bytes(h endorsement_events) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT history_entry_bytes(ARRAY['permitflow.endorsement_events.v1', h.number, h.seq::text, h.from_status, h.to_status,
        h.actor, h.login, h.reason_code, h.note, ((extract(epoch FROM h.at) * 1000000)::bigint)::text])
$$;

-- The hash of the row before the first: 32 zero bytes.
CREATE FUNCTION history_chain_start() RETURNS bytea LANGUAGE sql IMMUTABLE AS $$ SELECT decode(repeat('00', 32), 'hex') $$;

-- The chain triggers run as the writing login (every role may read history) and spell the canonical bytes out as
-- one expression: what history_entry_bytes computes, at a third of its cost per row (the audit and the tests check
-- that the two agree).
CREATE FUNCTION chain_case_history() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    previous bytea;
BEGIN
    NEW.login := session_user;
    NEW.xact := pg_current_xact_id();
    IF NEW.seq = 1 THEN
        previous := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
    ELSE
        SELECT hash INTO previous FROM public.case_transitions WHERE case_id = NEW.case_id AND seq = NEW.seq - 1;
        IF previous IS NULL THEN
            RAISE EXCEPTION 'history row % of case % has no row % before it', NEW.seq, NEW.case_id, NEW.seq - 1
                USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'history_chain';
        END IF;
    END IF;
    NEW.hash := sha256(previous
            || coalesce(int4send(octet_length(convert_to('permitflow.case_transitions.v1', 'UTF8'))) || convert_to('permitflow.case_transitions.v1', 'UTF8'), '\xffffffff'::bytea)
            || coalesce(int4send(octet_length(convert_to(NEW.case_id::text, 'UTF8'))) || convert_to(NEW.case_id::text, 'UTF8'), '\xffffffff'::bytea)
            || coalesce(int4send(octet_length(convert_to(NEW.seq::text, 'UTF8'))) || convert_to(NEW.seq::text, 'UTF8'), '\xffffffff'::bytea)
            || coalesce(int4send(octet_length(convert_to(NEW.from_state, 'UTF8'))) || convert_to(NEW.from_state, 'UTF8'), '\xffffffff'::bytea)
            || coalesce(int4send(octet_length(convert_to(NEW.to_state, 'UTF8'))) || convert_to(NEW.to_state, 'UTF8'), '\xffffffff'::bytea)
            || coalesce(int4send(octet_length(convert_to(NEW.event, 'UTF8'))) || convert_to(NEW.event, 'UTF8'), '\xffffffff'::bytea)
            || coalesce(int4send(octet_length(convert_to(NEW.actor, 'UTF8'))) || convert_to(NEW.actor, 'UTF8'), '\xffffffff'::bytea)
            || coalesce(int4send(octet_length(convert_to(NEW.login, 'UTF8'))) || convert_to(NEW.login, 'UTF8'), '\xffffffff'::bytea)
            || coalesce(int4send(octet_length(convert_to(NEW.reason_code, 'UTF8'))) || convert_to(NEW.reason_code, 'UTF8'), '\xffffffff'::bytea)
            || coalesce(int4send(octet_length(convert_to(NEW.note, 'UTF8'))) || convert_to(NEW.note, 'UTF8'), '\xffffffff'::bytea)
            || coalesce(int4send(octet_length(convert_to(NEW.metadata::text, 'UTF8'))) || convert_to(NEW.metadata::text, 'UTF8'), '\xffffffff'::bytea)
            || coalesce(int4send(octet_length(convert_to(((extract(epoch FROM NEW.at) * 1000000)::bigint)::text, 'UTF8'))) || convert_to(((extract(epoch FROM NEW.at) * 1000000)::bigint)::text, 'UTF8'), '\xffffffff'::bytea));
    RETURN NEW;
END $$;

CREATE FUNCTION chain_endorsement_history() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    previous bytea;
BEGIN
    NEW.login := session_user;
    NEW.xact := pg_current_xact_id();
    IF NEW.seq = 1 THEN
        previous := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
    ELSE
        SELECT hash INTO previous FROM public.endorsement_events WHERE number = NEW.number AND seq = NEW.seq - 1;
        IF previous IS NULL THEN
            RAISE EXCEPTION 'history row % of endorsement % has no row % before it', NEW.seq, NEW.number, NEW.seq - 1
                USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'history_chain';
        END IF;
    END IF;
    NEW.hash := sha256(previous
            || coalesce(int4send(octet_length(convert_to('permitflow.endorsement_events.v1', 'UTF8'))) || convert_to('permitflow.endorsement_events.v1', 'UTF8'), '\xffffffff'::bytea)
            || coalesce(int4send(octet_length(convert_to(NEW.number, 'UTF8'))) || convert_to(NEW.number, 'UTF8'), '\xffffffff'::bytea)
            || coalesce(int4send(octet_length(convert_to(NEW.seq::text, 'UTF8'))) || convert_to(NEW.seq::text, 'UTF8'), '\xffffffff'::bytea)
            || coalesce(int4send(octet_length(convert_to(NEW.from_status, 'UTF8'))) || convert_to(NEW.from_status, 'UTF8'), '\xffffffff'::bytea)
            || coalesce(int4send(octet_length(convert_to(NEW.to_status, 'UTF8'))) || convert_to(NEW.to_status, 'UTF8'), '\xffffffff'::bytea)
            || coalesce(int4send(octet_length(convert_to(NEW.actor, 'UTF8'))) || convert_to(NEW.actor, 'UTF8'), '\xffffffff'::bytea)
            || coalesce(int4send(octet_length(convert_to(NEW.login, 'UTF8'))) || convert_to(NEW.login, 'UTF8'), '\xffffffff'::bytea)
            || coalesce(int4send(octet_length(convert_to(NEW.reason_code, 'UTF8'))) || convert_to(NEW.reason_code, 'UTF8'), '\xffffffff'::bytea)
            || coalesce(int4send(octet_length(convert_to(NEW.note, 'UTF8'))) || convert_to(NEW.note, 'UTF8'), '\xffffffff'::bytea)
            || coalesce(int4send(octet_length(convert_to(((extract(epoch FROM NEW.at) * 1000000)::bigint)::text, 'UTF8'))) || convert_to(((extract(epoch FROM NEW.at) * 1000000)::bigint)::text, 'UTF8'), '\xffffffff'::bytea));
    RETURN NEW;
END $$;

-- Rows written before this migration get their chains now (their login and transaction are unknown: NULL).
ALTER TABLE case_transitions DISABLE TRIGGER case_transitions_append_only;
ALTER TABLE endorsement_events DISABLE TRIGGER endorsement_events_append_only;
DO $$
DECLARE
    row_ case_transitions;
    chain uuid;
    previous bytea;
BEGIN
    FOR row_ IN SELECT * FROM case_transitions ORDER BY case_id, seq LOOP
        IF chain IS DISTINCT FROM row_.case_id THEN
            chain := row_.case_id;
            previous := history_chain_start();
        END IF;
        previous := sha256(previous || case_history_bytes(row_));
        UPDATE case_transitions SET hash = previous WHERE case_id = row_.case_id AND seq = row_.seq;
    END LOOP;
END $$;
DO $$
DECLARE
    row_ endorsement_events;
    chain text;
    previous bytea;
BEGIN
    FOR row_ IN SELECT * FROM endorsement_events ORDER BY number, seq LOOP
        IF chain IS DISTINCT FROM row_.number THEN
            chain := row_.number;
            previous := history_chain_start();
        END IF;
        previous := sha256(previous || endorsement_history_bytes(row_));
        UPDATE endorsement_events SET hash = previous WHERE number = row_.number AND seq = row_.seq;
    END LOOP;
END $$;
ALTER TABLE case_transitions ENABLE TRIGGER case_transitions_append_only;
ALTER TABLE endorsement_events ENABLE TRIGGER endorsement_events_append_only;
ALTER TABLE case_transitions ALTER COLUMN hash SET NOT NULL;
ALTER TABLE endorsement_events ALTER COLUMN hash SET NOT NULL;

CREATE TRIGGER case_transitions_chain BEFORE INSERT ON case_transitions
    FOR EACH ROW EXECUTE FUNCTION chain_case_history();
CREATE TRIGGER endorsement_events_chain BEFORE INSERT ON endorsement_events
    FOR EACH ROW EXECUTE FUNCTION chain_endorsement_history();
-- Auditors walk endorsement chains in bytewise order of their numbers, whatever the database's collation.
CREATE INDEX endorsement_events_chain_order ON endorsement_events ((number COLLATE "C"), seq);
CREATE TRIGGER endorsement_events_no_truncate BEFORE TRUNCATE ON endorsement_events
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite();

-- Audit checkpoints: `permit audit head` records the digest over every chain's head as of a snapshot; the
-- digest, kept elsewhere by an operator, later proves that no row written before it changed.
CREATE TABLE audit_checkpoints (
    digest      text PRIMARY KEY CHECK (digest ~ '^[0-9a-f]{64}$'),
    snapshot    pg_snapshot NOT NULL,
    chains      bigint NOT NULL,
    entries     bigint NOT NULL,
    taken_at    timestamptz NOT NULL DEFAULT now(),
    taken_by    text NOT NULL
);
CREATE FUNCTION record_checkpoint_taker() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.taken_by := session_user;
    NEW.taken_at := now();
    RETURN NEW;
END $$;
CREATE TRIGGER audit_checkpoints_taker BEFORE INSERT ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION record_checkpoint_taker();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();

-- 6. Every change of a case is a new version: a quiet edit (same version) is refused at once, and at commit the
--    deferred check demands a history row for every version the case moved through (one statement may record
--    two transitions, as a version two higher with two history rows).
--    The WHEN clause is evaluated without calling PL/pgSQL: a change with a new version costs nothing more.
CREATE FUNCTION refuse_change_without_new_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'case % changed without a new version (% to %): every change is recorded with its history row',
        NEW.id, OLD.version, NEW.version
        USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'history_written';
END $$;
CREATE TRIGGER applications_new_version BEFORE UPDATE ON applications
    FOR EACH ROW WHEN (NEW.version IS NULL OR NEW.version <= OLD.version) EXECUTE FUNCTION refuse_change_without_new_version();

-- 7. Applicants as people without the right to see identity numbers see them: masked (first 6, last 4).
CREATE VIEW applicant_directory WITH (security_barrier) AS
    SELECT a.id, a.name, a.birth_date, a.work_city, a.employer_code, a.created_at,
           CASE WHEN permit_session_role() IN ('clerk', 'caseworker', 'supervisor', 'system')
                     OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
                THEN a.national_id
                ELSE left(a.national_id, 6) || '********' || right(a.national_id, 4) END AS national_id
      FROM applicants a;

-- 8. Row security: what a role may write, row by row. (Table owners and superusers are not subject to it.)
ALTER TABLE case_transitions ENABLE ROW LEVEL SECURITY;
CREATE POLICY history_readable ON case_transitions FOR SELECT USING (true);
CREATE POLICY history_written_by_its_actor ON case_transitions FOR INSERT WITH CHECK (
    actor = (SELECT permit_session_actor())
    AND EXISTS (
        SELECT 1 FROM history_rules r
         WHERE r.event = case_transitions.event
           AND r.role = (SELECT permit_session_role())
           AND (r.workflow = '*' OR r.workflow = (SELECT a.workflow_version FROM applications a WHERE a.id = case_transitions.case_id))
           AND (r.from_state IS NOT DISTINCT FROM case_transitions.from_state
                OR (r.from_state = '*' AND case_transitions.to_state = case_transitions.from_state))
           AND (r.to_state = case_transitions.to_state OR r.to_state = '*')));

ALTER TABLE endorsement_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY endorsement_history_readable ON endorsement_events FOR SELECT USING (true);
CREATE POLICY endorsement_history_written_by_its_actor ON endorsement_events FOR INSERT
    WITH CHECK (actor = (SELECT permit_session_actor()));

ALTER TABLE case_documents ENABLE ROW LEVEL SECURITY;
CREATE POLICY documents_readable ON case_documents FOR SELECT USING (true);
CREATE POLICY documents_received_by_their_actor ON case_documents FOR INSERT
    WITH CHECK (received_by = (SELECT permit_session_actor()));

ALTER TABLE endorsements ENABLE ROW LEVEL SECURITY;
CREATE POLICY endorsements_readable ON endorsements FOR SELECT USING (true);
CREATE POLICY endorsements_issued_by_the_worker ON endorsements FOR INSERT TO permit_worker WITH CHECK (true);
CREATE POLICY endorsements_kept_by_the_worker ON endorsements FOR UPDATE TO permit_worker USING (true) WITH CHECK (true);
CREATE POLICY endorsements_revoked_by_a_supervisor ON endorsements FOR UPDATE TO permit_supervisor
    USING (status = 'active') WITH CHECK (status = 'revoked');

ALTER TABLE revocation_reviews ENABLE ROW LEVEL SECURITY;
CREATE POLICY reviews_readable ON revocation_reviews FOR SELECT USING (true);
CREATE POLICY reviews_opened ON revocation_reviews FOR INSERT WITH CHECK (outcome IS NULL);
CREATE POLICY reviews_decided_by_a_supervisor ON revocation_reviews FOR UPDATE TO permit_supervisor
    USING (outcome IS NULL) WITH CHECK (decided_by = (SELECT permit_session_actor()));

-- People queue, cancel and (supervisors) retry jobs; only the worker claims and completes them.
ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
CREATE POLICY jobs_readable ON jobs FOR SELECT USING (true);
CREATE POLICY jobs_queued ON jobs FOR INSERT WITH CHECK (state = 'queued');
CREATE POLICY jobs_run_by_the_worker ON jobs FOR UPDATE TO permit_worker USING (true) WITH CHECK (true);
CREATE POLICY jobs_rescheduled_by_staff ON jobs FOR UPDATE TO permit_clerk, permit_caseworker, permit_supervisor
    USING (state = 'queued') WITH CHECK (state IN ('queued', 'cancelled'));
CREATE POLICY jobs_retried_by_a_supervisor ON jobs FOR UPDATE TO permit_supervisor
    USING (state = 'dead') WITH CHECK (state = 'queued');

-- 9. Grants: exactly what each role needs. History: INSERT and SELECT only, for everyone but the owner.
GRANT SELECT ON policy_versions, cities, calendar_days, calendar_years, staff, employers, travel_documents,
                hetao_registrations, list_entries, applications, case_documents, case_transitions, endorsements,
                endorsement_events, revocation_reviews, jobs, sweep_runs, history_rules, audit_checkpoints,
                schema_migrations, applicant_directory
    TO permit_worker, permit_clerk, permit_caseworker, permit_supervisor, permit_reader;
GRANT SELECT ON applicants TO permit_worker, permit_clerk, permit_caseworker, permit_supervisor;
GRANT SELECT (id, name, birth_date, work_city, employer_code, created_at) ON applicants TO permit_reader;

GRANT INSERT ON employers, applicants, travel_documents, applications TO permit_clerk, permit_caseworker, permit_supervisor;
GRANT INSERT, UPDATE (status, cancelled_on) ON hetao_registrations TO permit_caseworker, permit_supervisor;
GRANT INSERT, DELETE ON list_entries TO permit_caseworker, permit_supervisor;
GRANT UPDATE ON applications TO permit_worker, permit_clerk, permit_caseworker, permit_supervisor;
GRANT INSERT ON case_transitions, case_documents, jobs TO permit_worker, permit_clerk, permit_caseworker, permit_supervisor;
GRANT UPDATE (state, due_at, finished_at, attempts, last_error) ON jobs TO permit_clerk, permit_caseworker, permit_supervisor;
GRANT UPDATE ON jobs TO permit_worker;
GRANT INSERT, UPDATE ON sweep_runs TO permit_worker;
GRANT INSERT ON endorsements TO permit_worker;
GRANT UPDATE (status, reason_code, status_changed_at, superseded_by, reminder_sent_on) ON endorsements TO permit_worker;
GRANT UPDATE (status, reason_code, status_changed_at) ON endorsements TO permit_supervisor;
GRANT INSERT ON endorsement_events TO permit_worker, permit_supervisor;
GRANT INSERT ON revocation_reviews TO permit_worker, permit_caseworker, permit_supervisor;
GRANT UPDATE (outcome, decided_by, decided_at) ON revocation_reviews TO permit_supervisor;
GRANT INSERT ON audit_checkpoints TO permit_worker, permit_supervisor, permit_reader;
GRANT USAGE ON SEQUENCE endorsement_numbers TO permit_worker;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO permit_worker, permit_clerk, permit_caseworker, permit_supervisor;
GRANT EXECUTE ON FUNCTION permit_session_role(), permit_session_actor(), permit_whoami()
    TO permit_worker, permit_clerk, permit_caseworker, permit_supervisor, permit_reader;

-- 10. Staff administration, through functions that run as the owner (which may create roles) and check who
--     calls: a supervisor (who has chosen their own password), the owner, or a superuser (the operator adding the
--     first supervisor). Every test here is coalesced: a NULL must never let a call through.
--     Passwords arrive as SCRAM verifiers computed by the client (libpq's PQencryptPasswordConn), never in clear.
CREATE FUNCTION permit_may_administer_staff() RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN coalesce((SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = session_user), false)
        OR pg_catalog.pg_has_role(session_user, 'permit_owner', 'MEMBER')
        OR coalesce(public.permit_session_role() = 'supervisor', false);
END $$;

CREATE FUNCTION permit_add_staff(p_name text, p_login text, p_role text, p_auth text, p_verifier text, p_valid_until timestamptz)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    existing staff;
    known boolean;
    grp text;
BEGIN
    IF NOT permit_may_administer_staff() THEN
        RAISE EXCEPTION 'only a supervisor (or the operator) adds staff' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_name IS NULL OR p_login IS NULL OR p_role IS NULL OR p_auth IS NULL THEN
        RAISE EXCEPTION 'a name, a login, a role and a way to authenticate are all needed' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF p_role NOT IN ('clerk', 'caseworker', 'supervisor', 'reader', 'worker') THEN
        RAISE EXCEPTION 'role % is not one of clerk, caseworker, supervisor, reader, worker', p_role USING ERRCODE = 'check_violation';
    END IF;
    IF p_auth NOT IN ('password', 'peer', 'cert') OR (p_auth = 'password') <> (p_verifier IS NOT NULL)
       OR (p_verifier IS NOT NULL AND p_verifier !~ '^SCRAM-SHA-256\$') THEN
        RAISE EXCEPTION 'a login authenticates by password (with a verifier), peer or cert' USING ERRCODE = 'check_violation';
    END IF;
    IF p_login !~ '^[a-z][a-z0-9._-]{0,62}$' OR p_login ~ '^(pg_|permit_)' OR p_login IN ('postgres', 'public') THEN
        RAISE EXCEPTION 'login "%" is not allowed: 1 to 63 of a-z 0-9 . _ -, starting with a letter, not pg_… or permit_…', p_login
            USING ERRCODE = 'invalid_name';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login) THEN
        RAISE EXCEPTION 'login "%" already exists on this server; choose another', p_login USING ERRCODE = 'duplicate_object';
    END IF;
    SELECT * INTO existing FROM staff WHERE name = p_name;
    known := FOUND;
    IF known AND existing.login IS NOT NULL THEN
        RAISE EXCEPTION '% is already in staff with the login %', p_name, existing.login USING ERRCODE = 'unique_violation',
            CONSTRAINT = 'staff_pkey';
    END IF;
    IF known AND existing.role <> p_role THEN
        RAISE EXCEPTION '% is in staff as a %, not a %', p_name, existing.role, p_role USING ERRCODE = 'check_violation';
    END IF;
    grp := 'permit_' || CASE p_role WHEN 'clerk' THEN 'clerk' WHEN 'caseworker' THEN 'caseworker'
                                    WHEN 'supervisor' THEN 'supervisor' WHEN 'reader' THEN 'reader' ELSE 'worker' END;
    IF p_auth = 'password' THEN
        EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L VALID UNTIL %L IN ROLE %I', p_login, p_verifier,
                       coalesce(p_valid_until, 'infinity'::timestamptz), grp);
    ELSE
        EXECUTE format('CREATE ROLE %I LOGIN IN ROLE %I, %I', p_login, grp, 'permit_' || p_auth);
    END IF;
    IF known THEN
        UPDATE staff SET login = p_login, auth = p_auth, password_set_at = NULL, active = true WHERE name = p_name;
    ELSE
        INSERT INTO staff (name, role, login, auth) VALUES (p_name, p_role, p_login, p_auth);
    END IF;
    RETURN p_login;
END $$;

CREATE FUNCTION permit_reset_password(p_login text, p_verifier text, p_valid_until timestamptz)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NOT permit_may_administer_staff() THEN
        RAISE EXCEPTION 'only a supervisor (or the operator) resets a password' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM staff WHERE login = p_login AND auth = 'password') THEN
        RAISE EXCEPTION 'no staff login % signs in with a password', p_login USING ERRCODE = 'no_data_found';
    END IF;
    IF p_verifier IS NULL OR p_verifier !~ '^SCRAM-SHA-256\$' THEN
        RAISE EXCEPTION 'the password must arrive as a SCRAM-SHA-256 verifier' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L VALID UNTIL %L', p_login, p_verifier, p_valid_until);
    UPDATE staff SET password_set_at = NULL, active = true WHERE login = p_login;
END $$;

CREATE FUNCTION permit_deactivate_staff(p_login text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NOT permit_may_administer_staff() THEN
        RAISE EXCEPTION 'only a supervisor (or the operator) deactivates staff' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM staff WHERE login = p_login) THEN
        RAISE EXCEPTION 'no staff member has the login %', p_login USING ERRCODE = 'no_data_found';
    END IF;
    EXECUTE format('ALTER ROLE %I NOLOGIN', p_login);
    UPDATE staff SET active = false WHERE login = p_login;
END $$;

-- A person replaces their one-time password with their own (their own login only).
CREATE FUNCTION permit_set_own_password(p_verifier text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM staff WHERE login = session_user AND auth = 'password' AND active) THEN
        RAISE EXCEPTION '% is not an active staff login that signs in with a password', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_verifier IS NULL OR p_verifier !~ '^SCRAM-SHA-256\$' THEN
        RAISE EXCEPTION 'the password must arrive as a SCRAM-SHA-256 verifier' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    EXECUTE format('ALTER ROLE %I PASSWORD %L VALID UNTIL %L', session_user, p_verifier, 'infinity');
    UPDATE staff SET password_set_at = now() WHERE login = session_user;
END $$;

GRANT EXECUTE ON FUNCTION permit_add_staff(text, text, text, text, text, timestamptz), permit_reset_password(text, text, timestamptz),
                          permit_deactivate_staff(text), permit_may_administer_staff()
    TO permit_supervisor;
GRANT EXECUTE ON FUNCTION permit_set_own_password(text) TO permit_clerk, permit_caseworker, permit_supervisor, permit_reader;
