-- PermitFlow 0008: the case list walks an index in the order it shows cases (newest change first), for each of
-- its filters, instead of sorting every matching case (measured with `permit bench --scale 1000000`).
--
-- 1. The default list (and --category) walks updated_at DESC, id and stops after --limit rows.
CREATE INDEX applications_recent ON applications (updated_at DESC, id);

-- 2. --state walks one state's cases in that order; it also serves every other look-up by state, so the old
--    (state, category) index goes (category is a filter on top).
DROP INDEX applications_by_state;
CREATE INDEX applications_by_state ON applications (state, updated_at DESC, id);

-- 3. --assigned-to walks one person's cases in that order.
DROP INDEX applications_by_assignee;
CREATE INDEX applications_by_assignee ON applications (assignee, updated_at DESC, id) WHERE assignee IS NOT NULL;

-- 4. --overdue: an open case whose earliest deadline has passed (least() skips a NULL deadline, so this is
--    "decision_due < today OR supplementation_due < today"). Overdue cases are few but cluster among the older open
--    ones, which a walk in list order would reach last: they are taken by this range, put in order, and only the
--    first --limit are read. The included columns make the range an index-only scan (PostgreSQL wants the columns of
--    the indexed expression too).
CREATE INDEX applications_overdue ON applications (least(decision_due, supplementation_due))
    INCLUDE (updated_at, id, decision_due, supplementation_due)
    WHERE state NOT IN ('draft', 'issued', 'rejected', 'withdrawn', 'lapsed');

-- 5. A change based on a row it expects (a case at the version read, a job under the claim's lease token) fails as a
--    statement when that row is gone, instead of reporting 0 rows: the writes of a job can then go in one flight
--    with their COMMIT, which a failure before it stops.
CREATE FUNCTION require_one_row(affected bigint, what text) RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
    IF affected <> 1 THEN
        RAISE EXCEPTION '%', what USING ERRCODE = 'no_data_found', DETAIL = format('%s rows matched, 1 expected', affected);
    END IF;
    RETURN affected;
END $$;
