import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { LeakwatchError } from '../../errors.js';
import { createLogger } from '../../log.js';
import { DEFAULT_CONFIG_FILE, loadConfigFile } from '../../config/load.js';
import { DEFAULT_ADMIN_CREDENTIAL_NAME, DEFAULT_CREDENTIAL_NAME } from '../../config/api-key.js';
import { runDoctor } from '../../app/doctor.js';
import {
  checkAnswers, describeSource, keyLastFour, renderConfig, supportEmail, validators, writeConfigFile, type InitAnswers, type KeySource,
} from '../../app/init.js';
import { askChoice, askText } from '../prompt.js';
import { EXIT } from '../exit.js';
import type { GlobalArgs } from '../common.js';
import { printChecks } from './doctor.js';

type SourceKind = KeySource['kind'];

export interface InitArgs extends GlobalArgs {
  'workspace-id'?: string;
  'organization-id'?: string;
  'key-source'?: SourceKind;
  'key-env'?: string;
  'key-file'?: string;
  'key-credential'?: string;
  'admin-key-source'?: SourceKind | 'none';
  'admin-key-env'?: string;
  'admin-key-file'?: string;
  'admin-key-credential'?: string;
  database?: string;
  'api-base-url'?: string;
  'admin-base-url'?: string;
  'company-domain'?: string[];
  'key-name'?: string;
  'key-creator'?: string;
  force: boolean;
  'non-interactive': boolean;
  'skip-doctor': boolean;
}

const SOURCES = ['env', 'file', 'credential'] as const;

export function initBuilder(y: Argv): Argv<InitArgs> {
  return y
    .option('workspace-id', { type: 'string', describe: 'the ChatGPT Enterprise workspace id (a UUID)' })
    .option('organization-id', { type: 'string', describe: 'the OpenAI organization id (org-...)' })
    .option('key-source', { choices: SOURCES, describe: 'where the Compliance API key comes from (default: env, or what --key-file/--key-credential imply)' })
    .option('key-env', { type: 'string', describe: 'environment variable holding the Compliance API key (default LEAKWATCH_API_KEY)' })
    .option('key-file', { type: 'string', describe: 'file holding the Compliance API key' })
    .option('key-credential', { type: 'string', describe: `systemd credential name of the Compliance API key (default ${DEFAULT_CREDENTIAL_NAME})` })
    .option('admin-key-source', { choices: ['none', ...SOURCES] as const, describe: 'where the Admin API key comes from; none: no organization posture (default: none, or what --admin-key-* imply)' })
    .option('admin-key-env', { type: 'string', describe: 'environment variable holding the Admin API key (default LEAKWATCH_ADMIN_KEY)' })
    .option('admin-key-file', { type: 'string', describe: 'file holding the Admin API key' })
    .option('admin-key-credential', { type: 'string', describe: `systemd credential name of the Admin API key (default ${DEFAULT_ADMIN_CREDENTIAL_NAME})` })
    .option('database', { type: 'string', describe: 'SQLite database file (default ./leakwatch.db next to the config)' })
    .option('api-base-url', { type: 'string', describe: 'Compliance API base URL (default https://api.chatgpt.com/v1)' })
    .option('admin-base-url', { type: 'string', describe: 'Administration API base URL (default https://api.openai.com/v1)' })
    .option('company-domain', { type: 'string', array: true, describe: 'the company\'s e-mail domain(s) (posture.company_domains): users, members and invites outside them are reported' })
    .option('key-name', { type: 'string', describe: 'the Compliance key\'s name, for the e-mail to OpenAI support' })
    .option('key-creator', { type: 'string', describe: 'who created the Compliance key (e-mail), for the e-mail to OpenAI support' })
    .option('force', { type: 'boolean', default: false, describe: 'replace an existing config file' })
    .option('non-interactive', { type: 'boolean', default: false, describe: 'ask nothing: flags only (the default without a terminal)' })
    .option('skip-doctor', { type: 'boolean', default: false, describe: 'write the config without running leakwatch doctor on it' }) as unknown as Argv<InitArgs>;
}

/** A value from its flag, else asked on a terminal, else the default (or a usage error when there is none). */
type Asker = (flag: string, given: string | undefined, question: string, opts: { default?: string; validate?: (v: string) => string | true }) => Promise<string>;

function impliedSource(explicit: string | undefined, file: string | undefined, credential: string | undefined, fallback: SourceKind | 'none'): SourceKind | 'none' {
  if (explicit !== undefined) return explicit as SourceKind | 'none';
  if (file !== undefined) return 'file';
  if (credential !== undefined) return 'credential';
  return fallback;
}

async function keySource(
  ask: Asker, interactive: boolean, kind: SourceKind | 'none', label: string, prefix: string, args: { env?: string; file?: string; credential?: string },
  defaults: { env: string; credential: string },
): Promise<KeySource | null> {
  let chosen = kind;
  if (interactive && args.env === undefined && args.file === undefined && args.credential === undefined) {
    chosen = await askChoice(`Where does the ${label} come from?`, [
      ...(prefix === 'admin-key' ? [{ value: 'none' as const, name: 'no Admin API key (organization posture off)' }] : []),
      { value: 'env', name: 'an environment variable' },
      { value: 'file', name: 'a file (mode 0600)' },
      { value: 'credential', name: 'a systemd credential (LoadCredential=)' },
    ], kind);
  }
  if (chosen === 'none') return null;
  if (chosen === 'env') return { kind: 'env', name: await ask(`--${prefix}-env`, args.env, `Environment variable holding the ${label}`, { default: defaults.env, validate: validators.envName }) };
  if (chosen === 'credential') {
    return { kind: 'credential', name: await ask(`--${prefix}-credential`, args.credential, `systemd credential name of the ${label}`, { default: defaults.credential, validate: validators.credential }) };
  }
  const path = await ask(`--${prefix}-file`, args.file, `File holding the ${label}`, { validate: validators.filePath });
  return { kind: 'file', path: resolve(path) };
}

