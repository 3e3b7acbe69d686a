// SPDX-License-Identifier: GPL-3.0-or-later
#include "TeamSchema.h"

#include <QCryptographicHash>
#include <QRegularExpression>

namespace {
// The audit entry every function appends, after its own arguments: the entry's action key, provider,
// subject ids (JSON array), reason, request summary, before and after (JSON objects) and outcome. The
// operator, role, time, seq and hashes are the server's.
const char kEntryArgs[] = "a_action text, a_provider text, a_subjects text, a_reason text, a_summary text, "
                          "a_before text, a_after text, a_outcome text";
const char kEntryTypes[] = "text, text, text, text, text, text, text, text";
// @ENTRY_VALUES@: the same arguments passed on to another function.
const char kEntryValues[] =
    "a_action, a_provider, a_subjects, a_reason, a_summary, a_before, a_after, a_outcome";

// Every function runs as the owner with a fixed search_path (pg_temp last, so that nobody's
// temporary table can stand in for ours).
const char kDefiner[] = "SECURITY DEFINER SET search_path = public, pg_temp";

// @OFFICER@, @SUPERVISOR@, @AUDITOR@: the group roles; @ENTRY@: kEntryArgs; @DEFINER@: kDefiner.
const char kFunctions[] = R"SQL(
-- One field of a hashed text, name:length:value\n. Inlined by the planner into the expression that
-- calls it (hashing an entry is 14 of these, a bulk row 8): a SQL function with a SET clause is never
-- inlined, and one call of it cost more than the rest of an entry's hash. So no SET here, every
-- name qualified, and only immutable parts (text || text, not text || integer, which is stable).
CREATE OR REPLACE FUNCTION identitydesk_field(p_name text, p_value text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT p_name OPERATOR(pg_catalog.||) ':' OPERATOR(pg_catalog.||)
         pg_catalog.octet_length(coalesce(p_value, ''))::pg_catalog.text OPERATOR(pg_catalog.||) ':'
         OPERATOR(pg_catalog.||) coalesce(p_value, '') OPERATOR(pg_catalog.||) E'\n'
$$;

-- PL/pgSQL, whose plans are kept for the session: a SQL function that cannot be inlined (this one runs
-- as the owner) is planned again in every transaction that calls it.
CREATE OR REPLACE FUNCTION identitydesk_caller_role() RETURNS text
LANGUAGE plpgsql STABLE @DEFINER@ AS $$
BEGIN
  RETURN CASE WHEN NOT EXISTS (SELECT 1 FROM operators WHERE name = session_user AND active) THEN NULL
              WHEN pg_has_role(session_user, '@SUPERVISOR@', 'MEMBER') THEN 'supervisor'
              WHEN pg_has_role(session_user, '@OFFICER@', 'MEMBER') THEN 'officer'
              WHEN pg_has_role(session_user, '@AUDITOR@', 'MEMBER') THEN 'auditor' END;
END $$;

CREATE OR REPLACE FUNCTION identitydesk_whoami() RETURNS text
LANGUAGE sql STABLE @DEFINER@ AS $$ SELECT identitydesk_caller_role() $$;

-- Appends one entry and computes its hash exactly as AuditEntry::storedBytes() and computeHash() do
-- (hash format 2): sha256(prev_hash || "identitydesk-audit-entry-2\n" || name:length:value\n ...).
CREATE OR REPLACE FUNCTION identitydesk_append(p_role text, p_event text, @ENTRY@, p_action_id bigint)
RETURNS bigint LANGUAGE plpgsql @DEFINER@ AS $$
DECLARE
  v_seq bigint;
  v_prev text;
  v_time text;
  v_hash text;
BEGIN
  -- The lock every IdentityDesk writer takes (SqlDialect): one chain, never forked.
  PERFORM pg_advisory_xact_lock(5279436245868823636);
  PERFORM a_subjects::json, a_summary::json, a_before::json, a_after::json;
  IF json_typeof(a_subjects::json) <> 'array' OR json_typeof(a_summary::json) <> 'object'
     OR json_typeof(a_before::json) <> 'object' OR json_typeof(a_after::json) <> 'object' THEN
    RAISE EXCEPTION 'an audit entry needs a JSON array of subject ids and JSON objects for the summary, before and after'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT seq, hash INTO v_seq, v_prev FROM audit ORDER BY seq DESC LIMIT 1;
  IF NOT FOUND THEN
    v_seq := 0;
    v_prev := repeat('0', 64);
  END IF;
  v_seq := v_seq + 1;
  v_time := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
  v_hash := encode(sha256(convert_to(v_prev || E'identitydesk-audit-entry-2\n'
      || identitydesk_field('seq', v_seq::text)
      || identitydesk_field('time', v_time)
      || identitydesk_field('operator', session_user::text)
      || identitydesk_field('role', coalesce(p_role, ''))
      || identitydesk_field('event', p_event)
      || identitydesk_field('action', a_action)
      || identitydesk_field('provider', a_provider)
      || identitydesk_field('subject_ids', a_subjects)
      || identitydesk_field('reason', a_reason)
      || identitydesk_field('request_summary', a_summary)
      || identitydesk_field('before_state', a_before)
      || identitydesk_field('after_state', a_after)
      || identitydesk_field('outcome', a_outcome)
      || identitydesk_field('action_id', CASE WHEN p_action_id > 0 THEN p_action_id::text ELSE '' END),
      'UTF8')), 'hex');
  INSERT INTO audit (seq, time, operator, role, event, action, provider, subject_ids, reason,
                     request_summary, before_state, after_state, outcome, action_id, prev_hash, hash)
  VALUES (v_seq, v_time, session_user::text, coalesce(p_role, ''), p_event, a_action, a_provider, a_subjects,
          a_reason, a_summary, a_before, a_after, a_outcome, CASE WHEN p_action_id > 0 THEN p_action_id END,
          v_prev, v_hash);
  RETURN v_seq;
END $$;

CREATE OR REPLACE FUNCTION identitydesk_require(p_roles text[], p_what text) RETURNS text
LANGUAGE plpgsql STABLE @DEFINER@ AS $$
DECLARE
  v_role text := identitydesk_caller_role();
BEGIN
  IF v_role IS NULL THEN
    RAISE EXCEPTION '% is not an active operator of this store', session_user USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT v_role = ANY (p_roles) THEN
    RAISE EXCEPTION 'a % may not %', v_role, p_what USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN v_role;
END $$;

-- Sign-in, sign-out, exports, subject imports: entries that change no state the functions guard.
CREATE OR REPLACE FUNCTION identitydesk_log(p_event text, @ENTRY@, p_action_id bigint) RETURNS bigint
LANGUAGE plpgsql @DEFINER@ AS $$
DECLARE
  v_role text := identitydesk_require(ARRAY['officer', 'supervisor', 'auditor'], 'write to the audit log');
BEGIN
  IF p_event = ANY (ARRAY[@RESERVED@]) THEN
    RAISE EXCEPTION 'the audit event "%" is written only by the function that makes the change', p_event
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF p_action_id IS NOT NULL AND p_action_id > 0 THEN
    RAISE EXCEPTION 'a free audit entry cannot name an action' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN identitydesk_append(v_role, p_event, a_action, a_provider, a_subjects, a_reason, a_summary, a_before,
                             a_after, a_outcome, NULL);
END $$;

-- The intent of an action: initiator = session_user, state from the policy stored here (a rule
-- missing from the table needs approval: fail closed).
CREATE OR REPLACE FUNCTION identitydesk_submit_action(p_provider text, p_action text, p_user_id text,
    p_params text, p_reason text, p_profile text, p_sender text, p_policy_key text, p_state text, @ENTRY@)
RETURNS bigint LANGUAGE plpgsql @DEFINER@ AS $$
DECLARE
  v_role text := identitydesk_require(ARRAY['officer', 'supervisor'], 'request actions');
  v_requires boolean;
  v_state text;
  v_id bigint;
  v_now text := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
BEGIN
  IF p_provider = 'bulk' OR p_policy_key = 'bulk' THEN
    RAISE EXCEPTION 'a bulk job is submitted with its rows, by identitydesk_submit_bulk_job'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF coalesce(trim(p_reason), '') = '' OR coalesce(trim(p_user_id), '') = '' THEN
    RAISE EXCEPTION 'an action needs a user id and a reason' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  PERFORM p_params::json;
  -- The rule is the server's to name (team mode 4), from the action and its stored parameters, so an
  -- action cannot be filed under a rule that needs no approval.
  IF p_policy_key IS DISTINCT FROM identitydesk_policy_key(p_provider, p_action, p_params) THEN
    RAISE EXCEPTION 'the policy key "%" is not the rule of the % action "%" (the store''s is "%")', p_policy_key,
      p_provider, p_action, identitydesk_policy_key(p_provider, p_action, p_params)
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT requires_approval INTO v_requires FROM policy WHERE action_key = p_policy_key;
  v_requires := coalesce(v_requires, true);
  v_state := CASE WHEN v_requires THEN 'pending-approval' ELSE 'sending' END;
  IF p_state IS DISTINCT FROM v_state THEN
    RAISE EXCEPTION 'the policy for "%" changed (the store says %): read it again and resubmit', p_policy_key, v_state
      USING ERRCODE = 'serialization_failure';
  END IF;
  INSERT INTO actions (provider, action, user_id, params, reason, job_id, initiator, initiator_role,
                       requires_approval, state, created_at, updated_at, sender, profile)
  VALUES (p_provider, p_action, p_user_id, p_params, p_reason, NULL, session_user::text, v_role, v_requires,
          v_state, v_now, v_now, CASE WHEN v_requires THEN '' ELSE coalesce(p_sender, '') END,
          coalesce(p_profile, ''))
  RETURNING id INTO v_id;
  PERFORM identitydesk_append(v_role, 'intent', a_action, a_provider, a_subjects, a_reason, a_summary, a_before,
                              a_after, v_state, v_id);
  RETURN v_id;
END $$;

-- Every later change of an action's state. Returns false (nothing written) when the action is no
-- longer in p_expected: another console handled it.
CREATE OR REPLACE FUNCTION identitydesk_transition_action(p_id bigint, p_expected text, p_state text,
    p_decision_reason text, p_http_status integer, p_provider_code text, p_outcome_message text, p_sender text,
    p_event text, @ENTRY@)
RETURNS boolean LANGUAGE plpgsql @DEFINER@ AS $$
BEGIN
  RETURN identitydesk_transition_as(identitydesk_require(ARRAY['officer', 'supervisor'], 'change an action'),
                                    p_id, p_expected, p_state, p_decision_reason, p_http_status, p_provider_code,
                                    p_outcome_message, p_sender, p_event, @ENTRY_VALUES@);
END $$;

-- Internal (no group may call it): identitydesk_transition_action for a caller whose role p_role
-- identitydesk_require found, there or in identitydesk_record_bulk_batch.
CREATE OR REPLACE FUNCTION identitydesk_transition_as(p_role text, p_id bigint, p_expected text, p_state text,
    p_decision_reason text, p_http_status integer, p_provider_code text, p_outcome_message text, p_sender text,
    p_event text, @ENTRY@)
RETURNS boolean LANGUAGE plpgsql @DEFINER@ AS $$
DECLARE
  v_role text := p_role;
  v_a actions%ROWTYPE;
  v_decided text;
  v_event text := p_event;
BEGIN
  PERFORM pg_advisory_xact_lock(5279436245868823636);
  SELECT * INTO v_a FROM actions WHERE id = p_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'there is no action %', p_id USING ERRCODE = 'no_data_found';
  END IF;
  IF v_a.state <> p_expected THEN
    RETURN false;
  END IF;
  v_decided := v_a.decided_by;
  IF p_expected = 'pending-approval' AND p_state IN ('approved', 'sending', 'rejected') THEN
    IF v_role <> 'supervisor' THEN
      RAISE EXCEPTION 'only a supervisor may approve or reject an action' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF v_a.initiator = session_user::text THEN
      RAISE EXCEPTION 'four-eyes rule: % requested action % and may not decide it', session_user, p_id
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (p_state = 'approved') <> (v_a.provider = 'bulk') THEN
      RAISE EXCEPTION 'an approved action is sent at once; only a bulk job waits approved'
        USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_state = 'approved' THEN
      -- A supervisor approves the rows that were submitted, not whatever the tables hold now.
      PERFORM identitydesk_verify_bulk_rows(p_id);
    END IF;
    v_decided := session_user::text;
    v_event := CASE WHEN p_state = 'rejected' THEN 'rejected' ELSE 'approved' END;
  ELSIF p_expected = 'pending-approval' AND p_state = 'cancelled' THEN
    IF v_a.initiator <> session_user::text AND v_role <> 'supervisor' THEN
      RAISE EXCEPTION 'only the requester or a supervisor may withdraw action %', p_id
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    v_decided := session_user::text;
  ELSIF p_expected = 'approved' AND p_state IN ('sending', 'cancelled') THEN
    NULL;
  ELSIF p_expected = 'sending' AND p_state IN ('succeeded', 'already-in-state', 'failed', 'unresolved') THEN
    NULL;
  ELSIF p_expected = 'unresolved' AND p_state IN ('succeeded', 'already-in-state', 'failed') THEN
    v_decided := session_user::text;
  ELSE
    RAISE EXCEPTION 'action % cannot go from % to %', p_id, p_expected, p_state USING ERRCODE = 'insufficient_privilege';
  END IF;
  UPDATE actions SET state = p_state,
         updated_at = to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         decided_by = v_decided, decision_reason = coalesce(p_decision_reason, ''),
         http_status = coalesce(p_http_status, 0), provider_code = coalesce(p_provider_code, ''),
         outcome_message = coalesce(p_outcome_message, ''), sender = coalesce(p_sender, '')
   WHERE id = p_id;
  PERFORM identitydesk_append(v_role, v_event, a_action, a_provider, a_subjects, a_reason, a_summary, a_before,
                              a_after, a_outcome, p_id);
  RETURN true;
END $$;

CREATE OR REPLACE FUNCTION identitydesk_set_policy(p_key text, p_requires boolean, @ENTRY@) RETURNS bigint
LANGUAGE plpgsql @DEFINER@ AS $$
DECLARE
  v_role text := identitydesk_require(ARRAY['supervisor'], 'change the policy');
BEGIN
  IF coalesce(trim(p_key), '') = '' OR p_requires IS NULL THEN
    RAISE EXCEPTION 'a policy rule needs an action key and a value' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  INSERT INTO policy (action_key, requires_approval, updated_by, updated_at)
  VALUES (trim(p_key), p_requires, session_user::text,
          to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
  ON CONFLICT (action_key) DO UPDATE SET requires_approval = excluded.requires_approval,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at;
  RETURN identitydesk_append(v_role, 'policy-changed', a_action, a_provider, a_subjects, a_reason, a_summary,
                             a_before, a_after, a_outcome, NULL);
END $$;

CREATE OR REPLACE FUNCTION identitydesk_group_of(p_role text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
  SELECT CASE p_role WHEN 'officer' THEN '@OFFICER@' WHEN 'supervisor' THEN '@SUPERVISOR@'
                     WHEN 'auditor' THEN '@AUDITOR@' END
$$;

-- Puts login role p_name in exactly the group of p_role.
CREATE OR REPLACE FUNCTION identitydesk_set_group(p_name text, p_role text) RETURNS void
LANGUAGE plpgsql @DEFINER@ AS $$
DECLARE
  g text;
BEGIN
  FOREACH g IN ARRAY ARRAY['officer', 'supervisor', 'auditor'] LOOP
    IF g = p_role THEN
      EXECUTE format('GRANT %I TO %I', identitydesk_group_of(g), p_name);
    ELSIF pg_has_role(p_name, identitydesk_group_of(g), 'MEMBER') THEN
      EXECUTE format('REVOKE %I FROM %I', identitydesk_group_of(g), p_name);
    END IF;
  END LOOP;
END $$;

-- Granting the supervisor role takes two supervisors: the first one's request waits in
-- operator_requests until another confirms it (with the same call).
CREATE OR REPLACE FUNCTION identitydesk_request_supervisor(p_name text) RETURNS text
LANGUAGE plpgsql @DEFINER@ AS $$
DECLARE
  v_request operator_requests%ROWTYPE;
BEGIN
  SELECT * INTO v_request FROM operator_requests WHERE name = p_name AND role = 'supervisor' AND state = 'pending'
   ORDER BY id LIMIT 1 FOR UPDATE;
  IF FOUND AND v_request.requested_by <> session_user::text THEN
    UPDATE operator_requests SET state = 'confirmed', decided_by = session_user::text,
           decided_at = to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
     WHERE id = v_request.id;
    PERFORM identitydesk_set_group(p_name, 'supervisor');
    UPDATE operators SET role = 'supervisor' WHERE name = p_name;
    RETURN 'applied';
  END IF;
  IF NOT FOUND THEN
    INSERT INTO operator_requests (name, role, requested_by, requested_at, state)
    VALUES (p_name, 'supervisor', session_user::text,
            to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'pending');
  END IF;
  RETURN 'pending';
END $$;

CREATE OR REPLACE FUNCTION identitydesk_add_operator(p_name text, p_role text, p_password text, @ENTRY@)
RETURNS text LANGUAGE plpgsql @DEFINER@ AS $$
DECLARE
  v_role text := identitydesk_require(ARRAY['supervisor'], 'add operators');
  v_existing pg_roles%ROWTYPE;
  v_result text := 'applied';
BEGIN
  IF p_name IS NULL OR p_name !~ '^[A-Za-z0-9._@-]{2,64}$' THEN
    RAISE EXCEPTION 'an operator name has 2 to 64 letters, digits or . _ @ -' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF identitydesk_group_of(p_role) IS NULL THEN
    RAISE EXCEPTION 'unknown role "%"', p_role USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF EXISTS (SELECT 1 FROM operators WHERE name = p_name) THEN
    RAISE EXCEPTION 'an operator named "%" already exists', p_name USING ERRCODE = 'unique_violation';
  END IF;
  SELECT * INTO v_existing FROM pg_roles WHERE rolname = p_name;
  IF FOUND THEN
    -- A role the DBA made for its own authentication (LDAP, certificates): it may join, if it is
    -- a plain login role.
    IF v_existing.rolsuper OR v_existing.rolcreaterole OR v_existing.rolcreatedb OR v_existing.rolbypassrls
       OR NOT v_existing.rolcanlogin OR p_name = current_user::text OR coalesce(p_password, '') <> '' THEN
      RAISE EXCEPTION 'the database role "%" already exists and cannot become an operator here', p_name
        USING ERRCODE = 'insufficient_privilege';
    END IF;
  ELSIF coalesce(p_password, '') = '' THEN
    EXECUTE format('CREATE ROLE %I LOGIN', p_name);
  ELSE
    -- A first password, set by someone else: valid for @FIRST_PASSWORD_HOURS@ hours, until the operator
    -- chooses their own (identitydesk_set_own_password).
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L VALID UNTIL %L', p_name, p_password,
                   (now() + interval '@FIRST_PASSWORD_HOURS@ hours')::text);
  END IF;
  IF p_role = 'supervisor' THEN
    -- An officer until a second supervisor confirms.
    PERFORM identitydesk_set_group(p_name, 'officer');
    INSERT INTO operators (name, role, password_hash, created_at, active)
    VALUES (p_name, 'officer', '', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), true);
    v_result := identitydesk_request_supervisor(p_name);
  ELSE
    PERFORM identitydesk_set_group(p_name, p_role);
    INSERT INTO operators (name, role, password_hash, created_at, active)
    VALUES (p_name, p_role, '', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), true);
  END IF;
  PERFORM identitydesk_append(v_role, 'operator-added', a_action, a_provider, a_subjects, a_reason, a_summary,
                              a_before, a_after, v_result, NULL);
  RETURN v_result;
END $$;

CREATE OR REPLACE FUNCTION identitydesk_update_operator(p_name text, p_role text, p_active boolean, p_event text,
    @ENTRY@)
RETURNS text LANGUAGE plpgsql @DEFINER@ AS $$
DECLARE
  v_role text := identitydesk_require(ARRAY['supervisor'], 'change operators');
  v_op operators%ROWTYPE;
  v_result text := 'applied';
BEGIN
  SELECT * INTO v_op FROM operators WHERE name = p_name FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'there is no operator named "%"', p_name USING ERRCODE = 'no_data_found';
  END IF;
  IF identitydesk_group_of(p_role) IS NULL OR p_active IS NULL THEN
    RAISE EXCEPTION 'unknown role "%"', p_role USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF p_name = session_user::text THEN
    RAISE EXCEPTION 'a supervisor cannot change their own role or account' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF p_active <> v_op.active THEN
    EXECUTE format('ALTER ROLE %I %s', p_name, CASE WHEN p_active THEN 'LOGIN' ELSE 'NOLOGIN' END);
    UPDATE operators SET active = p_active WHERE name = p_name;
  END IF;
  IF p_role <> v_op.role THEN
    IF p_role = 'supervisor' THEN
      v_result := identitydesk_request_supervisor(p_name);
    ELSE
      PERFORM identitydesk_set_group(p_name, p_role);
      UPDATE operators SET role = p_role WHERE name = p_name;
      UPDATE operator_requests SET state = 'cancelled' WHERE name = p_name AND state = 'pending';
    END IF;
  END IF;
  IF coalesce(p_event, '') NOT LIKE 'operator-%' THEN
    p_event := 'operator-changed';
  END IF;
  PERFORM identitydesk_append(v_role, p_event, a_action, a_provider,
                              a_subjects, a_reason, a_summary, a_before, a_after, v_result, NULL);
  RETURN v_result;
END $$;

-- One's own password (team mode 4), as its SCRAM verifier: the first password's expiry goes with it.
CREATE OR REPLACE FUNCTION identitydesk_set_own_password(p_verifier text, @ENTRY@)
RETURNS void LANGUAGE plpgsql @DEFINER@ AS $$
DECLARE
  v_role text := identitydesk_require(ARRAY['officer', 'supervisor', 'auditor'], 'change their password');
BEGIN
  IF p_verifier IS NULL OR position('SCRAM-SHA-256$' in p_verifier) <> 1 OR p_verifier ~ '[^A-Za-z0-9+/=:$-]' THEN
    RAISE EXCEPTION 'a password is given as its SCRAM-SHA-256 verifier, never in plain text'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  EXECUTE format('ALTER ROLE %I PASSWORD %L VALID UNTIL %L', session_user, p_verifier, 'infinity');
  PERFORM identitydesk_append(v_role, 'operator-password-changed', @ENTRY_VALUES@, NULL);
END $$;

-- The policy rule of an action (team mode 4), as ProviderModule::policyKey() names it: provider.action,
-- or provider.<value of the parameter policy_key_rules names> (admin init writes that table from the
-- provider modules).
CREATE OR REPLACE FUNCTION identitydesk_policy_key(p_provider text, p_action text, p_params text)
RETURNS text LANGUAGE plpgsql STABLE @DEFINER@ AS $$
DECLARE
  v_parameter text;
BEGIN
  SELECT parameter INTO v_parameter FROM policy_key_rules WHERE provider = p_provider AND action = p_action;
  IF v_parameter IS NULL THEN
    RETURN p_provider || '.' || p_action;
  END IF;
  RETURN p_provider || '.' || coalesce(p_params::json ->> v_parameter, '');
END $$;

CREATE OR REPLACE FUNCTION identitydesk_register_checkpoint_key(p_key_id text, p_public_key text, @ENTRY@)
RETURNS bigint LANGUAGE plpgsql @DEFINER@ AS $$
DECLARE
  v_role text := identitydesk_require(ARRAY['officer', 'supervisor', 'auditor'], 'register checkpoint keys');
  v_seq bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(5279436245868823636);
  IF EXISTS (SELECT 1 FROM audit_keys WHERE key_id = p_key_id) THEN
    RETURN 0;
  END IF;
  v_seq := identitydesk_append(v_role, 'checkpoint-key-added', a_action, a_provider, a_subjects, a_reason,
                               a_summary, a_before, a_after, a_outcome, NULL);
  INSERT INTO audit_keys (key_id, algorithm, public_key, operator, created_at, audit_seq)
  SELECT p_key_id, 'ed25519', p_public_key, session_user::text, time, v_seq FROM audit WHERE seq = v_seq;
  RETURN v_seq;
END $$;

CREATE OR REPLACE FUNCTION identitydesk_add_checkpoint(p_seq bigint, p_head_hash text, p_time text, p_key_id text,
    p_signature text) RETURNS void
LANGUAGE plpgsql @DEFINER@ AS $$
BEGIN
  PERFORM identitydesk_require(ARRAY['officer', 'supervisor', 'auditor'], 'keep checkpoints');
  IF NOT EXISTS (SELECT 1 FROM audit WHERE seq = p_seq AND hash = p_head_hash) THEN
    RAISE EXCEPTION 'entry % of the audit log does not have the hash %', p_seq, p_head_hash
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  INSERT INTO audit_checkpoints (seq, head_hash, time, operator, key_id, signature)
  VALUES (p_seq, p_head_hash, p_time, session_user::text, p_key_id, p_signature);
END $$;
)SQL";

