// SPDX-License-Identifier: GPL-3.0-or-later
// TeamSchema: the bulk jobs of an enforced team store (docs/architecture.md, "Bulk jobs in an
// enforced store"). A job's rows are hashed by the server when it is submitted; the hash over all of
// them goes into the job's intent in the audit log, and every row is checked against it before it may
// be sent.
#include "TeamSchema.h"

namespace {
// The same placeholders as TeamSchema.cpp's functions (@ENTRY@, @DEFINER@, @RESERVED@).
const char kBulkFunctions[] = R"SQL(
-- One row as approved: its request and whether it was valid (an invalid row is never sent). Inlined
-- into its callers as identitydesk_field is (no SET clause, names qualified; STABLE because
-- convert_to is).
CREATE OR REPLACE FUNCTION identitydesk_bulk_row_hash(p_job bigint, p_line integer, p_provider text,
    p_action text, p_user_id text, p_params text, p_reason text, p_valid boolean) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(E'identitydesk-bulk-row-1\n'
      OPERATOR(pg_catalog.||) public.identitydesk_field('job', p_job::pg_catalog.text)
      OPERATOR(pg_catalog.||) public.identitydesk_field('line', p_line::pg_catalog.text)
      OPERATOR(pg_catalog.||) public.identitydesk_field('provider', p_provider)
      OPERATOR(pg_catalog.||) public.identitydesk_field('action', p_action)
      OPERATOR(pg_catalog.||) public.identitydesk_field('user_id', p_user_id)
      OPERATOR(pg_catalog.||) public.identitydesk_field('params', p_params)
      OPERATOR(pg_catalog.||) public.identitydesk_field('reason', p_reason)
      OPERATOR(pg_catalog.||) public.identitydesk_field('valid', CASE WHEN p_valid THEN '1' ELSE '0' END),
      'UTF8')), 'hex')
$$;

-- All rows of a job, in line order, by their stored row hashes.
CREATE OR REPLACE FUNCTION identitydesk_bulk_rows_hash(p_job bigint) RETURNS text
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
  SELECT encode(sha256(convert_to(E'identitydesk-bulk-rows-1\n'
      || coalesce(string_agg(identitydesk_field(line::text, row_hash), '' ORDER BY line), ''), 'UTF8')), 'hex')
    FROM bulk_job_rows WHERE job_id = p_job
$$;

-- Hashes every row of a job as it is now; returns the hash over all of them.
CREATE OR REPLACE FUNCTION identitydesk_seal_bulk_rows(p_job bigint) RETURNS text
LANGUAGE plpgsql @DEFINER@ AS $$
DECLARE
  v_hash text;
BEGIN
  UPDATE bulk_job_rows SET row_hash = identitydesk_bulk_row_hash(job_id, line, provider, action, user_id, params,
                                                                 reason, state <> 'invalid')
   WHERE job_id = p_job;
  v_hash := identitydesk_bulk_rows_hash(p_job);
  UPDATE bulk_jobs SET rows_hash = v_hash WHERE id = p_job;
  RETURN v_hash;
END $$;

-- The rows hash of a job's first intent (or, for a job made before bulk jobs were enforced, of the
-- entry admin init wrote when it sealed it): the append-only, chained audit log is the reference.
CREATE OR REPLACE FUNCTION identitydesk_verify_bulk_rows(p_job bigint) RETURNS void
LANGUAGE plpgsql @DEFINER@ AS $$
DECLARE
  v_intent text;
  v_stored text;
BEGIN
  SELECT request_summary::json->>'rows_hash' INTO v_intent FROM audit
   WHERE action_id = p_job AND event IN ('intent', 'bulk-job-sealed')
     AND request_summary::json->>'rows_hash' IS NOT NULL ORDER BY seq LIMIT 1;
  SELECT rows_hash INTO v_stored FROM bulk_jobs WHERE id = p_job;
  IF v_intent IS NULL OR v_stored IS DISTINCT FROM v_intent OR identitydesk_bulk_rows_hash(p_job) <> v_intent THEN
    RAISE EXCEPTION 'the rows of bulk job % are not the rows that were submitted (their hash does not match the job''s intent in the audit log): nothing of it is sent', p_job
      USING ERRCODE = 'data_exception';
  END IF;
