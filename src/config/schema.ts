import { z } from 'zod';
import { sinkConfigSchema } from '../alerts/sink-config.js';
import { isLoopback, parseListen } from './listen.js';
import { ITEM_KINDS } from '../compliance/source.js';
import { normalizeDomain } from '../inventory/posture/domains.js';

/**
 * The configuration schema: the single source of truth for keys, types and defaults.
 * `config.example.yaml` documents the same keys; a test checks that the two agree.
 * Objects are strict so that a misspelt key is reported instead of silently ignored.
 */

const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().nonnegative();

/** The two ways to read chat messages (compliance-api.md section 1a). */
export const SOURCE_NAMES = ['logs', 'conversations'] as const;
export type MessageSourceName = (typeof SOURCE_NAMES)[number];
/**
 * Sources beyond chats (issue 10), each with its own checkpoint: the object listings (GPTs,
 * projects, memories, canvases, automations, recordings, Codex) and the prompt events of the logs
 * feed's CODEX_LOG and CUSTOM_AGENTS_LOG files.
 */
export const OBJECT_SOURCE_NAMES = [
  'gpts', 'projects', 'memories', 'canvases', 'automations', 'recordings', 'codex_tasks', 'codex_environments', 'codex_logs', 'custom_agent_logs',
] as const;
export type ObjectSourceName = (typeof OBJECT_SOURCE_NAMES)[number];
export type SourceName = MessageSourceName | ObjectSourceName;

export const apiSchema = z.strictObject({
  /** Compliance API base URL; every path starts /compliance/workspaces/{id} after it. */
  base_url: z.url({ protocol: /^https?$/ }).default('https://api.chatgpt.com/v1'),
  /** Name of the environment variable holding the API key. */
  api_key_env: z.string().min(1).default('LEAKWATCH_API_KEY'),
  /** A file holding the API key; a bare name is looked up in $CREDENTIALS_DIRECTORY (systemd LoadCredential). */
  api_key_file: z.string().min(1).nullable().default(null),
  connect_timeout_seconds: z.number().positive().default(10),
  /** Time allowed for response headers and between body chunks. */
  request_timeout_seconds: z.number().positive().default(60),
  /** Attempts per request, the first included, on 429/5xx/network errors. */
  max_attempts: positiveInt.max(20).default(6),
  retry_base_delay_ms: nonNegativeInt.default(500),
  retry_max_delay_ms: nonNegativeInt.default(60_000),
  /** The documented per-key limits; leakwatch paces itself below them. */
  rate_limits: z
    .strictObject({
      list_per_minute: positiveInt.default(50),
      get_per_minute: positiveInt.default(100),
    })
    .prefault({}),
  page_size: z
    .strictObject({
      conversations: positiveInt.max(500).default(100),
      logs: positiveInt.max(100).default(100),
      users: positiveInt.max(200).default(200),
    })
    .prefault({}),
});

const sourcesSchema = z.strictObject({
  /** Source of `scan` when --source is not given: logs | conversations | auto. */
  default: z.enum(['logs', 'conversations', 'auto']).default('auto'),
  logs: z
    .strictObject({
      /** How far back the logs feed reaches; `auto` reads older history from the conversation listing. */
      retention_days: positiveInt.default(30),
    })
    .prefault({}),
  conversations: z
    .strictObject({
      /** Seconds subtracted from the checkpoint on the next incremental walk, against clock skew. */
      overlap_seconds: nonNegativeInt.default(300),
    })
    .prefault({}),
  objects: z
    .strictObject({
      /**
       * Sources beyond chats that `scan` reads after the messages and the daemon keeps up to date:
       * gpts, projects, memories, canvases, automations, recordings, codex_tasks,
       * codex_environments, codex_logs, custom_agent_logs. Default: all of them; [] = messages only.
       */
      enabled: z
        .array(z.enum(OBJECT_SOURCE_NAMES))
        .default([...OBJECT_SOURCE_NAMES])
        .refine((a) => new Set(a).size === a.length, 'lists a source twice'),
      /**
       * Minutes between the daemon's sweeps of the object listings (GPTs, projects, memories,
       * canvases, automations, recordings, Codex): each sweep lists them all again and scans only
       * what changed. The Codex and custom-agent prompts of the logs feed are read every poll.
       */
      sweep_minutes: positiveInt.default(60),
    })
    .prefault({}),
});