QString sanitised(const QString& database)
{
    QString name = database.toLower();
    static const QRegularExpression other(QStringLiteral("[^a-z0-9_]"));
    name.replace(other, QStringLiteral("_"));
    if (name.isEmpty() || name.at(0).isDigit())
        name.prepend(QLatin1String("db_"));
    // 63 bytes at most, with "_supervisor" (11) after it.
    if (name.size() > 48)
        name = name.left(39) + QLatin1Char('_') +
               QString::fromLatin1(
                   QCryptographicHash::hash(database.toUtf8(), QCryptographicHash::Sha256).toHex().left(8));
    return name;
}
} // namespace

QString TeamSchema::groupRole(const QString& database, Role role)
{
    return sanitised(database) + QLatin1Char('_') + Roles::toString(role);
}

QStringList TeamSchema::protectedTables()
{
    return {QStringLiteral("audit"),
            QStringLiteral("operators"),
            QStringLiteral("policy"),
            QStringLiteral("actions"),
            QStringLiteral("bulk_jobs"),
            QStringLiteral("bulk_job_rows"),
            QStringLiteral("audit_keys"),
            QStringLiteral("audit_checkpoints"),
            QStringLiteral("store_info"),
            QStringLiteral("schema_version"),
            QStringLiteral("operator_requests"),
            QStringLiteral("policy_key_rules")};
}

