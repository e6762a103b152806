import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync, chmodSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { LeakwatchError } from '../errors.js';

/**
 * `leakwatch init`: from the administrator's answers to a commented config file (mode 0600,
 * written atomically, never over an existing file unless forced) and the e-mail to OpenAI support
 * that asks for the Compliance API scopes. Keys are never written, printed or logged: the file
 * names where each key comes from, and the e-mail quotes its last four characters only.
 */

/** Where a key comes from: an environment variable, a file, or a systemd credential (LoadCredential=). */
export type KeySource =
  | { kind: 'env'; name: string }
  | { kind: 'file'; path: string }
  | { kind: 'credential'; name: string };

export interface InitAnswers {
  workspaceId: string;
  /** org-..., or null when not known yet. */
  organizationId: string | null;
  complianceKey: KeySource;
  /** Null: no Admin API key (organization posture off). */
  adminKey: KeySource | null;
  databasePath: string;
  /** Null: the default (https://api.chatgpt.com/v1). */
  apiBaseUrl: string | null;
  /** Null: the default (https://api.openai.com/v1). */
  adminBaseUrl: string | null;
  companyDomains: string[];
  /** For the support e-mail: the Compliance key's name and who created it. */
  keyName: string | null;
  keyCreator: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ORG = /^org-[A-Za-z0-9]+$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CREDENTIAL = /^[A-Za-z0-9_.@-]+$/;
const DOMAIN = /^[a-z0-9.-]+\.[a-z]{2,}$/i;

export const validators = {
  workspaceId: (v: string): string | true => UUID.test(v) || 'the workspace id is a UUID (ChatGPT admin console > Settings > Workspace)',
  organizationId: (v: string): string | true => v === '' || ORG.test(v) || 'the organization id looks like org-... (platform.openai.com > Settings > Organization > General)',
  envName: (v: string): string | true => ENV_NAME.test(v) || 'an environment variable name: letters, digits and _, not starting with a digit',
  credential: (v: string): string | true => CREDENTIAL.test(v) || 'a systemd credential name: letters, digits, . _ - @ (no slash)',
  filePath: (v: string): string | true => v !== '' || 'a file path',
  domain: (v: string): string | true => DOMAIN.test(v) || 'a domain such as example.com',
};

/** Every problem with the answers at once, each naming its flag. */
export function checkAnswers(a: InitAnswers): string[] {
  const problems: string[] = [];
  const check = (ok: string | true, flag: string): void => {
    if (ok !== true) problems.push(`${flag}: ${ok}`);
  };
  check(validators.workspaceId(a.workspaceId), '--workspace-id');
  if (a.organizationId !== null) check(validators.organizationId(a.organizationId), '--organization-id');
  const source = (s: KeySource, prefix: string): void => {
    if (s.kind === 'env') check(validators.envName(s.name), `--${prefix}-env`);
    else if (s.kind === 'credential') check(validators.credential(s.name), `--${prefix}-credential`);
    else check(validators.filePath(s.path), `--${prefix}-file`);
  };
  source(a.complianceKey, 'key');
  if (a.adminKey !== null) source(a.adminKey, 'admin-key');
  for (const d of a.companyDomains) check(validators.domain(d), '--company-domain');
  if (a.databasePath === '') problems.push('--database: a file path');
  return problems;
}

/** The config keys naming a key source, and a comment saying where the key is. */
function keyLines(s: KeySource, indent: string, what: string): string[] {
  const q = JSON.stringify;
  if (s.kind === 'env') return [`${indent}# The ${what} is read from the environment variable ${s.name} (never put it in this file).`, `${indent}api_key_env: ${q(s.name)}`];
  if (s.kind === 'file') {
    return [`${indent}# The ${what} is read from this file (keep it mode 0600, readable by leakwatch only).`, `${indent}api_key_file: ${q(s.path)}`];
  }
  return [
    `${indent}# The ${what} is a systemd credential (LoadCredential=${s.name}:/path/to/key in the unit): a bare name is`,
    `${indent}# looked up in $CREDENTIALS_DIRECTORY.`,
    `${indent}api_key_file: ${q(s.name)}`,
  ];
}

/** The config file: only what init asked, commented; every other key keeps its default. */
export function renderConfig(a: InitAnswers, now: Date = new Date()): string {
  const q = JSON.stringify;
  const lines = [
    `# leakwatch configuration, written by \`leakwatch init\` on ${now.toISOString().slice(0, 10)}.`,
    '# Every other key keeps its default: config.example.yaml lists them all, with comments.',
    '# No key is stored here: the file says where each one comes from.',
    '',
    '# The ChatGPT Enterprise workspace (admin console > Settings > Workspace).',
    `workspace_id: ${q(a.workspaceId)}`,
    '',
    'api:',
    ...(a.apiBaseUrl === null ? [] : ['  # Compliance API base URL.', `  base_url: ${q(a.apiBaseUrl)}`]),
    ...keyLines(a.complianceKey, '  ', 'Compliance API key (scopes read, and delete for remediation)'),
    '',
    'database:',
    '  # SQLite file (WAL mode), created if missing; a relative path is relative to this file.',
    `  path: ${q(a.databasePath)}`,
    '',
    '# Organization posture through the Administration API (README "Organization posture").',
    'admin:',
    `  enabled: ${a.adminKey !== null}`,
    ...(a.organizationId === null ? [] : ['  # The organization behind the workspace: a key of another organization is refused.', `  organization_id: ${q(a.organizationId)}`]),
    ...(a.adminBaseUrl === null ? [] : ['  # Administration API base URL.', `  base_url: ${q(a.adminBaseUrl)}`]),
    ...(a.adminKey === null
      ? ['  # No Admin API key yet: create one (an organization owner, platform.openai.com > Settings > Admin keys),', '  # name where it comes from below, and set enabled: true.']
      : keyLines(a.adminKey, '  ', 'Admin API key (read-only use: leakwatch never changes the organization)')),
    '',
    ...(a.companyDomains.length === 0 ? [] : [
      '# The workspace and organization posture checks (README "Posture checks").',
      'posture:',
      '  # The company\'s e-mail domains (subdomains included): users, members and invites outside them are reported.',
      `  company_domains: [${a.companyDomains.map((d) => q(d.toLowerCase())).join(', ')}]`,
      '',
    ]),
  ];
  return lines.join('\n');
}

/**
 * Writes the file with mode 0600 through a temporary file in the same folder and a rename, so a
 * crash leaves either nothing or the whole file. Refuses an existing file unless `force`.
 */
export function writeConfigFile(path: string, text: string, force: boolean): string {
  const abs = resolve(path);
  if (existsSync(abs) && !force) {
    throw new LeakwatchError('CONFIG_EXISTS', 'usage', `${abs} already exists: leakwatch init does not overwrite a config; pass --force to replace it, or --config <another file>`);
  }
  const tmp = join(dirname(abs), `.${randomBytes(6).toString('hex')}.leakwatch-init.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'wx', 0o600);
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    // The umask cannot widen 0600, but an inherited ACL or odd umask must not either.
    chmodSync(tmp, 0o600);
    renameSync(tmp, abs);
  } catch (err) {
    if (fd !== null) closeSync(fd);
    rmSync(tmp, { force: true });
    throw new LeakwatchError('CONFIG_UNWRITABLE', 'config', `cannot write ${abs}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return abs;
}

/**
 * The key's last four characters, read from where it comes from, or null when it cannot be read
 * now (a systemd credential outside systemd, a variable not set). Never more than four characters.
 */
export function keyLastFour(s: KeySource, env: NodeJS.ProcessEnv, cwd: string = process.cwd()): string | null {
  let key: string | undefined;
  try {
    if (s.kind === 'env') key = env[s.name];
    else if (s.kind === 'file') key = readFileSync(isAbsolute(s.path) ? s.path : resolve(cwd, s.path), 'utf8');
    else if (env.CREDENTIALS_DIRECTORY !== undefined) key = readFileSync(join(env.CREDENTIALS_DIRECTORY, s.name), 'utf8');
  } catch {
    return null;
  }
  const trimmed = key?.trim() ?? '';
  return trimmed.length >= 8 ? trimmed.slice(-4) : null;
}

export function describeSource(s: KeySource): string {
  if (s.kind === 'env') return `the environment variable ${s.name}`;
  if (s.kind === 'file') return `the file ${s.path}`;
  return `the systemd credential ${s.name}`;
}

/** The e-mail to OpenAI support that asks for the Compliance API scopes, as the vendors' guides describe it. */
export function supportEmail(a: InitAnswers, lastFour: string | null): string {
  const fill = (v: string | null, what: string): string => v ?? `<${what}>`;
  return [
    'To: support@openai.com',
    `Subject: Compliance API scopes for ChatGPT Enterprise workspace ${a.workspaceId}`,
    '',
    'Hello,',
    '',
    'Please grant the Compliance API scopes "read" and "delete" (chatgpt.enterprise.compliance_export)',
    'to the following API key of our ChatGPT Enterprise workspace. We use it for data loss prevention:',
    'reading conversations and files, and deleting conversations that contain sensitive data.',
    '',
    `  Workspace ID:          ${a.workspaceId}`,
    `  Organization ID:       ${fill(a.organizationId, 'org-... of the organization the key was created in')}`,
    `  API key name:          ${fill(a.keyName, 'the key\'s name')}`,
    `  Created by:            ${fill(a.keyCreator, 'the e-mail of the person who created the key')}`,
    `  Last four characters:  ${fill(lastFour, 'the key\'s last four characters')}`,
    '  Requested scopes:      read, delete',
    '',
    'We understand that the key\'s other scopes are removed when these are granted.',
    '',
    'Thank you,',
    fill(a.keyCreator, 'your name'),
  ].join('\n');
}
