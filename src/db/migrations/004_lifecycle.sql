-- The complaint lifecycle (DESIGN 1, 3.4): event date and eligibility, the answer deadline,
-- interim updates, the decision, reopening.
ALTER TABLE cases
  ADD COLUMN event_date date,                 -- the decision or event at the origin of a complaint
  ADD COLUMN event_date_source text CHECK (event_date_source IN ('form', 'text', 'agent')),
  ADD COLUMN out_of_time boolean NOT NULL DEFAULT false,  -- complained more than the window after the event
  ADD COLUMN deadline_at timestamptz,         -- receipt + the answer deadline
  ADD COLUMN interim_updates integer NOT NULL DEFAULT 0,
  ADD COLUMN next_update_at timestamptz,      -- when the next interim update is due (complaints not decided)
  ADD COLUMN outcome text CHECK (outcome IN ('confirmed', 'cancelled', 'clarification', 'solution', 'provisional')),
  ADD COLUMN reasons text,
  ADD COLUMN decided_at timestamptz,
  ADD COLUMN follows_case_id bigint REFERENCES cases (id);  -- a new case opened for a customer writing long after closure

CREATE INDEX cases_updates_due ON cases (next_update_at) WHERE status <> 'closed' AND next_update_at IS NOT NULL;