END $$;

CREATE OR REPLACE FUNCTION identitydesk_bulk_job_action(p_job bigint) RETURNS actions
LANGUAGE plpgsql @DEFINER@ AS $$
DECLARE
  v_a actions%ROWTYPE;
BEGIN
  SELECT * INTO v_a FROM actions WHERE id = p_job AND provider = 'bulk';
  IF NOT FOUND OR NOT EXISTS (SELECT 1 FROM bulk_jobs WHERE id = p_job) THEN
    RAISE EXCEPTION 'there is no bulk job %', p_job USING ERRCODE = 'no_data_found';
  END IF;
  RETURN v_a;
END $$;

CREATE OR REPLACE FUNCTION identitydesk_free_event(p_event text) RETURNS void
LANGUAGE plpgsql @DEFINER@ AS $$
BEGIN
  IF coalesce(p_event, '') <> '' AND p_event = ANY (ARRAY[@RESERVED@]) THEN
    RAISE EXCEPTION 'the audit event "%" is written only by the function that makes the change', p_event
      USING ERRCODE = 'insufficient_privilege';
  END IF;
END $$;

-- A job and all its rows (a JSON array of objects: line, provider, action, user_id, params,
-- params_text, reason, problem, preview, valid). The job waits for a supervisor's approval; its
-- intent carries the number of rows and the hash over all of them, computed here.
CREATE OR REPLACE FUNCTION identitydesk_submit_bulk_job(p_file_name text, p_concurrency integer, p_params text,
    p_reason text, p_profile text, p_rows text, @ENTRY@)
RETURNS bigint LANGUAGE plpgsql @DEFINER@ AS $$
DECLARE
  v_role text := identitydesk_require(ARRAY['officer', 'supervisor'], 'submit bulk jobs');
  v_now text := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
  v_id bigint;
  v_total integer;
  v_invalid integer;
  v_hash text;
BEGIN
  IF coalesce(trim(p_reason), '') = '' OR coalesce(trim(p_file_name), '') = '' THEN
    RAISE EXCEPTION 'a bulk job needs a file name and a reason' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  PERFORM p_params::json;
  IF json_typeof(p_rows::json) <> 'array' THEN
    RAISE EXCEPTION 'the rows of a bulk job are a JSON array' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  INSERT INTO actions (provider, action, user_id, params, reason, job_id, initiator, initiator_role,
                       requires_approval, state, created_at, updated_at, sender, profile)
  VALUES ('bulk', 'job', p_file_name, p_params, trim(p_reason), NULL, session_user::text, v_role, true,
          'pending-approval', v_now, v_now, '', coalesce(p_profile, ''))
  RETURNING id INTO v_id;
  INSERT INTO bulk_jobs (id, file_name, run_state, concurrency, runner, total, invalid, updated_at, rows_hash)
  VALUES (v_id, p_file_name, 'waiting-for-approval', greatest(1, coalesce(p_concurrency, 1)), '', 0, 0, v_now, '');
  INSERT INTO bulk_job_rows (job_id, line, provider, action, user_id, params, params_text, reason, problem,
                             preview, state)
  SELECT v_id, (r->>'line')::integer, r->>'provider', r->>'action', r->>'user_id', r->>'params',
         r->>'params_text', r->>'reason', coalesce(r->>'problem', ''), coalesce(r->>'preview', ''),
         CASE WHEN (r->>'valid')::boolean THEN 'pending' ELSE 'invalid' END
    FROM json_array_elements(p_rows::json) r;
  SELECT count(*), count(*) FILTER (WHERE state = 'invalid') INTO v_total, v_invalid
    FROM bulk_job_rows WHERE job_id = v_id;
  UPDATE bulk_jobs SET total = v_total, invalid = v_invalid WHERE id = v_id;
  v_hash := identitydesk_seal_bulk_rows(v_id);
  PERFORM identitydesk_append(v_role, 'intent', a_action, a_provider, a_subjects, a_reason,
                              (a_summary::jsonb || jsonb_build_object('rows', v_total, 'rows_hash', v_hash))::text,
                              a_before, a_after, 'pending-approval', v_id);
  RETURN v_id;