const confidence = z.enum(['low', 'medium', 'high']);

const customBase = {
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, single dashes)'),
  description: z.string().min(1),
  severity: z.enum(['low', 'medium', 'high', 'critical']).default('high'),
};

const customSchema = z.strictObject({
  /** Keyword and dictionary lists: case-insensitive whole words or phrases (code names, "confidential"). */
  keywords: z
    .array(
      z.strictObject({
        ...customBase,
        words: z.array(z.string().min(1)).default([]),
        /** A dictionary file, one term per line (# comments); relative to the config file. */
        file: z.string().min(1).nullable().default(null),
      }),
    )
    .default([]),
  /** Your own regexes (RE2 syntax), with an optional group and required context words. */
  regexes: z
    .array(
      z.strictObject({
        ...customBase,
        regex: z.string().min(1),
        group: z.number().int().nonnegative().default(0),
        context_words: z.array(z.string().min(1)).default([]),
      }),
    )
    .default([]),
  /**
   * Exact data match: values from `leakwatch edm index` (salted hashes, no plaintext); a token
   * matching `pattern` is reported when its hash is in the index.
   */
  exact_data: z
    .array(
      z.strictObject({
        ...customBase,
        index: z.string().min(1),
        pattern: z.string().min(1),
      }),
    )
    .default([]),
});

export type CustomRulesConfig = z.infer<typeof customSchema>;

const rulesSchema = z.strictObject({
  /** Rule pack files or folders; `builtin` is the packs shipped in rules/. */
  paths: z.array(z.string().min(1)).default(['builtin']),
  /** Rule ids to switch off. */
  disabled: z.array(z.string().min(1)).default([]),
  /** Findings below this confidence are dropped. */
  min_confidence: confidence.default('low'),
  /** Per rule id or category: a different minimum confidence. */
  min_confidence_overrides: z.record(z.string(), confidence).default({}),
  /** Rules of your own, category `custom`. */
  custom: customSchema.prefault({}),
});

const pipelineSchema = z.strictObject({
  /** Worker threads; 0 = one per CPU core. */
  threads: nonNegativeInt.default(0),
  /** Target size of one task sent to a worker (message text bytes). */
  batch_bytes: positiveInt.default(65_536),
  /** Tasks in flight at once; 0 = 4 per thread. Bounds memory whatever the backlog. */
  max_in_flight: nonNegativeInt.default(0),
});

/**
 * Optional malware scan of downloaded files (README "Malware scan (optional)"): ClamAV through a
 * running clamd, and YARA rules. Matches are findings of category `malware`.
 */
