-- PermitFlow 0001: reference data that policy and deadlines are computed from.
-- Policy versions are loaded from seeds/policy.json by `permit seed`; a version, once loaded, never changes.

CREATE TABLE policy_versions (
    version         text PRIMARY KEY CHECK (version ~ '^[A-Za-z0-9._@-]{1,64}$'),
    effective_from  date NOT NULL UNIQUE,
    document        jsonb NOT NULL,
    loaded_at       timestamptz NOT NULL DEFAULT now()
);

-- Once loaded, a policy version is immutable: cases pin it (DOMAIN.md invariant 6).
CREATE FUNCTION refuse_policy_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'policy version % is immutable; add a new version instead', OLD.version
        USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER policy_versions_immutable BEFORE UPDATE OR DELETE ON policy_versions
    FOR EACH ROW EXECUTE FUNCTION refuse_policy_change();

-- Known cities (work places and offices), from the policy file.
CREATE TABLE cities (
    key      text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_]{1,40}$'),
    name_en  text NOT NULL,
    name_zh  text NOT NULL DEFAULT ''
);

-- The working-day calendar: one row per day the State Council's notices mention
-- (public holidays and make-up working days). Days absent from the table follow the weekday rule.
CREATE TABLE calendar_days (
    day             date PRIMARY KEY,
    is_working_day  boolean NOT NULL,
    note            text NOT NULL DEFAULT ''
);

-- The years whose official calendar is loaded (deadlines reaching past them are provisional).
CREATE TABLE calendar_years (
    year        integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
    source      text NOT NULL DEFAULT '',
    document    jsonb NOT NULL,
    loaded_at   timestamptz NOT NULL DEFAULT now()
);
