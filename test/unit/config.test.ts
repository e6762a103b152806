import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
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
    expect(cfg.workspace_id).toBe('abc');
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
    const base = parseConfig({ workspace_id: 'w' }, {});
    expect(resolveApiKey({ ...base, api: { ...base.api, api_key_file: keyFile } }, { LEAKWATCH_API_KEY: 'env' })).toBe('from-file');
    expect(resolveApiKey(base, { CREDENTIALS_DIRECTORY: credDir, LEAKWATCH_API_KEY: 'env' })).toBe('from-credential');
    expect(resolveApiKey(base, { LEAKWATCH_API_KEY: ' from-env ' })).toBe('from-env');
    expect(() => resolveApiKey(base, {})).toThrow(/LEAKWATCH_API_KEY/);
  });
});