END $$;

-- Run state changes (paused, resumed, finished, cancelled), with their entry when p_event is given.
-- False when the job has ended already (nothing written).
CREATE OR REPLACE FUNCTION identitydesk_set_bulk_run_state(p_id bigint, p_state text, p_runner text,
    p_event text, @ENTRY@)
RETURNS boolean LANGUAGE plpgsql @DEFINER@ AS $$
DECLARE
  v_role text := identitydesk_require(ARRAY['officer', 'supervisor'], 'run bulk jobs');
  v_a actions%ROWTYPE;
BEGIN
  PERFORM pg_advisory_xact_lock(5279436245868823636);
  v_a := identitydesk_bulk_job_action(p_id);
  PERFORM identitydesk_free_event(p_event);
  IF p_state IS NULL OR p_state NOT IN ('running', 'paused', 'finished', 'cancelled') THEN
    RAISE EXCEPTION 'a bulk job cannot be put in the state "%"', p_state USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF p_state <> 'cancelled' AND v_a.state <> 'approved' THEN
    RAISE EXCEPTION 'bulk job % is not approved (it is %)', p_id, v_a.state USING ERRCODE = 'insufficient_privilege';
  END IF;
  UPDATE bulk_jobs SET run_state = p_state, runner = coalesce(p_runner, ''),
         updated_at = to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
   WHERE id = p_id AND run_state NOT IN ('finished', 'cancelled', 'rejected');
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  IF coalesce(p_event, '') <> '' THEN
    PERFORM identitydesk_append(v_role, p_event, a_action, a_provider, a_subjects, a_reason, a_summary, a_before,
                                a_after, a_outcome, p_id);
  END IF;
  RETURN true;
END $$;

-- Starting (or taking over) an approved job: only if nobody claimed it since it was read, and only
-- while its rows still hash to its intent's.
CREATE OR REPLACE FUNCTION identitydesk_claim_bulk_job(p_id bigint, p_expected_state text, p_expected_runner text,
    p_runner text, p_event text, @ENTRY@)
RETURNS boolean LANGUAGE plpgsql @DEFINER@ AS $$
DECLARE
  v_role text := identitydesk_require(ARRAY['officer', 'supervisor'], 'run bulk jobs');
  v_a actions%ROWTYPE;
BEGIN
  PERFORM pg_advisory_xact_lock(5279436245868823636);
  v_a := identitydesk_bulk_job_action(p_id);
  PERFORM identitydesk_free_event(p_event);
  IF v_a.state <> 'approved' THEN
    RAISE EXCEPTION 'bulk job % is not approved (it is %)', p_id, v_a.state USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM identitydesk_verify_bulk_rows(p_id);
  UPDATE bulk_jobs SET run_state = 'running', runner = coalesce(p_runner, ''),
         updated_at = to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
   WHERE id = p_id AND run_state = p_expected_state AND coalesce(runner, '') = coalesce(p_expected_runner, '');
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  IF coalesce(p_event, '') <> '' THEN
    PERFORM identitydesk_append(v_role, p_event, a_action, a_provider, a_subjects, a_reason, a_summary, a_before,
                                a_after, a_outcome, p_id);
  END IF;
  RETURN true;
END $$;

CREATE OR REPLACE FUNCTION identitydesk_renew_bulk_runner(p_id bigint, p_runner text) RETURNS boolean
LANGUAGE plpgsql @DEFINER@ AS $$
BEGIN
  PERFORM identitydesk_require(ARRAY['officer', 'supervisor'], 'run bulk jobs');
  UPDATE bulk_jobs SET updated_at = to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
   WHERE id = p_id AND runner = p_runner AND run_state IN ('running', 'paused');
  RETURN FOUND;