export async function initCommand(argv: InitArgs): Promise<number> {
  const interactive = !argv['non-interactive'] && process.stdin.isTTY === true && process.stdout.isTTY === true;
  const ask: Asker = async (flag, given, question, opts) => {
    if (given !== undefined) return given.trim();
    if (interactive) return askText(question, opts);
    if (opts.default !== undefined) return opts.default;
    throw new LeakwatchError('USAGE', 'usage', `leakwatch init without a terminal needs ${flag} (run it on a terminal to be asked, or pass every value as a flag)`);
  };
  const askOptional = async (given: string | undefined, question: string, validate?: (v: string) => string | true): Promise<string | null> => {
    if (given !== undefined) return given.trim() === '' ? null : given.trim();
    if (!interactive) return null;
    const v = await askText(`${question} (Enter to skip)`, { default: '', validate: validate ? (x) => (x === '' ? true : validate(x)) : undefined });
    return v === '' ? null : v;
  };

  const workspaceId = await ask('--workspace-id', argv['workspace-id'], 'Workspace id (ChatGPT admin console > Settings > Workspace, a UUID)', { validate: validators.workspaceId });
  const organizationId = await askOptional(argv['organization-id'], 'Organization id (org-..., platform.openai.com > Settings > Organization)', validators.organizationId);
  const complianceKey = await keySource(ask, interactive, impliedSource(argv['key-source'], argv['key-file'], argv['key-credential'], 'env') as SourceKind,
    'Compliance API key', 'key', { env: argv['key-env'], file: argv['key-file'], credential: argv['key-credential'] }, { env: 'LEAKWATCH_API_KEY', credential: DEFAULT_CREDENTIAL_NAME });
  const adminKey = await keySource(ask, interactive, impliedSource(argv['admin-key-source'], argv['admin-key-file'], argv['admin-key-credential'], argv['admin-key-env'] !== undefined ? 'env' : 'none'),
    'Admin API key', 'admin-key', { env: argv['admin-key-env'], file: argv['admin-key-file'], credential: argv['admin-key-credential'] }, { env: 'LEAKWATCH_ADMIN_KEY', credential: DEFAULT_ADMIN_CREDENTIAL_NAME });
  const databasePath = await ask('--database', argv.database, 'Database file (relative to the config file)', { default: './leakwatch.db' });
  const domains = argv['company-domain'] ?? (adminKey !== null ? (await askOptional(undefined, 'Company e-mail domains, comma-separated'))?.split(',') ?? [] : []);
  const answers: InitAnswers = {
    workspaceId, organizationId, complianceKey: complianceKey as KeySource, adminKey, databasePath,
    apiBaseUrl: argv['api-base-url'] ?? null, adminBaseUrl: argv['admin-base-url'] ?? null,
    companyDomains: domains.map((d) => d.trim()).filter((d) => d !== ''),
    keyName: await askOptional(argv['key-name'], 'Name of the Compliance API key (for the e-mail to OpenAI support)'),
    keyCreator: await askOptional(argv['key-creator'], 'Who created the key (e-mail, for the e-mail to OpenAI support)'),
  };
  const problems = checkAnswers(answers);
  if (problems.length > 0) throw new LeakwatchError('USAGE', 'usage', `leakwatch init: ${problems.length} problem(s)`, { details: problems });

  const file = writeConfigFile(argv.config ?? DEFAULT_CONFIG_FILE, renderConfig(answers), argv.force);
  const out = (s: string): void => void process.stdout.write(`${s}\n`);
  out(`wrote ${file} (mode 0600)`);
  out(`  Compliance API key: ${describeSource(answers.complianceKey)}`);
  out(`  Admin API key:      ${answers.adminKey === null ? 'none (organization posture off; add one later under admin:)' : describeSource(answers.adminKey)}`);

  let code: number = EXIT.ok;
  if (!argv['skip-doctor']) {
    out('\nleakwatch doctor:');
    const log = createLogger({ level: argv['log-level'] ?? 'warn' });
    const { config } = loadConfigFile(file);
    code = printChecks(await runDoctor(config, file, log));
    if (code !== EXIT.ok) out('(a 403 on users or logs is expected until OpenAI support has granted the read scope: run `leakwatch doctor` again then)');
  }
  const lastFour = keyLastFour(answers.complianceKey, process.env);
  out('\nSend this e-mail to OpenAI support to have the Compliance API scopes granted to the key');
  out('(leave out "delete" if leakwatch will never delete conversations):\n');
  out(supportEmail(answers, lastFour));
  if (lastFour === null) out(`\n(the key could not be read from ${describeSource(answers.complianceKey)} now: fill in its last four characters yourself)`);
  return code;
}