const malwareSchema = z.strictObject({
  /** Also check each downloaded file's bytes for malware. Off by default. */
  enabled: z.boolean().default(false),
  /** Files larger than this are not checked (recorded as MALWARE_TOO_LARGE); clamd's StreamMaxLength must be at least this (its default is 25M). */
  max_bytes: positiveInt.default(26_214_400),
  clamd: z.strictObject({
    /** Send each file to clamd (ClamAV's daemon); false = YARA rules only. */
    enabled: z.boolean().default(true),
    /** clamd's unix socket (Debian's clamav-daemon: /run/clamav/clamd.ctl); used when host is ''. */
    socket: z.string().default('/run/clamav/clamd.ctl'),
    /** A clamd listening on TCP (TCPSocket) instead of the unix socket; '' = use socket. */
    host: z.string().default(''),
    /** clamd's TCP port (with host). */
    port: z.number().int().min(1).max(65_535).default(3310),
    /** Per file: connecting to clamd and its answer; past it the file is recorded as MALWARE_CLAMD_UNREACHABLE. */
    timeout_seconds: z.number().positive().default(60),
  }).prefault({}),
  yara: z.strictObject({
    /** Directory of YARA rule files (*.yar, *.yara), compiled at start and on reload; '' = no YARA rules. */
    rules_dir: z.string().default(''),
  }).prefault({}),
}).superRefine((m, ctx) => {
  if (m.enabled && !m.clamd.enabled && m.yara.rules_dir === '') {
    ctx.addIssue({ code: 'custom', path: ['enabled'], message: 'the malware scan needs clamd.enabled or yara.rules_dir (or set enabled: false)' });
  }
  if (m.clamd.enabled && m.clamd.host === '' && m.clamd.socket === '') {
    ctx.addIssue({ code: 'custom', path: ['clamd', 'socket'], message: 'give clamd\'s unix socket path, or host and port' });
  }
});

export type MalwareConfig = z.infer<typeof malwareSchema>;

const filesSchema = z.strictObject({
  /** Download and scan the files attached to messages. */
  enabled: z.boolean().default(true),
  /** Files downloaded and extracted at once. */
  concurrency: positiveInt.default(2),
  /** Extraction processes (separate from pipeline.threads); 0 = half the CPU cores, at least 1. */
  threads: nonNegativeInt.default(0),
  /** Largest download kept; a longer body is stopped and the file recorded as FILE_TOO_LARGE. */
  max_download_bytes: positiveInt.default(268_435_456),
  /** Largest document parsed whole (PDF, Office, e-mail, HTML, archive entries). Text and CSV are streamed and not bound by it. */
  max_document_bytes: positiveInt.default(67_108_864),
  /** Archive (and e-mail attachment) nesting followed. */
  max_archive_depth: nonNegativeInt.default(3),
  /** Entries read from the archives of one file. */
  max_archive_entries: positiveInt.default(10_000),
  /** Total bytes inflated from the archives of one file. */
  max_uncompressed_bytes: positiveInt.default(536_870_912),
  /** Largest inflated/compressed ratio of one archive entry (zip bombs run to thousands). */
  max_compression_ratio: z.number().positive().default(200),
  /** Extracted text scanned per file (characters); the rest is recorded as TEXT_LIMIT. */
  max_text_chars: positiveInt.default(268_435_456),
  /** Wall-clock limit per file; its extraction process is killed and the file recorded as EXTRACT_TIMEOUT. */
  timeout_seconds: z.number().positive().default(120),
  /** V8 heap limit of an extraction process (--max-old-space-size); past it the process dies and the file recorded as EXTRACT_MEMORY. */
  max_worker_memory_mb: positiveInt.min(128, 'must be at least 128: an extraction process needs about that to start with the rules compiled').default(1024),
  /** Where downloads are kept while they are scanned; '' = the system temp directory. */
  temp_dir: z.string().default(''),
  malware: malwareSchema.prefault({}),
});

const severityLevel = z.enum(['low', 'medium', 'high', 'critical']);

/**
 * A policy: which findings it matches (every given criterion must hold; a list matches if any
 * item does) and what happens to them. Policies are tried in order and the FIRST that matches
 * decides; a finding no policy matches is recorded and logged, nothing more.
 */
const policySchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, 'must be lowercase letters, digits, - or _'),
  match: z.strictObject({
    /** Rule ids or globs (`aws-*`, `*-card`). */
    rules: z.array(z.string().min(1)).optional(),
    categories: z.array(z.enum(['pii', 'financial', 'secret', 'health', 'custom', 'malware', 'posture'])).optional(),
    /** This severity or worse. */
    min_severity: severityLevel.optional(),
    /** This confidence or higher. */
    min_confidence: z.enum(['low', 'medium', 'high']).optional(),
    /** User e-mails or globs (`*@contractors.example.com`), case-insensitive. */
    users: z.array(z.string().min(1)).optional(),
    /** Where the finding is: message text, an uploaded or knowledge file, an object beyond chats (gpt, project, memory ...), or a posture check. */
    source_kinds: z.array(z.enum([...ITEM_KINDS, 'file', 'posture'])).optional(),
  }).prefault({}),
  actions: z.strictObject({
    /** Sink names (keys of alerts.sinks). */
    alert: z.array(z.string().min(1)).default([]),
    /** Delete the conversation (only when remediation.enabled; otherwise a recorded dry run). */
    delete: z.boolean().default(false),
    /** Record the finding as suppressed: no alert, no deletion. */
    ignore: z.boolean().default(false),
  }).prefault({}),
});
export type PolicyConfig = z.infer<typeof policySchema>;

const alertsSchema = z.strictObject({
  /** Named sinks; policies refer to them by name. The `log` sink needs no entry. */
  sinks: z.record(z.string().regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, 'sink names are lowercase letters, digits, - or _'), sinkConfigSchema).default({}),
  /** Delivery attempts before an alert is marked dead (`leakwatch alerts retry` revives it). */
  max_attempts: positiveInt.default(10),
  retry_base_seconds: z.number().positive().default(5),
  retry_max_seconds: z.number().positive().default(900),
  /** Deliveries per sink per minute at most. */
  per_sink_per_minute: positiveInt.default(60),
  /**
   * 0: one alert per finding. N > 0: findings of one policy and conversation that arrive within
   * N seconds go out as one digest (one pasted spreadsheet is one message, not 500).
   */
  digest_seconds: nonNegativeInt.default(0),
  /** How often the outbox is read when idle. */
  poll_seconds: z.number().positive().default(2),
});

const remediationSchema = z.strictObject({
  /** The safety switch: false (default) records what would be deleted (a dry run) and deletes nothing. */
  enabled: z.boolean().default(false),
  /** Deletions per minute at most (the API allows 100 single-item calls per minute per key). */
  per_minute: positiveInt.default(30),
});

const daemonSchema = z.strictObject({
  poll_interval_seconds: z.number().positive().default(60),
  /** On first start (no checkpoint), how far back the daemon begins. */
  initial_lookback_hours: z.number().nonnegative().default(24),
  /** Bound on finishing in-flight work after SIGTERM before giving up. */
  shutdown_timeout_seconds: z.number().positive().default(30),
  /**
   * Under a systemd watchdog (WatchdogSec=): how long the fetch loop may go without progress
   * before the watchdog pings stop and systemd restarts the service. 0 = derived from api.* and
   * files.timeout_seconds (1,620 s with the defaults; see README "Running under systemd").
   */
  watchdog_stall_seconds: z.number().nonnegative().default(0),
});

/**
 * How long rows are kept (days; 0 = forever, the default). The daemon purges at start and once a
 * day; `leakwatch db purge [--dry-run]` does it by hand. The remediation audit trail, triage
 * history and suppressions are never purged (README "Retention and backup").
 */
const retentionSchema = z.strictObject({
  /** Findings first recorded more than N days ago; one whose alert or deletion is still pending (or dead, awaiting retry) is kept. */
  findings_days: nonNegativeInt.default(0),
  /** Finished scan and daemon runs (runs table) that ended more than N days ago, with their resume checkpoints. */
  scan_runs_days: nonNegativeInt.default(0),
  /** Scan errors (items or files not scanned, with the reason) recorded more than N days ago. */
  scan_errors_days: nonNegativeInt.default(0),
  /** Outbox rows done more than N days ago: alerts and deletions delivered (sent), given up (dead) or recorded as a dry run. */
  delivered_alerts_days: nonNegativeInt.default(0),
  /** Rows deleted per transaction: a purge never holds the write lock for long. */
  batch_rows: positiveInt.default(1000),
});
export type RetentionConfig = z.infer<typeof retentionSchema>;

