import type { Config, WorkspaceConfig } from '../config/schema.js';
import { loadRules } from '../rules/load.js';
import { errorMessage, LeakwatchError } from '../errors.js';
import { createActions, type Actions } from './actions.js';
import { createEngine, type Engine } from './engine.js';
import type { Runtime } from './runtime.js';

export interface ReloadOutcome {
  status: 'applied' | 'rejected';
  /** Why it was rejected: every problem, each prefixed with its key path or file. */
  problems: string[];
  /** Changed keys that need a restart: kept at their running values. */
  ignored: string[];
}

/**
 * Keys read once at start: a reload keeps their running values and names them in a warning.
 * Everything else (rules, policies, alerts and sinks, remediation, pipeline, files except
 * temp_dir, daemon.poll_interval_seconds, log.level) takes effect on reload.
 */
export const RESTART_ONLY = [
  'workspace_id / workspaces', 'api.*', 'database.path', 'sources.*', 'files.temp_dir', 'daemon.shutdown_timeout_seconds',
  'daemon.watchdog_stall_seconds', 'metrics.*',
] as const;

/**
 * Re-reads and applies the configuration without dropping work (SIGHUP in the daemon). Every
 * part that can fail on bad input (the file, the rule packs, the alert sinks' secrets, the new
 * pools) is built before anything is switched; if any fails, nothing changes and every problem
 * is returned. Then the runtime switches: batches already dispatched finish and commit under
 * the old rules, new batches use the new ones, and the old pools close when idle.
 */
export async function reloadRuntime(rt: Runtime, load: () => Config): Promise<ReloadOutcome> {
  let next: Config;
  try {
    next = load();
  } catch (err) {
    return rejected(err);
  }
  const ignored = restartOnlyChanges(rt.config, next);
  const effective = keepRestartOnly(rt.config, next);
  let actions: Actions | null = null;
  let engine: Engine | null = null;
  const problems: string[] = [];
  let rules: ReturnType<typeof loadRules> | null = null;
  try {
    rules = loadRules(effective.rules);
  } catch (err) {
    problems.push(...problemsOf(err, 'rules'));
  }
  try {
    actions = createActions({ config: effective, log: rt.log, store: rt.store, apis: rt.apis, metrics: rt.monitoring?.metrics }, rt.configDir);
  } catch (err) {
    problems.push(...problemsOf(err, 'alerts'));
  }
  if (problems.length === 0 && rules !== null) {
    try {
      engine = createEngine(rules, effective, rt.valueSalt);
    } catch (err) {
      // A config error (YARA rules that do not compile) lists its problems; anything else is the pools.
      if (err instanceof LeakwatchError && err.kind === 'config') problems.push(...problemsOf(err, 'files.malware'));
      else problems.push(`pipeline: the new worker pools did not start: ${errorMessage(err)}`);
    }
  }
  if (problems.length > 0 || engine === null || actions === null) {
    await actions?.stop();
    await engine?.retire();
    return { status: 'rejected', problems, ignored };
  }
  await rt.replace({ config: effective, engine, actions });
  return { status: 'applied', problems: [], ignored };
}

function rejected(err: unknown): ReloadOutcome {
  return { status: 'rejected', problems: problemsOf(err, 'config'), ignored: [] };
}

/** A LeakwatchError's detail lines (already "key.path: message"), else its message under a prefix. */
function problemsOf(err: unknown, prefix: string): string[] {
  if (err instanceof LeakwatchError) return err.details.length > 0 ? [err.message, ...err.details] : [`${prefix}: ${err.message}`];
  return [`${prefix}: ${errorMessage(err)}`];
}

/** The new configuration with the restart-only keys at their running values. */
function keepRestartOnly(running: Config, next: Config): Config {
  return {
    ...next,
    workspaces: running.workspaces,
    api: running.api,
    database: running.database,
    sources: running.sources,
    files: { ...next.files, temp_dir: running.files.temp_dir },
    daemon: { ...next.daemon, shutdown_timeout_seconds: running.daemon.shutdown_timeout_seconds },
  };
}

/** Restart-only keys whose value differs, as key paths. */
export function restartOnlyChanges(running: Config, next: Config): string[] {
  const out: string[] = [];
  const identity = (ws: readonly WorkspaceConfig[]): string => JSON.stringify(ws.map((w) => [w.id, w.name, w.api.base_url, w.key]));
  if (identity(running.workspaces) !== identity(next.workspaces)) out.push('workspace_id / workspaces');
  out.push(...changedPaths(running.api, next.api, 'api'));
  out.push(...changedPaths(running.database, next.database, 'database'));
  out.push(...changedPaths(running.sources, next.sources, 'sources'));
  if (running.files.temp_dir !== next.files.temp_dir) out.push('files.temp_dir');
  if (running.daemon.shutdown_timeout_seconds !== next.daemon.shutdown_timeout_seconds) out.push('daemon.shutdown_timeout_seconds');
  if (running.daemon.watchdog_stall_seconds !== next.daemon.watchdog_stall_seconds) out.push('daemon.watchdog_stall_seconds');
  out.push(...changedPaths(running.metrics, next.metrics, 'metrics'));
  return out;
}

function changedPaths(a: unknown, b: unknown, path: string): string[] {
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => changedPaths(a[k], b[k], `${path}.${k}`));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [path];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