END $$;

-- Cancels the rows still pending and the job; the entry lists the lines this call cancelled.
CREATE OR REPLACE FUNCTION identitydesk_cancel_bulk_rows(p_id bigint, @ENTRY@) RETURNS integer
LANGUAGE plpgsql @DEFINER@ AS $$
DECLARE
  v_role text := identitydesk_require(ARRAY['officer', 'supervisor'], 'cancel bulk jobs');
  v_a actions%ROWTYPE;
  v_count integer;
  v_lines jsonb;
BEGIN
  PERFORM pg_advisory_xact_lock(5279436245868823636);
  v_a := identitydesk_bulk_job_action(p_id);
  WITH c AS (UPDATE bulk_job_rows SET state = 'cancelled' WHERE job_id = p_id AND state = 'pending' RETURNING line)
  SELECT count(*), coalesce(jsonb_agg(line ORDER BY line), '[]'::jsonb) INTO v_count, v_lines FROM c;
  PERFORM identitydesk_append(v_role, 'rows-cancelled', a_action, a_provider, a_subjects, a_reason,
                              (a_summary::jsonb || jsonb_build_object('cancelled_rows', v_count,
                                                                      'cancelled_lines', v_lines))::text,
                              a_before, a_after, a_outcome, p_id);
  UPDATE bulk_jobs SET run_state = 'cancelled',
         updated_at = to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
   WHERE id = p_id AND run_state NOT IN ('finished', 'rejected');
  RETURN v_count;
END $$;