const metricsSchema = z.strictObject({
  /** Serve /metrics (Prometheus), /healthz and /readyz while the daemon runs. */
  enabled: z.boolean().default(true),
  /** host:port of the listener ([v6]:port for IPv6); loopback by default. Port 0 takes a free port. */
  listen: z
    .string()
    .refine((v) => parseListen(v) !== null, 'must be host:port, e.g. 127.0.0.1:9464, 0.0.0.0:9464 or [::1]:9464 (port 0-65535)')
    .default('127.0.0.1:9464'),
  /**
   * /readyz fails when the Compliance API has not answered successfully for this long; 0 = the
   * larger of 600 s and twice daemon.poll_interval_seconds. Set, it must exceed the poll interval.
   */
  ready_api_window_seconds: z.number().nonnegative().default(0),
});

const reportSchema = z.strictObject({
  /** Where `leakwatch serve` listens: a loopback host and port (127.0.0.1, ::1 or localhost); port 0 picks a free one. */
  listen: z
    .string()
    .refine((v) => parseListen(v) !== null, 'must be host:port, e.g. 127.0.0.1:8731 or [::1]:8731 (port 0 picks a free one)')
    .refine((v) => isLoopback(parseListen(v)?.host ?? '127.0.0.1'), 'the report page listens on loopback only (127.0.0.1, ::1 or localhost); reach it from elsewhere through an SSH tunnel')
    .default('127.0.0.1:8731'),
  /** A file holding the page's access token; a bare name is looked up in $CREDENTIALS_DIRECTORY. Null: token_env, else a random token per start. */
  token_file: z.string().min(1).nullable().default(null),
  /** Environment variable holding the access token when token_file is not set. */
  token_env: z.string().min(1).default('LEAKWATCH_REPORT_TOKEN'),
});

const domain = z.string().refine((v) => /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(normalizeDomain(v)), 'must be a domain name such as example.com (it covers its subdomains too)');

const inventorySchema = z.strictObject({
  /**
   * Minutes between the daemon's refreshes of each workspace's inventory (users, GPTs, projects,
   * automations, Codex environments), each followed by a posture run; 0 = the daemon does neither
   * (leakwatch inventory --refresh and leakwatch posture do it by hand).
   */
  refresh_minutes: nonNegativeInt.default(360),
});

const postureSchema = z.strictObject({
  /** The company's e-mail domains (each covers its subdomains); a user with another domain fails user-external-domain. Empty: that check is skipped as not configured. */
  company_domains: z.array(domain).default([]),
  /** Domains GPT and project actions may call (each covers its subdomains); an action calling another fails action-domain-not-allowed. Empty: every action domain fails. */
  allowed_action_domains: z.array(domain).default([]),
});

/**
 * Organization posture through OpenAI's Administration API (README "Organization posture"):
 * a second, optional credential, an Admin API key of the organization behind the workspace.
 * One organization per leakwatch: the key is top-level, not per workspace, because an Admin key
 * belongs to an organization and every workspace of it reads the same users, projects and keys.
 * Timeouts and retries come from the api block; pacing is its own (the key has its own budget).
 */
const adminChecksSchema = z.strictObject({
  /** too-many-owners: more organization owners than this fails. */
  max_owners: positiveInt.default(3),
  /** admin-key-stale: an Admin API key created more than N days ago. */
  admin_key_max_age_days: positiveInt.default(180),
  /** admin-key-stale: an Admin API key not used for N days (never used: created N days ago). */
  admin_key_unused_days: positiveInt.default(30),
  /** project-key-old: a project API key created more than N days ago. */
  project_key_max_age_days: positiveInt.default(365),
  /** project-key-unused: a user's project API key not used for N days (never used: created N days ago). */
  project_key_unused_days: positiveInt.default(60),
  /** service-account-key-unused: a service account whose keys were none of them used for N days. */
  service_account_unused_days: positiveInt.default(60),
  /** invite-pending-too-long: an invite still pending N days after it was sent. */
  invite_pending_days: positiveInt.default(14),
});
export type AdminChecksConfig = z.infer<typeof adminChecksSchema>;

