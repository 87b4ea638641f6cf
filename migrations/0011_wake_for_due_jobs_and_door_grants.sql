-- PermitFlow 0011: two changes that were first written into 0008 after it had landed, moved here.

-- 1. Enqueueing wakes the workers only when a job it queued is due now (or within seconds: clocks differ a
--    little): a job due in 30 days woke every worker for nothing, and a NOTIFY serialises the commits that carry
--    one (PostgreSQL takes a database-wide lock for it until the commit is flushed), so two lanes screening
--    cases, each queueing a lapse check a month ahead, committed one after the other. Jobs due later are found
--    by the workers' poll, as before.
CREATE OR REPLACE FUNCTION notify_jobs_queued() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM queued_now WHERE due_at <= clock_timestamp() + interval '5 seconds') THEN
        PERFORM pg_notify('permit_jobs', '');
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER jobs_queued_notify ON jobs;
CREATE TRIGGER jobs_queued_notify AFTER INSERT ON jobs REFERENCING NEW TABLE AS queued_now
    FOR EACH STATEMENT EXECUTE FUNCTION notify_jobs_queued();

-- 2. Every role that changes cases or jobs calls 0008's require_one_row (functions are not granted to PUBLIC
--    since 0006).
GRANT EXECUTE ON FUNCTION require_one_row(bigint, text) TO permit_worker, permit_clerk, permit_caseworker, permit_supervisor;