QStringList TeamSchema::reservedEvents()
{
    return {QStringLiteral("intent"),
            QStringLiteral("approved"),
            QStringLiteral("rejected"),
            QStringLiteral("outcome"),
            QStringLiteral("resolved"),
            QStringLiteral("cancelled"),
            QStringLiteral("policy-changed"),
            QStringLiteral("operator-added"),
            QStringLiteral("operator-changed"),
            QStringLiteral("checkpoint-key-added"),
            QStringLiteral("team-mode-enabled"),
            QStringLiteral("team-mode-updated"),
            QStringLiteral("operator-deactivated"),
            QStringLiteral("operator-reactivated"),
            QStringLiteral("operator-role-changed"),
            QStringLiteral("rows-cancelled"),
            QStringLiteral("bulk-row-refused"),
            QStringLiteral("bulk-job-sealed"),
            QStringLiteral("operator-password-changed")};
}

QList<TeamSchema::Function> TeamSchema::functions()
{
    const QString entry = QString::fromLatin1(kEntryTypes);
    const QList<Role> all{Role::Officer, Role::Supervisor, Role::Auditor};
    const QList<Role> actors{Role::Officer, Role::Supervisor};
    const QList<Role> supervisors{Role::Supervisor};
    return {
        {QStringLiteral("identitydesk_whoami()"), all},
        {QStringLiteral("identitydesk_log(text, %1, bigint)").arg(entry), all},
        {QStringLiteral(
             "identitydesk_submit_action(text, text, text, text, text, text, text, text, text, %1)")
             .arg(entry),
         actors},
        {QStringLiteral("identitydesk_transition_action(bigint, text, text, text, integer, text, text, text, "
                        "text, %1)")
             .arg(entry),
         actors},
        {QStringLiteral("identitydesk_set_policy(text, boolean, %1)").arg(entry), supervisors},
        {QStringLiteral("identitydesk_add_operator(text, text, text, %1)").arg(entry), supervisors},
        {QStringLiteral("identitydesk_update_operator(text, text, boolean, text, %1)").arg(entry),
         supervisors},
        {QStringLiteral("identitydesk_register_checkpoint_key(text, text, %1)").arg(entry), all},
        {QStringLiteral("identitydesk_set_own_password(text, %1)").arg(entry), all},
        {QStringLiteral("identitydesk_add_checkpoint(bigint, text, text, text, text)"), all},
        {QStringLiteral("identitydesk_submit_bulk_job(text, integer, text, text, text, text, %1)").arg(entry),
         actors},
        {QStringLiteral("identitydesk_set_bulk_run_state(bigint, text, text, text, %1)").arg(entry), actors},
        {QStringLiteral("identitydesk_claim_bulk_job(bigint, text, text, text, text, %1)").arg(entry),
         actors},
        {QStringLiteral("identitydesk_renew_bulk_runner(bigint, text)"), actors},
        {QStringLiteral("identitydesk_cancel_bulk_rows(bigint, %1)").arg(entry), actors},
        {QStringLiteral(
             "identitydesk_claim_bulk_row(bigint, integer, text, text, text, text, text, text, text, "
             "%1)")
             .arg(entry),
         actors},
        {QStringLiteral("identitydesk_release_bulk_row(bigint)"), actors},
        {QStringLiteral("identitydesk_record_bulk_batch(text, text)"), actors},
        // Internal: called only from the functions above (no group may).
        {QStringLiteral("identitydesk_append(text, text, %1, bigint)").arg(entry), {}},
        {QStringLiteral("identitydesk_transition_as(text, bigint, text, text, text, integer, text, text, "
                        "text, text, %1)")
             .arg(entry),
         {}},
        {QStringLiteral("identitydesk_claim_bulk_row_as(text, bigint, integer, text, text, text, text, text, "
                        "text, text, %1)")
             .arg(entry),
         {}},
        {QStringLiteral("identitydesk_release_bulk_row_as(bigint)"), {}},
        {QStringLiteral("identitydesk_caller_role()"), {}},
        {QStringLiteral("identitydesk_require(text[], text)"), {}},
        {QStringLiteral("identitydesk_set_group(text, text)"), {}},
        {QStringLiteral("identitydesk_request_supervisor(text)"), {}},
        {QStringLiteral("identitydesk_seal_bulk_rows(bigint)"), {}},
        {QStringLiteral("identitydesk_verify_bulk_rows(bigint)"), {}},
        {QStringLiteral("identitydesk_bulk_job_action(bigint)"), {}},
        {QStringLiteral("identitydesk_free_event(text)"), {}},
        {QStringLiteral("identitydesk_policy_key(text, text, text)"), {}},
    };
}

