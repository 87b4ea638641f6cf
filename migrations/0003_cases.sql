-- PermitFlow 0003: applications (cases), their documents, their append-only history, and endorsements.
-- The application's full PermitCore value is kept in `snapshot`; the columns beside it are what
-- queries, constraints and people need. Only PermitStore's CaseRepository writes these tables.

CREATE TABLE applications (
    id                 uuid PRIMARY KEY,
    applicant_id       uuid NOT NULL REFERENCES applicants (id),
    category           text NOT NULL CHECK (category IN
                         ('outstanding', 'research', 'education', 'health', 'legal', 'other', 'hetao_park')),
    destinations       text[] NOT NULL CHECK (cardinality(destinations) BETWEEN 1 AND 2
                         AND destinations <@ ARRAY['HK', 'MO']::text[]),
    office             text NOT NULL REFERENCES cities (key),
    new_eep_requested  boolean NOT NULL DEFAULT false,
    -- The EEP the applicant held when the case was opened; a new EEP recorded later is looked up by time.
    eep_number         text NOT NULL REFERENCES travel_documents (number),
    renews_endorsement text,
    state              text NOT NULL CHECK (state IN ('draft', 'submitted', 'screening', 'awaiting_documents',
                         'accepted', 'under_review', 'escalated', 'approved', 'issued', 'rejected', 'withdrawn', 'lapsed')),
    -- Number of history rows written for this case; the optimistic-concurrency token.
    version            integer NOT NULL CHECK (version >= 1),
    workflow_version   text NOT NULL,
    policy_version     text REFERENCES policy_versions (version),
    assignee           text REFERENCES staff (name),
    prepared_by        text REFERENCES staff (name),
    -- everyone who submitted the case or received its documents: none of them may approve it
    preparers          text[] NOT NULL DEFAULT '{}',
    reviewed_by        text REFERENCES staff (name),
    approved_by        text REFERENCES staff (name),
    submitted_on       date,
    accepted_on        date,
    decided_on         date,
    decision_due       date,
    supplementation_due date,
    reason_code        text,
    snapshot           jsonb NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CHECK (state NOT IN ('rejected') OR reason_code IS NOT NULL),
    CHECK (state = 'draft' OR policy_version IS NOT NULL),
    -- four-eyes: the approver neither prepared nor reviewed the case
    CHECK (approved_by IS NULL OR (approved_by IS DISTINCT FROM prepared_by AND approved_by IS DISTINCT FROM reviewed_by
                                   AND approved_by <> ALL (preparers)))
);
CREATE INDEX applications_by_state ON applications (state, category);
CREATE INDEX applications_by_applicant ON applications (applicant_id);
CREATE INDEX applications_by_assignee ON applications (assignee) WHERE assignee IS NOT NULL;
CREATE INDEX applications_open_by_due ON applications (decision_due)
    WHERE state IN ('accepted', 'under_review', 'escalated');

CREATE TABLE case_documents (
    case_id      uuid NOT NULL REFERENCES applications (id),
    kind         text NOT NULL CHECK (kind ~ '^[a-z][a-z-]{1,40}$'),
    received_at  timestamptz NOT NULL DEFAULT now(),
    received_by  text NOT NULL REFERENCES staff (name),
    PRIMARY KEY (case_id, kind)
);

-- The audit trail: one row per change of a case, never updated or deleted.
CREATE TABLE case_transitions (
    case_id      uuid NOT NULL REFERENCES applications (id),
    seq          integer NOT NULL CHECK (seq >= 1),
    from_state   text,
    to_state     text NOT NULL,
    event        text NOT NULL,
    actor        text NOT NULL REFERENCES staff (name),
    reason_code  text,
    note         text CHECK (length(note) <= 2000),
    metadata     jsonb NOT NULL DEFAULT '{}'::jsonb,
    at           timestamptz NOT NULL,
    PRIMARY KEY (case_id, seq),
    CHECK (event NOT IN ('reject') OR reason_code IS NOT NULL),
    CHECK ((seq = 1) = (from_state IS NULL))
);

CREATE FUNCTION refuse_history_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'history is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER case_transitions_append_only BEFORE UPDATE OR DELETE ON case_transitions
    FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
CREATE TRIGGER case_transitions_no_truncate BEFORE TRUNCATE ON case_transitions
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite();

-- Four-eyes at the database door: an approval by the person who prepared or reviewed the case is refused.
CREATE FUNCTION check_four_eyes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    app applications%ROWTYPE;
BEGIN
    IF NEW.event = 'approve' THEN
        SELECT * INTO app FROM applications WHERE id = NEW.case_id;
        IF NEW.actor = app.prepared_by OR NEW.actor = app.reviewed_by OR NEW.actor = ANY (app.preparers) THEN
            RAISE EXCEPTION 'four-eyes: % prepared or reviewed case % and may not approve it', NEW.actor, NEW.case_id
                USING ERRCODE = 'check_violation', CONSTRAINT = 'four_eyes';
        END IF;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER case_transitions_four_eyes BEFORE INSERT ON case_transitions
    FOR EACH ROW EXECUTE FUNCTION check_four_eyes();