const adminSchema = z.strictObject({
  /** Read the organization through the Administration API (needs an Admin API key). */
  enabled: z.boolean().default(false),
  /** The organization id (org-...), sent as OpenAI-Organization so a key of another organization is refused; null: not sent. */
  organization_id: z.string().regex(/^org-[A-Za-z0-9]+$/, 'must be the organization id, org-... (platform.openai.com/settings/organization/general)').nullable().default(null),
  /** Administration API base URL; paths /organization/... are appended. */
  base_url: z.url({ protocol: /^https?$/ }).default('https://api.openai.com/v1'),
  /** Environment variable holding the Admin API key. */
  api_key_env: z.string().min(1).default('LEAKWATCH_ADMIN_KEY'),
  /** A file holding the Admin API key; a bare name is looked up in $CREDENTIALS_DIRECTORY. Unset: $CREDENTIALS_DIRECTORY/leakwatch-admin-key if present. */
  api_key_file: z.string().min(1).nullable().default(null),
  /** Requests per minute at most (OpenAI publishes no Administration API limits). */
  requests_per_minute: positiveInt.default(60),
  /** Items per list page (the API allows 1-100). */
  page_size: positiveInt.max(100).default(100),
  /** Thresholds of the organization posture checks. */
  checks: adminChecksSchema.prefault({}),
});
export type AdminConfig = z.infer<typeof adminSchema>;

/**
 * One workspace of several: its id, a display name, and where its key and API are. An entry
 * that sets neither api_key_env nor api_key_file uses the top-level api key (workspaces of one
 * organisation can share a key); one that sets either uses only what it names. Every other api
 * setting (timeouts, retries, rate limits, page sizes) comes from the top-level api block; the
 * rate limits are per key, so each workspace paces its own client.
 */
const workspaceSchema = z.strictObject({
  /** The workspace id (a UUID, from the admin console). */
  id: z.string().min(1, 'the workspace UUID from the ChatGPT admin console'),
  /** Shown in logs, progress and status; default: the id. */
  name: z.string().min(1).nullable().default(null),
  /** Default: api.base_url. */
  base_url: z.url({ protocol: /^https?$/ }).optional(),
  /** Environment variable holding this workspace's key. */
  api_key_env: z.string().min(1).optional(),
  /** A file holding this workspace's key (a bare name is looked up in $CREDENTIALS_DIRECTORY). */
  api_key_file: z.string().min(1).optional(),
});

export type WorkspaceEntry = z.infer<typeof workspaceSchema>;

export const configSchema = z.strictObject({
  /** The ChatGPT Enterprise workspace id (a UUID). Exactly one of workspace_id and workspaces. */
  workspace_id: z.string().min(1, 'workspace_id is required (the workspace UUID from the ChatGPT admin console)').optional(),
  /** Several workspaces scanned by one leakwatch, instead of workspace_id. */
  workspaces: z.array(workspaceSchema).min(1, 'list at least one workspace, or use workspace_id').optional(),
  api: apiSchema.prefault({}),
  sources: sourcesSchema.prefault({}),
  database: z.strictObject({ path: z.string().min(1).default('./leakwatch.db') }).prefault({}),
  rules: rulesSchema.prefault({}),
  pipeline: pipelineSchema.prefault({}),
  files: filesSchema.prefault({}),
  policies: z.array(policySchema).default([]),
  alerts: alertsSchema.prefault({}),
  remediation: remediationSchema.prefault({}),
  daemon: daemonSchema.prefault({}),
  retention: retentionSchema.prefault({}),
  metrics: metricsSchema.prefault({}),
  report: reportSchema.prefault({}),
  inventory: inventorySchema.prefault({}),
  posture: postureSchema.prefault({}),
  admin: adminSchema.prefault({}),
  log: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    })
    .prefault({}),
});