QStringList TeamSchema::install(const QString& database)
{
    const QString officer = groupRole(database, Role::Officer);
    const QString supervisor = groupRole(database, Role::Supervisor);
    const QString auditor = groupRole(database, Role::Auditor);
    const QStringList groups{officer, supervisor, auditor};
    QStringList s;
    // Group roles: NOLOGIN, nothing inherited from elsewhere.
    for (const QString& g : groups)
        s << QStringLiteral("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%1') THEN "
                            "CREATE ROLE %1 NOLOGIN; END IF; END $$")
                 .arg(g);
    // Team mode 4: which parameter of an action names its policy rule (SqlStore::initTeamMode fills it).
    s << QStringLiteral("CREATE TABLE IF NOT EXISTS policy_key_rules ("
                        " provider TEXT NOT NULL, action TEXT NOT NULL, parameter TEXT NOT NULL,"
                        " PRIMARY KEY (provider, action))");
    s << QStringLiteral("CREATE TABLE IF NOT EXISTS operator_requests ("
                        " id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                        " name TEXT NOT NULL, role TEXT NOT NULL, requested_by TEXT NOT NULL,"
                        " requested_at TEXT NOT NULL, state TEXT NOT NULL,"
                        " decided_by TEXT NOT NULL DEFAULT '', decided_at TEXT NOT NULL DEFAULT '')");
    QStringList reserved;
    for (const QString& e : reservedEvents())
        reserved << QLatin1Char('\'') + e + QLatin1Char('\'');
    // Team mode 2: the rows of bulk jobs carry their hashes (docs/architecture.md).
    s << bulkColumns();
    QString body = QString::fromLatin1(kFunctions) + bulkFunctions();
    body.replace(QLatin1String("@ENTRY@"), QLatin1String(kEntryArgs))
        .replace(QLatin1String("@ENTRY_VALUES@"), QLatin1String(kEntryValues))
        .replace(QLatin1String("@DEFINER@"), QLatin1String(kDefiner))
        .replace(QLatin1String("@RESERVED@"), reserved.join(QLatin1String(", ")))
        .replace(QLatin1String("@OFFICER@"), officer)
        .replace(QLatin1String("@SUPERVISOR@"), supervisor)
        .replace(QLatin1String("@AUDITOR@"), auditor)
        .replace(QLatin1String("@FIRST_PASSWORD_HOURS@"), QString::number(kFirstPasswordHours));
    s << body;

    // Privileges: nobody but the owner writes a table (subjects aside: the index is no record of
    // anyone's decision, and its changes are audited through identitydesk_log); the groups read.
    const QString groupList = groups.join(QLatin1String(", "));
    s << QStringLiteral("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
      << QStringLiteral("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, %1").arg(groupList)
      << QStringLiteral("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC, %1").arg(groupList)
      << QStringLiteral("REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC, %1").arg(groupList)
      << QStringLiteral("GRANT USAGE ON SCHEMA public TO %1").arg(groupList)
      << QStringLiteral("GRANT SELECT ON ALL TABLES IN SCHEMA public TO %1").arg(groupList)
      << QStringLiteral("GRANT INSERT, UPDATE, DELETE ON subjects, subject_links, subject_terms TO %1, %2")
             .arg(officer, supervisor)
      << QStringLiteral("GRANT USAGE ON SEQUENCE subjects_id_seq TO %1, %2").arg(officer, supervisor);
    for (const Function& f : functions()) {
        QStringList to;
        for (Role r : f.callers)
            to << groupRole(database, r);
        if (!to.isEmpty())
            s << QStringLiteral("GRANT EXECUTE ON FUNCTION %1 TO %2")
                     .arg(f.signature, to.join(QLatin1String(", ")));
    }
    s << sealExistingBulkJobs();
    s << QStringLiteral(
             "INSERT INTO store_info (name, value) VALUES ('team_mode', '%1') ON CONFLICT (name) DO "
             "UPDATE SET value = excluded.value")
             .arg(kVersion);
    return s;
}
