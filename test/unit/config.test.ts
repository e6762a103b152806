import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile, parseConfig } from '../../src/config/load.js';
import { resolveApiKey } from '../../src/config/api-key.js';
import { LeakwatchError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'lw-config-'));
const write = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(LeakwatchError);
    const e = err as LeakwatchError;
    expect(e.kind).toBe('config');
    return [...e.details];
  }
  throw new Error('expected a config error');
}

describe('config', () => {
  it('config.example.yaml documents exactly the schema defaults', () => {
    const env = { LEAKWATCH_WORKSPACE_ID: 'ws-1' };
    const fromExample = loadConfigFile(join(process.cwd(), 'config.example.yaml'), env).config;
    const defaults = parseConfig({ workspace_id: 'ws-1' }, env);
    defaults.database.path = fromExample.database.path; // resolved against the file's folder
    expect(fromExample).toEqual(defaults);
  });

  it('interpolates ${ENV} and ${ENV:-default}', () => {
    const cfg = parseConfig({ workspace_id: '${WS}', database: { path: '${DB:-/var/lib/lw.db}' } }, { WS: 'abc' });
    expect(cfg.workspaces.map((w) => w.id)).toEqual(['abc']);
    expect(cfg.database.path).toBe('/var/lib/lw.db');
  });

  it('lists every problem at once with its key path', () => {
    const file = write('bad.yaml', [
      'workspace_id: ${NOPE_NOT_SET}',
      'api:',
      '  max_attempts: 0',
      '  base_url: not a url',
      'pipeline:',
      '  threads: -1',
      'daemon:',
      '  pol_interval_seconds: 5',
    ].join('\n'));
    const problems = problemsOf(() => loadConfigFile(file, {}));
    expect(problems.some((p) => p.startsWith('workspace_id: environment variable NOPE_NOT_SET is not set'))).toBe(true);
    expect(problems.some((p) => p.startsWith('api.max_attempts:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('api.base_url:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('pipeline.threads:'))).toBe(true);
    expect(problems).toContain('daemon.pol_interval_seconds: unknown key (check the spelling against config.example.yaml)');
  });

  it('reports YAML syntax errors with the file name', () => {
    const file = write('syntax.yaml', 'workspace_id: [unclosed\n');
    expect(() => loadConfigFile(file, {})).toThrow(/syntax\.yaml is not valid YAML/);
  });

  it('reads the API key from a file, a systemd credential, or the environment, in that order', () => {
    const keyFile = write('key.txt', 'from-file\n');
    const credDir = mkdtempSync(join(tmpdir(), 'lw-cred-'));
    writeFileSync(join(credDir, 'leakwatch-api-key'), 'from-credential');
    const base = parseConfig({ workspace_id: 'w' }, {}).workspaces[0]!;
    const withFile = parseConfig({ workspace_id: 'w', api: { api_key_file: keyFile } }, {}).workspaces[0]!;
    expect(resolveApiKey(withFile, { LEAKWATCH_API_KEY: 'env' })).toBe('from-file');
    expect(resolveApiKey(base, { CREDENTIALS_DIRECTORY: credDir, LEAKWATCH_API_KEY: 'env' })).toBe('from-credential');
    expect(resolveApiKey(base, { LEAKWATCH_API_KEY: ' from-env ' })).toBe('from-env');
    expect(() => resolveApiKey(base, {})).toThrow(/LEAKWATCH_API_KEY/);
  });
});

describe('config: several workspaces', () => {
  it('the single form is a list of one workspace using the top-level api block', () => {
    const cfg = parseConfig({ workspace_id: 'ws-a', api: { base_url: 'https://eu.example.com/v1', api_key_env: 'KEY_A' } }, {});
    expect(cfg.workspaces).toHaveLength(1);
    const [w] = cfg.workspaces;
    expect(w).toMatchObject({ id: 'ws-a', name: null, label: 'ws-a', key: { env: 'KEY_A', file: null, defaultCredential: true, origin: 'api' } });
    expect(w!.api).toEqual(cfg.api);
    expect('workspace_id' in cfg).toBe(false);
  });

  it('a workspaces list: own base URL and key, everything else from the top-level api block', () => {
    const cfg = parseConfig({
      api: { base_url: 'https://api.example.com/v1', max_attempts: 3, api_key_env: 'SHARED_KEY' },
      workspaces: [
        { id: 'ws-a', name: 'Sales', api_key_env: 'KEY_A' },
        { id: 'ws-b', base_url: 'https://eu.example.com/v1', api_key_file: 'ws-b-key' },
        { id: 'ws-c' },
      ],
    }, {});
    const [a, b, c] = cfg.workspaces;
    expect(a).toMatchObject({ id: 'ws-a', name: 'Sales', label: 'Sales', key: { env: 'KEY_A', file: null, defaultCredential: false, origin: 'workspaces.0' } });
    expect(a!.api.base_url).toBe('https://api.example.com/v1');
    expect(b!.api.base_url).toBe('https://eu.example.com/v1');
    expect(b!.api.max_attempts).toBe(3);
    expect(b!.key).toEqual({ env: null, file: 'ws-b-key', defaultCredential: false, origin: 'workspaces.1' });
    // No key of its own: the top-level key (workspaces of one organisation can share it).
    expect(c!.key).toEqual({ env: 'SHARED_KEY', file: null, defaultCredential: true, origin: 'api' });
    expect(resolveApiKey(a!, { KEY_A: 'a-key', SHARED_KEY: 'shared' })).toBe('a-key');
    expect(resolveApiKey(c!, { KEY_A: 'a-key', SHARED_KEY: 'shared' })).toBe('shared');
    // A workspace with its own key source never falls back to the shared systemd credential.
    const credDir = mkdtempSync(join(tmpdir(), 'lw-cred-'));
    writeFileSync(join(credDir, 'leakwatch-api-key'), 'shared-credential');
    expect(() => resolveApiKey(a!, { CREDENTIALS_DIRECTORY: credDir })).toThrow(/no Compliance API key \(workspace Sales\): set the environment variable KEY_A/);
    expect(resolveApiKey(c!, { CREDENTIALS_DIRECTORY: credDir })).toBe('shared-credential');
  });

  it('needs exactly one of workspace_id and workspaces, and each workspace once', () => {
    expect(problemsOf(() => parseConfig({}, {}))).toEqual([
      'workspace_id: required: set workspace_id (the workspace UUID from the ChatGPT admin console), or list several under workspaces',
    ]);
    expect(problemsOf(() => parseConfig({ workspace_id: 'a', workspaces: [{ id: 'b' }] }, {}))[0]).toMatch(/^workspaces: cannot be combined with workspace_id/);
    expect(problemsOf(() => parseConfig({ workspaces: [{ id: 'a' }, { id: 'b' }, { id: 'a' }] }, {}))).toEqual([
      'workspaces.2.id: "a" is already listed as workspaces.0; each workspace once',
    ]);
    expect(problemsOf(() => parseConfig({ workspaces: [] }, {}))[0]).toMatch(/^workspaces: list at least one workspace/);
    const bad = problemsOf(() => parseConfig({ workspaces: [{ id: 'a', base_url: 'nope', api_key: 'x' }, { name: 'no id' }] }, {}));
    expect(bad).toContain('workspaces.0.api_key: unknown key (check the spelling against config.example.yaml)');
    expect(bad.some((p) => p.startsWith('workspaces.0.base_url:'))).toBe(true);
    expect(bad.some((p) => p.startsWith('workspaces.1.id:'))).toBe(true);
  });

  it('config.example.yaml\'s commented workspaces example is valid when uncommented', () => {
    const text = readFileSync(join(process.cwd(), 'config.example.yaml'), 'utf8');
    const block = /^# workspaces:\n((?:# {3}.*\n)+)/m.exec(text);
    expect(block, 'config.example.yaml has a commented "# workspaces:" block').not.toBeNull();
    const yaml = ['workspaces:', ...block![1]!.trimEnd().split('\n').map((l) => l.slice(2))].join('\n');
    const file = write('ws.yaml', yaml);
    const cfg = loadConfigFile(file, { KEY_SALES: 'k' }).config;
    expect(cfg.workspaces.length).toBeGreaterThanOrEqual(2);
  });
});