/** The file as validated, before the workspace forms are resolved (config/load.ts does that). */
export type RawConfig = z.infer<typeof configSchema>;
export type ApiConfig = z.infer<typeof apiSchema>;

/** Where one workspace's API key comes from (config/api-key.ts reads it). */
export interface KeySource {
  /** A key file; a bare name is looked up in $CREDENTIALS_DIRECTORY. */
  file: string | null;
  /** An environment variable. */
  env: string | null;
  /** Whether $CREDENTIALS_DIRECTORY/leakwatch-api-key is tried before the variable (the top-level key only). */
  defaultCredential: boolean;
  /** The config key that says so, for error messages: `api` or `workspaces.N`. */
  origin: string;
}

/** One workspace, resolved: the rest of the code never looks at the two config forms. */
export interface WorkspaceConfig {
  id: string;
  name: string | null;
  /** name, else id: for logs, progress and status. */
  label: string;
  /** The api block this workspace's client uses (top-level settings with its base_url). */
  api: ApiConfig;
  key: KeySource;
}

/**
 * The configuration the program uses: `workspace_id` or `workspaces` resolved into one list
 * (the single form is a list of one, keyed by the top-level api block).
 */
export type Config = Omit<RawConfig, 'workspace_id' | 'workspaces'> & { workspaces: WorkspaceConfig[] };

/** metrics.ready_api_window_seconds in force (0 = derived from the poll interval). */
export function readyApiWindowSeconds(config: Pick<Config, 'metrics' | 'daemon'>): number {
  const set = config.metrics.ready_api_window_seconds;
  return set > 0 ? set : Math.max(600, 2 * config.daemon.poll_interval_seconds);
}

/** Checks across sections that the per-key schema cannot see; every problem as "key.path: message". */
export function crossCheck(config: RawConfig): string[] {
  const problems: string[] = [];
  if (config.workspace_id === undefined && config.workspaces === undefined) {
    problems.push('workspace_id: required: set workspace_id (the workspace UUID from the ChatGPT admin console), or list several under workspaces');
  }
  if (config.workspace_id !== undefined && config.workspaces !== undefined) {
    problems.push('workspaces: cannot be combined with workspace_id: move that workspace into the workspaces list (id: ...) and remove workspace_id');
  }
  const ids = new Map<string, number>();
  config.workspaces?.forEach((w, i) => {
    const earlier = ids.get(w.id);
    if (earlier !== undefined) problems.push(`workspaces.${i}.id: "${w.id}" is already listed as workspaces.${earlier}; each workspace once`);
    else ids.set(w.id, i);
  });
  const seen = new Set<string>();
  config.policies.forEach((p, i) => {
    if (seen.has(p.name)) problems.push(`policies.${i}.name: "${p.name}" is used by an earlier policy; names must be unique`);
    seen.add(p.name);
    p.actions.alert.forEach((sink, k) => {
      if (sink !== 'log' && !Object.hasOwn(config.alerts.sinks, sink)) {
        problems.push(`policies.${i}.actions.alert.${k}: no sink named "${sink}" (define it under alerts.sinks, or use "log")`);
      }
    });
    if (p.actions.ignore && (p.actions.alert.length > 0 || p.actions.delete)) {
      problems.push(`policies.${i}.actions: ignore cannot be combined with alert or delete`);
    }
  });
  if (config.metrics.enabled && config.metrics.ready_api_window_seconds > 0 && config.metrics.ready_api_window_seconds <= config.daemon.poll_interval_seconds) {
    problems.push(`metrics.ready_api_window_seconds: ${config.metrics.ready_api_window_seconds} must be longer than daemon.poll_interval_seconds (${config.daemon.poll_interval_seconds}), or /readyz fails between polls`);
  }
  return problems;
}
export type Confidence = z.infer<typeof confidence>;
