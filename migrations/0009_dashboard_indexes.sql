-- PermitFlow 0009: indexes for the questions the dashboard (permit serve) asks on every page load.
-- Decision times: the cases decided in the last 30 and 90 days.
CREATE INDEX applications_decided_on ON applications (decided_on) WHERE decided_on IS NOT NULL;
-- Deadlines near and past: open cases (every state a case is open in) by decision deadline.
CREATE INDEX applications_open_decision_due ON applications (decision_due)
    WHERE state NOT IN ('draft', 'issued', 'rejected', 'withdrawn', 'lapsed');