-- Claims one pending row of an approved job for sending: its action (initiator and approver the
-- job's), its intent entry, the row linked to it. The request given must be the row's (its params
-- may add "after_unknown"), and the row must still hash to what was submitted; a row that does not is
-- refused (-1: marked invalid, the refusal audited) and never sent. 0: the row is no longer pending.
CREATE OR REPLACE FUNCTION identitydesk_claim_bulk_row(p_job bigint, p_line integer, p_provider text,
    p_action text, p_user_id text, p_params text, p_reason text, p_sender text, p_decision_reason text, @ENTRY@)
RETURNS bigint LANGUAGE plpgsql @DEFINER@ AS $$
BEGIN
  RETURN identitydesk_claim_bulk_row_as(
      identitydesk_require(ARRAY['officer', 'supervisor'], 'send the rows of bulk jobs'), p_job, p_line, p_provider,
      p_action, p_user_id, p_params, p_reason, p_sender, p_decision_reason, @ENTRY_VALUES@);
END $$;

-- Internal (no group may call it): identitydesk_claim_bulk_row for a caller whose role p_role
-- identitydesk_require found, there or in identitydesk_record_bulk_batch.
CREATE OR REPLACE FUNCTION identitydesk_claim_bulk_row_as(p_role text, p_job bigint, p_line integer,
    p_provider text, p_action text, p_user_id text, p_params text, p_reason text, p_sender text,
    p_decision_reason text, @ENTRY@)
RETURNS bigint LANGUAGE plpgsql @DEFINER@ AS $$
DECLARE
  v_role text := p_role;
  v_job actions%ROWTYPE;
  v_row bulk_job_rows%ROWTYPE;
  v_id bigint;
  v_now text := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
BEGIN
  PERFORM pg_advisory_xact_lock(5279436245868823636);
  v_job := identitydesk_bulk_job_action(p_job);
  IF v_job.state <> 'approved' THEN
    RAISE EXCEPTION 'bulk job % is not approved (it is %), so its rows cannot be sent', p_job, v_job.state
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT * INTO v_row FROM bulk_job_rows WHERE job_id = p_job AND line = p_line FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'bulk job % has no line %', p_job, p_line USING ERRCODE = 'no_data_found';
  END IF;
  IF v_row.state <> 'pending' THEN
    RETURN 0;
  END IF;
  IF v_row.row_hash = '' OR v_row.row_hash <> identitydesk_bulk_row_hash(p_job, p_line, v_row.provider, v_row.action,
                                  v_row.user_id, v_row.params, v_row.reason, true) THEN
    UPDATE bulk_job_rows SET state = 'invalid',
           problem = 'changed after it was submitted: its hash no longer matches the job''s intent; not sent'
     WHERE job_id = p_job AND line = p_line;
    PERFORM identitydesk_append(v_role, 'bulk-row-refused', 'bulk', 'bulk', a_subjects, a_reason,
                                json_build_object('bulk_job', p_job, 'bulk_line', p_line, 'row_hash', v_row.row_hash)::text,
                                '{}', '{}', 'refused', p_job);
    RETURN -1;
  END IF;
  IF p_provider IS DISTINCT FROM v_row.provider OR p_action IS DISTINCT FROM v_row.action
     OR p_user_id IS DISTINCT FROM trim(v_row.user_id) OR p_reason IS DISTINCT FROM trim(v_row.reason)
     OR (p_params::jsonb - 'after_unknown') IS DISTINCT FROM v_row.params::jsonb THEN
    RAISE EXCEPTION 'the request given for line % of bulk job % is not the row that was approved', p_line, p_job
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  UPDATE bulk_job_rows SET state = 'submitted' WHERE job_id = p_job AND line = p_line;
  INSERT INTO actions (provider, action, user_id, params, reason, job_id, initiator, initiator_role,
                       requires_approval, state, created_at, updated_at, decided_by, decision_reason, sender, profile)
  VALUES (v_row.provider, v_row.action, p_user_id, p_params, p_reason, p_job::text, v_job.initiator,
          v_job.initiator_role, true, 'sending', v_now, v_now, v_job.decided_by, coalesce(p_decision_reason, ''),
          coalesce(p_sender, ''), v_job.profile)
  RETURNING id INTO v_id;
  UPDATE bulk_job_rows SET action_id = v_id WHERE job_id = p_job AND line = p_line;
  PERFORM identitydesk_append(v_role, 'intent', a_action, a_provider, a_subjects, a_reason, a_summary, a_before,
                              a_after, 'sending', v_id);
  RETURN v_id;
END $$;

-- A row whose request provably changed nothing (its action failed without being processed) is
-- pending again, for a resume to send it.
CREATE OR REPLACE FUNCTION identitydesk_release_bulk_row(p_action_id bigint) RETURNS boolean
LANGUAGE plpgsql @DEFINER@ AS $$
BEGIN
  PERFORM identitydesk_require(ARRAY['officer', 'supervisor'], 'run bulk jobs');
  RETURN identitydesk_release_bulk_row_as(p_action_id);
END $$;

-- Internal: identitydesk_release_bulk_row once the caller's role is checked.
CREATE OR REPLACE FUNCTION identitydesk_release_bulk_row_as(p_action_id bigint) RETURNS boolean
LANGUAGE plpgsql @DEFINER@ AS $$
BEGIN
  UPDATE bulk_job_rows SET state = 'pending', action_id = NULL
   WHERE action_id = p_action_id AND state = 'submitted'
     AND EXISTS (SELECT 1 FROM actions WHERE id = p_action_id AND state = 'failed');
  RETURN FOUND;
END $$;

-- One turn of a job's runner in one call, so one round trip and one commit: the outcomes of the rows
-- that answered, each exactly as identitydesk_transition_action records it (and, when "release" is
-- true and it applied, released as identitydesk_release_bulk_row does), then the rows to send next,
-- each claimed exactly as identitydesk_claim_bulk_row does: the same checks, the same entries with the
-- server's hashes, in the order given. p_outcomes and p_claims are JSON arrays of objects whose members
-- are those functions' arguments without the "p_", and "entry": the entry's (without the "a_"), each
-- a JSON string holding the text to store. Returns {"applied": [boolean…], "ids": [bigint…]}, one for
-- each outcome and each claim. Any error undoes the whole turn.
CREATE OR REPLACE FUNCTION identitydesk_record_bulk_batch(p_outcomes text, p_claims text) RETURNS text
LANGUAGE plpgsql @DEFINER@ AS $$
DECLARE
  v_role text := identitydesk_require(ARRAY['officer', 'supervisor'], 'run bulk jobs');
  o jsonb;
  e jsonb;
  v_ok boolean;
  v_applied jsonb := '[]';
  v_ids jsonb := '[]';
BEGIN
  PERFORM pg_advisory_xact_lock(5279436245868823636);
  IF jsonb_typeof(p_outcomes::jsonb) IS DISTINCT FROM 'array' OR jsonb_typeof(p_claims::jsonb) IS DISTINCT FROM 'array' THEN
    RAISE EXCEPTION 'the outcomes and the claims of a batch are JSON arrays' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  FOR o IN SELECT value FROM jsonb_array_elements(p_outcomes::jsonb) LOOP
    e := o->'entry';
    v_ok := identitydesk_transition_as(v_role, (o->>'id')::bigint, o->>'expected', o->>'state',
        o->>'decision_reason', (o->>'http_status')::integer, o->>'provider_code', o->>'outcome_message',
        o->>'sender', o->>'event', e->>'action', e->>'provider', e->>'subjects', e->>'reason', e->>'summary',
        e->>'before', e->>'after', e->>'outcome');
    IF v_ok AND coalesce((o->>'release')::boolean, false) THEN
      PERFORM identitydesk_release_bulk_row_as((o->>'id')::bigint);
    END IF;
    v_applied := v_applied || to_jsonb(v_ok);
  END LOOP;
  FOR o IN SELECT value FROM jsonb_array_elements(p_claims::jsonb) LOOP
    e := o->'entry';
    v_ids := v_ids || to_jsonb(identitydesk_claim_bulk_row_as(v_role, (o->>'job')::bigint, (o->>'line')::integer,
        o->>'provider', o->>'action', o->>'user_id', o->>'params', o->>'reason', o->>'sender',
        o->>'decision_reason', e->>'action', e->>'provider', e->>'subjects', e->>'reason', e->>'summary',
        e->>'before', e->>'after', e->>'outcome'));
  END LOOP;
  RETURN jsonb_build_object('applied', v_applied, 'ids', v_ids)::text;
END $$;
)SQL";
} // namespace