-- Every change of a case writes exactly one history row in the same transaction:
-- at commit, the case's version must equal its last history row, which must end in its state.
CREATE FUNCTION check_history_written() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    last_seq integer;
    last_state text;
BEGIN
    SELECT seq, to_state INTO last_seq, last_state FROM case_transitions
     WHERE case_id = NEW.id ORDER BY seq DESC LIMIT 1;
    IF last_seq IS DISTINCT FROM NEW.version OR last_state IS DISTINCT FROM NEW.state THEN
        RAISE EXCEPTION 'case % changed without its history row (version %, last history row %)', NEW.id, NEW.version, last_seq
            USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'history_written';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER applications_history_written AFTER INSERT OR UPDATE ON applications
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION check_history_written();

CREATE SEQUENCE endorsement_numbers;

CREATE TABLE endorsements (
    number          text PRIMARY KEY,
    case_id         uuid NOT NULL REFERENCES applications (id),
    applicant_id    uuid NOT NULL REFERENCES applicants (id),
    destination     text NOT NULL CHECK (destination IN ('HK', 'MO')),
    category        text NOT NULL,
    valid_from      date NOT NULL,
    valid_until     date NOT NULL,
    validity_years  integer NOT NULL CHECK (validity_years BETWEEN 1 AND 5),
    max_stay_days   integer NOT NULL CHECK (max_stay_days BETWEEN 1 AND 366),
    fee_cny         integer NOT NULL CHECK (fee_cny >= 0),
    policy_version  text NOT NULL REFERENCES policy_versions (version),
    eep_number      text NOT NULL REFERENCES travel_documents (number),
    eep_expires_on  date NOT NULL,
    status          text NOT NULL CHECK (status IN ('active', 'expired', 'void', 'revoked', 'superseded')),
    reason_code     text,
    issued_at       timestamptz NOT NULL,
    status_changed_at timestamptz,
    superseded_by   text REFERENCES endorsements (number) DEFERRABLE INITIALLY DEFERRED,
    -- renewal reminder: due this day (valid_until less the pinned policy's lead), sent on that day
    reminder_due_on  date NOT NULL,
    reminder_sent_on date,
    UNIQUE (case_id, destination),
    CHECK (valid_until >= valid_from),
    -- invariant 1: never past the EEP; invariant 2: never longer than the category's validity
    CHECK (valid_until <= eep_expires_on),
    CHECK (valid_until < (valid_from + make_interval(years => validity_years))::date),
    -- invariant 5: a revocation carries its reason code
    CHECK (status <> 'revoked' OR reason_code IS NOT NULL)
);
-- invariant 3: at most one active endorsement per applicant and destination
CREATE UNIQUE INDEX endorsements_one_active ON endorsements (applicant_id, destination) WHERE status = 'active';
CREATE INDEX endorsements_active_until ON endorsements (valid_until) WHERE status = 'active';
CREATE INDEX endorsements_reminder_due ON endorsements (reminder_due_on) WHERE status = 'active' AND reminder_sent_on IS NULL;
CREATE INDEX endorsements_by_applicant ON endorsements (applicant_id);
CREATE INDEX endorsements_by_eep ON endorsements (eep_number) WHERE status = 'active';

-- The endorsement's own history: issue and every status change, append-only.
CREATE TABLE endorsement_events (
    number       text NOT NULL REFERENCES endorsements (number),
    seq          integer NOT NULL CHECK (seq >= 1),
    from_status  text,
    to_status    text NOT NULL,
    actor        text NOT NULL REFERENCES staff (name),
    reason_code  text,
    note         text,
    at           timestamptz NOT NULL,
    PRIMARY KEY (number, seq),
    CHECK (to_status <> 'revoked' OR reason_code IS NOT NULL)
);
CREATE TRIGGER endorsement_events_append_only BEFORE UPDATE OR DELETE ON endorsement_events
    FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();

-- A supervisor's review of an active endorsement whose ground fell away (a Hetao registration cancelled):
-- the supervisor revokes the endorsement or keeps it.
CREATE TABLE revocation_reviews (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number          text NOT NULL REFERENCES endorsements (number),
    reason_code     text NOT NULL,
    opened_at       timestamptz NOT NULL,
    outcome         text CHECK (outcome IN ('revoked', 'kept')),
    decided_by      text REFERENCES staff (name),
    decided_at      timestamptz,
    CHECK ((outcome IS NULL) = (decided_at IS NULL))
);
CREATE UNIQUE INDEX revocation_reviews_one_open ON revocation_reviews (number) WHERE outcome IS NULL;
