-- PermitFlow 0002: staff, employers, applicants, their travel documents, and the registries screening looks up.

CREATE TABLE staff (
    name        text PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 100 AND name !~ '[[:cntrl:]]'),
    role        text NOT NULL CHECK (role IN ('clerk', 'caseworker', 'supervisor', 'system')),
    active      boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now()
);
-- The worker acts as this named actor in every history row it writes.
INSERT INTO staff (name, role) VALUES ('system', 'system');

CREATE TABLE employers (
    credit_code    text PRIMARY KEY CHECK (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    city           text NOT NULL REFERENCES cities (key),
    in_hetao_park  boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE applicants (
    id             uuid PRIMARY KEY,
    national_id    text NOT NULL UNIQUE CHECK (national_id ~ '^[0-9]{17}[0-9X]$'),
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    birth_date     date NOT NULL,
    work_city      text NOT NULL REFERENCES cities (key),
    employer_code  text NOT NULL REFERENCES employers (credit_code),
    created_at     timestamptz NOT NULL DEFAULT now()
);

-- Exit-Entry Permits (EEPs). An applicant's current EEP is the one recorded last.
CREATE TABLE travel_documents (
    number        text PRIMARY KEY CHECK (number ~ '^[A-Z0-9]{6,12}$'),
    applicant_id  uuid NOT NULL REFERENCES applicants (id),
    expires_on    date NOT NULL,
    -- set when the EEP ends before its expiry (lost, replaced): its endorsements become void
    cancelled_on  date,
    recorded_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX travel_documents_by_applicant ON travel_documents (applicant_id, recorded_at DESC);

-- Hetao Shenzhen Park registrations, filed by the employer with the park's management.
CREATE TABLE hetao_registrations (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    applicant_id   uuid NOT NULL REFERENCES applicants (id),
    employer_code  text NOT NULL REFERENCES employers (credit_code),
    status         text NOT NULL CHECK (status IN ('active', 'cancelled')),
    registered_on  date NOT NULL,
    cancelled_on   date,
    CHECK ((status = 'cancelled') = (cancelled_on IS NOT NULL)),
    CHECK (cancelled_on IS NULL OR cancelled_on >= registered_on)
);
CREATE UNIQUE INDEX hetao_registrations_one_active
    ON hetao_registrations (applicant_id, employer_code) WHERE status = 'active';

-- Official reference lists: talent recommendation lists, arbitrator and mediator lists.
CREATE TABLE list_entries (
    list          text NOT NULL CHECK (list IN ('outstanding', 'arbitrators', 'mediators')),
    applicant_id  uuid NOT NULL REFERENCES applicants (id),
    added_on      date NOT NULL,
    PRIMARY KEY (list, applicant_id)
);
