import { readFileSync, existsSync } from 'node:fs';
import { resolve, dirname, isAbsolute } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { LeakwatchError } from '../errors.js';
import { configSchema, crossCheck, type Config, type RawConfig, type WorkspaceConfig } from './schema.js';
import { interpolateEnv, type InterpolationProblem } from './interpolate.js';

export const DEFAULT_CONFIG_FILE = 'leakwatch.yaml';

export interface LoadedConfig {
  config: Config;
  /** Absolute path of the file read, or null for a config built in code (demo, tests). */
  file: string | null;
}

/** Finds the config file: the flag, then $LEAKWATCH_CONFIG, then ./leakwatch.yaml. */
export function resolveConfigPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag ?? env.LEAKWATCH_CONFIG ?? DEFAULT_CONFIG_FILE;
  const abs = resolve(chosen);
  if (!existsSync(abs)) {
    throw new LeakwatchError(
      'CONFIG_NOT_FOUND',
      'config',
      `config file ${abs} not found: copy config.example.yaml to ${DEFAULT_CONFIG_FILE} and edit it, or pass --config <file>`,
    );
  }
  return abs;
}

export function loadConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new LeakwatchError('CONFIG_UNREADABLE', 'config', `cannot read config file ${file}: ${(err as Error).message}`);
  }
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new LeakwatchError('CONFIG_INVALID', 'config', `config file ${file} is not valid YAML`, {
      details: doc.errors.map((e) => e.message.split('\n')[0] ?? e.message),
    });
  }
  const raw: unknown = doc.toJS() ?? {};
  const config = parseConfig(raw, env, file);
  // Relative paths in the file are relative to the file, not to wherever the daemon was started.
  const base = dirname(file);
  if (!isAbsolute(config.database.path)) config.database.path = resolve(base, config.database.path);
  config.rules.paths = config.rules.paths.map((p) => (p === 'builtin' || isAbsolute(p) ? p : resolve(base, p)));
  for (const k of config.rules.custom.keywords) if (k.file !== null) k.file = resolve(base, k.file);
  for (const e of config.rules.custom.exact_data) e.index = resolve(base, e.index);
  return { config, file };
}

/** Interpolates and validates an already parsed object, listing every problem at once. */
export function parseConfig(raw: unknown, env: NodeJS.ProcessEnv = process.env, label = 'config'): Config {
  const problems: InterpolationProblem[] = [];
  const interpolated = interpolateEnv(raw, env, problems);
  const result = configSchema.safeParse(interpolated);
  const lines = problems.map((p) => `${p.path}: ${p.message}`);
  if (!result.success) lines.push(...formatIssues(result.error.issues));
  else lines.push(...crossCheck(result.data));
  if (lines.length > 0 || !result.success) {
    throw new LeakwatchError('CONFIG_INVALID', 'config', `${label}: ${lines.length} problem(s) in the configuration`, {
      details: lines,
    });
  }
  return resolveWorkspaces(result.data);
}

/**
 * The two forms become one list here: `workspace_id` with the top-level api block is a list of
 * one; each `workspaces` entry takes the top-level api block with its own base URL and key.
 */
function resolveWorkspaces(raw: RawConfig): Config {
  const { workspace_id: single, workspaces: entries, ...rest } = raw;
  const topKey = { file: raw.api.api_key_file, env: raw.api.api_key_env, defaultCredential: true, origin: 'api' };
  let workspaces: WorkspaceConfig[];
  if (single !== undefined) {
    workspaces = [{ id: single, name: null, label: single, api: raw.api, key: topKey }];
  } else {
    workspaces = (entries ?? []).map((w, i) => {
      const own = w.api_key_env !== undefined || w.api_key_file !== undefined;
      return {
        id: w.id,
        name: w.name,
        label: w.name ?? w.id,
        api: { ...raw.api, base_url: w.base_url ?? raw.api.base_url },
        key: own ? { file: w.api_key_file ?? null, env: w.api_key_env ?? null, defaultCredential: false, origin: `workspaces.${i}` } : topKey,
      };
    });
  }
  return { ...rest, workspaces };
}

function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.') || '(root)';
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => `${path === '(root)' ? k : `${path}.${k}`}: unknown key (check the spelling against config.example.yaml)`);
    }
    return [`${path}: ${issue.message}`];
  });
}
