/** Append-only: each entry moves the schema one version (PRAGMA user_version) forward. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    mode TEXT NOT NULL,
    resume_key TEXT,
    params TEXT NOT NULL,
    status TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    items_scanned INTEGER NOT NULL DEFAULT 0,
    findings_new INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0,
    summary TEXT
  );
  CREATE INDEX runs_resume ON runs(resume_key, status);

  CREATE TABLE checkpoints (
    namespace TEXT NOT NULL,
    source TEXT NOT NULL,
    state TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (namespace, source)
  );

  CREATE TABLE scanned_items (
    item_key TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    rules_digest TEXT NOT NULL,
    source TEXT NOT NULL,
    scanned_at TEXT NOT NULL,
    run_id INTEGER NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    fingerprint TEXT NOT NULL UNIQUE,
    workspace_id TEXT NOT NULL,
    source TEXT NOT NULL,
    source_kind TEXT NOT NULL,
    conversation_id TEXT,
    message_id TEXT,
    file_id TEXT,
    user_id TEXT,
    user_email TEXT,
    author_role TEXT,
    message_time TEXT,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    rule_id TEXT NOT NULL,
    category TEXT NOT NULL,
    severity TEXT NOT NULL,
    confidence TEXT NOT NULL,
    preview TEXT NOT NULL,
    first_seen_at TEXT NOT NULL,
    run_id INTEGER NOT NULL
  );
  CREATE INDEX findings_rule ON findings(rule_id);
  CREATE INDEX findings_user ON findings(user_email);
  CREATE INDEX findings_time ON findings(message_time);

  CREATE TABLE scan_errors (
    id INTEGER PRIMARY KEY,
    run_id INTEGER,
    source TEXT NOT NULL,
    item_key TEXT NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    at TEXT NOT NULL
  );

  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT,
    name TEXT,
    role TEXT,
    status TEXT,
    updated_at TEXT NOT NULL
  );
  `,
  // 2: uploaded files (issue 5). Content is scanned once per sha256 and rules digest (`files`);
  // every place a file id was attached is a `file_refs` row; file findings point at the content
  // (file_sha256 + location inside it) and reach their places through file_refs.
  `
  ALTER TABLE findings ADD COLUMN file_sha256 TEXT;
  ALTER TABLE findings ADD COLUMN file_name TEXT;
  ALTER TABLE findings ADD COLUMN location TEXT;
  CREATE INDEX findings_file ON findings(file_sha256);

  CREATE TABLE files (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    kind TEXT,
    status TEXT NOT NULL,
    error_code TEXT,
    error_message TEXT,
    problems INTEGER NOT NULL DEFAULT 0,
    segments INTEGER NOT NULL DEFAULT 0,
    text_chars INTEGER NOT NULL DEFAULT 0,
    findings INTEGER NOT NULL DEFAULT 0,
    rules_digest TEXT NOT NULL,
    scanned_at TEXT NOT NULL,
    run_id INTEGER NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE file_refs (
    workspace_id TEXT NOT NULL,
    file_id TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    message_id TEXT NOT NULL,
    name TEXT,
    user_id TEXT,
    user_email TEXT,
    source TEXT NOT NULL,
    sha256 TEXT,
    size INTEGER,
    status TEXT NOT NULL,
    error_code TEXT,
    error_message TEXT,
    rules_digest TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    run_id INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, file_id, conversation_id, message_id)
  ) WITHOUT ROWID;
  CREATE INDEX file_refs_sha ON file_refs(sha256);
  CREATE INDEX file_refs_file ON file_refs(workspace_id, file_id);
  `,
  // 3: triage and suppression (issue 8). A finding's current status lives on the row (set in the
  // same transaction as its append-only finding_triage history). Suppressions hold the keyed hash
  // (HMAC-SHA256 with the per-database salt in settings) of a value marked false positive, never
  // the value; rule_id NULL suppresses the value for every rule. No foreign keys: history and
  // suppressions outlive a finding that a retention job might delete.
  `
  ALTER TABLE findings ADD COLUMN status TEXT NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'acknowledged', 'resolved', 'false_positive'));
  ALTER TABLE findings ADD COLUMN value_hash TEXT;
  CREATE INDEX findings_status ON findings(status);

  CREATE TABLE finding_triage (
    id INTEGER PRIMARY KEY,
    finding_id INTEGER NOT NULL,
    status TEXT NOT NULL,
    by_user TEXT NOT NULL,
    note TEXT,
    at TEXT NOT NULL
  );
  CREATE INDEX finding_triage_finding ON finding_triage(finding_id, id);

  CREATE TABLE suppressions (
    id INTEGER PRIMARY KEY,
    value_hash TEXT NOT NULL,
    rule_id TEXT,
    finding_id INTEGER,
    by_user TEXT NOT NULL,
    note TEXT,
    at TEXT NOT NULL
  );
  CREATE UNIQUE INDEX suppressions_key ON suppressions(value_hash, IFNULL(rule_id, ''));

  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  // 4: acting on findings (issue 8): the policy that decided each new finding, the outbox of
  // alerts and deletions written in the findings transaction, and the append-only audit trail of
  // remediation (dry runs included).
  `
  ALTER TABLE findings ADD COLUMN policy TEXT;
  ALTER TABLE findings ADD COLUMN policy_action TEXT;

  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    finding_id INTEGER NOT NULL,
    policy TEXT NOT NULL,
    sink TEXT,
    digest_key TEXT,
    key TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT,
    created_at TEXT NOT NULL,
    done_at TEXT
  );
  CREATE INDEX outbox_due ON outbox(kind, status, next_attempt_at);
  CREATE INDEX outbox_digest ON outbox(digest_key, status);

  CREATE TABLE remediation_audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    finding_id INTEGER,
    policy TEXT,
    workspace_id TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    mode TEXT NOT NULL,
    outcome TEXT NOT NULL,
    http_status INTEGER,
    detail TEXT
  );
  CREATE TRIGGER remediation_audit_no_update BEFORE UPDATE ON remediation_audit
    BEGIN SELECT RAISE(ABORT, 'remediation_audit is append-only'); END;
  CREATE TRIGGER remediation_audit_no_delete BEFORE DELETE ON remediation_audit
    BEGIN SELECT RAISE(ABORT, 'remediation_audit is append-only'); END;
  `,
  // 5: several workspaces (issue 9). The daemon's checkpoints are per workspace now, namespace
  // 'daemon:<workspace id>'; the single-workspace 'daemon' namespace moves to the workspace its
  // last daemon run recorded, so an upgraded daemon goes on where it stopped (no re-scan).
  // Scan checkpoints ('scan:<run id>') are already per run, and a run is of one workspace.
  `
  UPDATE checkpoints
    SET namespace = 'daemon:' || (SELECT json_extract(params, '$.workspace') FROM runs
      WHERE mode = 'daemon' AND json_valid(params) AND json_extract(params, '$.workspace') IS NOT NULL ORDER BY id DESC LIMIT 1)
    WHERE namespace = 'daemon'
      AND EXISTS (SELECT 1 FROM runs WHERE mode = 'daemon' AND json_valid(params) AND json_extract(params, '$.workspace') IS NOT NULL);
  CREATE INDEX findings_workspace ON findings(workspace_id);
  `,
  // 6: sources beyond chats (issue 10). A finding in a GPT, project, memory, canvas, automation,
  // recording or Codex item names its object and version (source_kind says which kind; location
  // the field, e.g. 'gpt:instructions'); conversation_id stays NULL, so no conversation deletion
  // can be queued for it. A knowledge file's place in file_refs is the GPT or project
  // (conversation_id = its id, message_id = its config id) with place_kind saying so.
  `
  ALTER TABLE findings ADD COLUMN object_id TEXT;
  ALTER TABLE findings ADD COLUMN object_version TEXT;
  CREATE INDEX findings_object ON findings(source_kind, object_id);
  ALTER TABLE file_refs ADD COLUMN place_kind TEXT NOT NULL DEFAULT 'message';
  `,
  // 7: inventory and posture (issue 10; the organization checks of issue 11 share the history).
  // The inventory tables hold what the Compliance API lists, one row per object per workspace,
  // replaced part by part on each refresh (inventory_refreshes says when, and why a part failed);
  // findings counts are not stored here but read from findings when the inventory is loaded.
  // Codex environments keep the NAMES of variables and secrets, never values. posture_runs and
  // posture_results are the check history per scope and subject (workspace or organization id);
  // each failure in posture_results.failures (JSON) carries the fingerprint of its finding.
  `
  CREATE TABLE inventory_users (
    workspace_id TEXT NOT NULL,
    id TEXT NOT NULL,
    email TEXT,
    name TEXT,
    role TEXT,
    status TEXT,
    created_at TEXT,
    refreshed_at TEXT NOT NULL,
    PRIMARY KEY (workspace_id, id)
  ) WITHOUT ROWID;

  CREATE TABLE inventory_objects (
    workspace_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('gpt', 'project', 'automation', 'codex_environment')),
    id TEXT NOT NULL,
    name TEXT,
    owner_id TEXT,
    owner_email TEXT,
    created_at TEXT,
    updated_at TEXT,
    visibility TEXT,
    permissions TEXT,
    recipients_count INTEGER NOT NULL DEFAULT 0,
    recipients TEXT NOT NULL DEFAULT '[]',
    tools TEXT NOT NULL DEFAULT '[]',
    action_domains TEXT NOT NULL DEFAULT '[]',
    file_count INTEGER NOT NULL DEFAULT 0,
    details TEXT NOT NULL DEFAULT '{}',
    refreshed_at TEXT NOT NULL,
    PRIMARY KEY (workspace_id, kind, id)
  ) WITHOUT ROWID;
  CREATE INDEX inventory_objects_owner ON inventory_objects(workspace_id, owner_id);

  CREATE TABLE inventory_refreshes (
    workspace_id TEXT NOT NULL,
    part TEXT NOT NULL,
    attempted_at TEXT NOT NULL,
    refreshed_at TEXT,
    count INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    PRIMARY KEY (workspace_id, part)
  ) WITHOUT ROWID;

  CREATE TABLE posture_runs (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL,
    scope TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    at TEXT NOT NULL,
    score REAL,
    evaluated INTEGER NOT NULL,
    failing_checks INTEGER NOT NULL,
    failures INTEGER NOT NULL,
    changes TEXT NOT NULL
  );
  CREATE INDEX posture_runs_subject ON posture_runs(scope, subject_id, id);

  CREATE TABLE posture_results (
    posture_run_id INTEGER NOT NULL,
    check_id TEXT NOT NULL,
    severity TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pass', 'fail', 'error', 'skipped')),
    failures TEXT NOT NULL,
    error TEXT,
    PRIMARY KEY (posture_run_id, check_id)
  );
  CREATE INDEX findings_posture ON findings(workspace_id, rule_id, object_id) WHERE source_kind = 'posture';
  `,
];