QString TeamSchema::bulkFunctions()
{
    return QString::fromLatin1(kBulkFunctions);
}

QStringList TeamSchema::bulkColumns()
{
    return {
        QStringLiteral(
            "ALTER TABLE bulk_job_rows ADD COLUMN IF NOT EXISTS row_hash TEXT NOT NULL DEFAULT ''"),
        QStringLiteral("ALTER TABLE bulk_jobs ADD COLUMN IF NOT EXISTS rows_hash TEXT NOT NULL DEFAULT ''")};
}

QString TeamSchema::sealExistingBulkJobs()
{
    // Jobs made before their rows were hashed (a shared-credential store, or team mode 1): hashed as
    // they are now, by the owner, with an entry that names the hash.
    return QStringLiteral(
        "DO $$ DECLARE j record; v_hash text; BEGIN "
        "FOR j IN SELECT id, total FROM bulk_jobs WHERE rows_hash = '' ORDER BY id LOOP "
        "v_hash := identitydesk_seal_bulk_rows(j.id); "
        "PERFORM identitydesk_append('administrator', 'bulk-job-sealed', 'bulk', 'bulk', '[]', "
        "'admin init: the rows of an earlier bulk job hashed as they are', "
        "json_build_object('bulk_job', j.id, 'rows', j.total, 'rows_hash', v_hash)::text, '{}', '{}', "
        "'applied', j.id); "
        "END LOOP; END $$");
}
