import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { loadConfigFile } from '../../src/config/load.js';
import { runCli, tempDir } from '../helpers/harness.js';

/**
 * `leakwatch init` as an administrator runs it in a script (no terminal, flags only), against the
 * simulator: the config it writes is private, doctor accepts it, and neither the file nor anything
 * printed holds a key; the support e-mail quotes the last four characters only.
 */

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 17, users: 12, conversations: 20, historyDays: 10, files: false, rateLimits: false, logsRetentionDays: 30 });
}, 60_000);

afterAll(async () => {
  await sim.close();
});

function initArgs(file: string, keyFile: string, extra: string[] = [], keyName = 'leakwatch-dlp'): string[] {
  return [
    'init', '--config', file, '--workspace-id', sim.workspaceId, '--organization-id', sim.admin.organizationId,
    '--key-file', keyFile, '--admin-key-env', 'LW_INIT_TEST_ADMIN_KEY', '--database', 'data/leakwatch.db',
    '--api-base-url', sim.url, '--admin-base-url', sim.url, '--company-domain', sim.admin.groundTruth().companyDomain,
    '--key-name', keyName, '--key-creator', 'secops@example.com', ...extra,
  ];
}

describe('leakwatch init', () => {
  it('writes a 0600 config that doctor accepts, and an e-mail with the last four characters only', async () => {
    const dir = tempDir('lw-init-');
    const keyFile = join(dir, 'compliance.key');
    writeFileSync(keyFile, `${sim.apiKey}\n`, { mode: 0o600 });
    const file = join(dir, 'leakwatch.yaml');
    const env = { ...process.env, LW_INIT_TEST_ADMIN_KEY: sim.adminKey };
    mkdirSync(join(dir, 'data'));
    const run = await runCli(initArgs(file, keyFile, ['--non-interactive']), env).done;
    expect(run.stderr).toBe('');
    expect(run.status, run.stdout).toBe(0);

    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    const cfg = loadConfigFile(file, env).config;
    expect(cfg.workspaces[0]?.id).toBe(sim.workspaceId);
    expect(cfg.workspaces[0]?.key.file).toBe(keyFile);
    expect(cfg.admin).toMatchObject({ enabled: true, organization_id: sim.admin.organizationId, api_key_env: 'LW_INIT_TEST_ADMIN_KEY' });
    expect(cfg.database.path).toBe(join(dir, 'data/leakwatch.db'));
    expect(text).toMatch(/^# /m);

    for (const line of ['users', 'source logs', 'admin key', 'admin api', 'admin reads']) expect(run.stdout).toMatch(new RegExp(`^ok +${line}\\b`, 'm'));
    expect(run.stdout).toContain(`Last four characters:  ${sim.apiKey.slice(-4)}`);
    expect(run.stdout).toContain('Requested scopes:      read, delete');
    expect(run.stdout).toContain(`Workspace ID:          ${sim.workspaceId}`);
    for (const secret of [sim.apiKey, sim.adminKey, sim.apiKey.slice(-8), sim.adminKey.slice(-8)]) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
      expect(text).not.toContain(secret);
    }

    // Never over an existing file without --force.
    const again = await runCli(initArgs(file, keyFile, ['--skip-doctor']), env).done;
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('already exists');
    expect(readFileSync(file, 'utf8')).toBe(text);
    const forced = await runCli(initArgs(file, keyFile, ['--skip-doctor', '--force'], 'renamed'), env).done;
    expect(forced.status).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(forced.stdout).toContain('API key name:          renamed');
  }, 120_000);

  it('without a terminal, a missing value is a usage error naming its flag; nothing is written', async () => {
    const dir = tempDir('lw-init-');
    const file = join(dir, 'leakwatch.yaml');
    const run = await runCli(['init', '--config', file, '--skip-doctor'], process.env).done;
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--workspace-id');
    const bad = await runCli(['init', '--config', file, '--workspace-id', 'not-a-uuid', '--key-env', '1BAD', '--skip-doctor'], process.env).done;
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--workspace-id: the workspace id is a UUID');
    expect(bad.stderr).toContain('--key-env:');
    expect(() => statSync(file)).toThrow();
  }, 60_000);

  it('doctor reports a rejected admin key clearly (exit 3), without echoing it', async () => {
    const dir = tempDir('lw-init-');
    const keyFile = join(dir, 'compliance.key');
    writeFileSync(keyFile, sim.apiKey, { mode: 0o600 });
    const file = join(dir, 'leakwatch.yaml');
    mkdirSync(join(dir, 'data'));
    const made = await runCli(initArgs(file, keyFile, ['--skip-doctor']), process.env).done;
    expect(made.status).toBe(0);
    const wrong = 'sk-admin-this-is-not-the-key-9876';
    const run = await runCli(['doctor', '--config', file], { ...process.env, LEAKWATCH_API_KEY: '', LW_INIT_TEST_ADMIN_KEY: wrong }).done;
    expect(run.status).toBe(3);
    expect(run.stdout).toMatch(/^ok +users\b/m);
    const line = run.stdout.split('\n').find((l) => /^FAIL +admin api\b/.test(l));
    expect(line, run.stdout).toBeDefined();
    expect(line).toContain('401');
    expect(line).toContain('Admin API key was rejected');
    expect(run.stdout).toContain('…9876');
    expect(run.stdout + run.stderr).not.toContain(wrong);
    // A Compliance key where the Admin key belongs is named as such by the server.
    const swapped = await runCli(['doctor', '--config', file], { ...process.env, LW_INIT_TEST_ADMIN_KEY: sim.apiKey }).done;
    expect(swapped.status).toBe(3);
    expect(swapped.stdout).toMatch(/^FAIL +admin api .*requires an Admin API key/m);
    expect(swapped.stdout + swapped.stderr).not.toContain(sim.apiKey);
  }, 120_000);
});
