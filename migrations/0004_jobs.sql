-- PermitFlow 0004: the job queue the worker drains.
-- A claimed job carries a lease (lease_expires_at, kept alive by heartbeats) and a fencing token
-- (lease_token, bumped on every claim): a completion whose token is no longer current is refused.

CREATE TABLE jobs (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind              text NOT NULL CHECK (kind ~ '^[a-z][a-z_]{1,40}$'),
    case_id           uuid REFERENCES applications (id),
    payload           jsonb NOT NULL DEFAULT '{}'::jsonb,
    due_at            timestamptz NOT NULL,
    state             text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'dead', 'cancelled')),
    attempts          integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts      integer NOT NULL DEFAULT 5 CHECK (max_attempts >= 1),
    lease_token       bigint NOT NULL DEFAULT 0,
    leased_by         text,
    lease_expires_at  timestamptz,
    last_error        text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    finished_at       timestamptz,
    CHECK ((state = 'running') = (lease_expires_at IS NOT NULL))
);
-- What a claim scans: due queued jobs, and running jobs whose lease ran out.
CREATE INDEX jobs_queued_due ON jobs (due_at) WHERE state = 'queued';
CREATE INDEX jobs_running_lease ON jobs (lease_expires_at) WHERE state = 'running';
CREATE INDEX jobs_by_case ON jobs (case_id) WHERE state IN ('queued', 'running');
CREATE INDEX jobs_dead ON jobs (id) WHERE state = 'dead';

-- Wake workers once per statement that queues jobs (PostgreSQL folds identical
-- notifications of one transaction into one, so a transaction wakes listeners once).
CREATE FUNCTION notify_jobs_queued() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('permit_jobs', '');
    RETURN NULL;
END $$;
CREATE TRIGGER jobs_queued_notify AFTER INSERT ON jobs
    FOR EACH STATEMENT EXECUTE FUNCTION notify_jobs_queued();

-- Sweep runs (daily expiry, void, reminders, registry checks): one row per kind and day, so a sweep
-- runs once per day however many workers there are.
CREATE TABLE sweep_runs (
    kind      text NOT NULL,
    run_on    date NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    affected  integer NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, run_on)
);
