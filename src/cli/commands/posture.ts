import { dirname } from 'node:path';
import type { Argv } from 'yargs';
import { createRuntime } from '../../app/runtime.js';
import { POSTURE_PROVIDERS, runPosture, type PostureRunReport } from '../../app/posture.js';
import type { PostureScope } from '../../inventory/posture/types.js';
import { EXIT } from '../exit.js';
import { loadCliConfig, type GlobalArgs } from '../common.js';
import { table } from '../format.js';
import { selectWorkspaces } from './inventory.js';

const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

export interface PostureArgs extends GlobalArgs {
  workspace?: string[];
  scope?: PostureScope[];
  format?: 'table' | 'json';
  refresh?: boolean;
  'fail-on'?: (typeof SEVERITIES)[number];
}

export function postureBuilder(y: Argv): Argv<PostureArgs> {
  return y
    .option('workspace', { type: 'string', array: true, describe: 'only this workspace id (repeatable); default: every configured workspace' })
    .option('scope', { type: 'string', array: true, choices: [...new Set(POSTURE_PROVIDERS.map((p) => p.scope))], describe: 'only these scopes; default: all' })
    .option('format', { type: 'string', choices: ['table', 'json'], default: 'table', describe: 'text report, or one JSON object per scope and subject' })
    .option('refresh', { type: 'boolean', default: true, describe: 'refresh the inventory from the API first (--no-refresh: check the stored inventory)' })
    .option('fail-on', { type: 'string', choices: [...SEVERITIES], describe: 'exit 1 when a check of this severity or worse fails (default: exit 0 whatever fails)' }) as unknown as Argv<PostureArgs>;
}

/**
 * Runs the posture checks and prints pass/fail per check, the failures with their evidence, what
 * changed since the previous run, and the score. Exit 0, or 1 with --fail-on when a check of that
 * severity or worse fails; a check that could not run (error) does not change the exit code.
 */
export async function postureCommand(argv: PostureArgs): Promise<number> {
  const { config, log, file } = loadCliConfig(argv);
  const only = argv.workspace === undefined || argv.workspace.length === 0 ? undefined : selectWorkspaces(config, argv.workspace);
  const rt = createRuntime(config, log, { configDir: dirname(file) });
  try {
    const reports = await runPosture(rt, { refresh: argv.refresh !== false, scopes: argv.scope, only });
    // Alerts that policies queued for new posture findings go out before the command ends (as after a scan).
    await rt.actions.flush();
    process.stdout.write(argv.format === 'json' ? reports.map((r) => JSON.stringify(r)).join('\n') + (reports.length > 0 ? '\n' : '') : reports.map(describePosture).join('\n'));
    const failOn = argv['fail-on'];
    if (failOn === undefined) return EXIT.ok;
    const min = SEVERITIES.indexOf(failOn);
    const failing = reports.some((r) => r.results.some((c) => c.status === 'fail' && SEVERITIES.indexOf(c.severity) >= min));
    return failing ? EXIT.findings : EXIT.ok;
  } finally {
    await rt.close();
  }
}

function fmtScore(s: number | null): string {
  return s === null ? 'n/a (no check evaluated)' : s.toFixed(1);
}

function evidenceText(e: Record<string, unknown>): string {
  return Object.entries(e).filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`).join(' ');
}

export function describePosture(r: PostureRunReport): string {
  const out: string[] = [];
  const name = r.label === r.subjectId ? r.subjectId : `${r.label} (${r.subjectId})`;
  const delta = r.score !== null && r.previousScore !== null ? ` (previous ${r.previousScore.toFixed(1)} at ${r.previousAt?.slice(0, 16).replace('T', ' ') ?? '?'} UTC, ${r.score - r.previousScore >= 0 ? '+' : ''}${(r.score - r.previousScore).toFixed(1)})` : '';
  out.push(`${r.scope} ${name}: posture score ${fmtScore(r.score)}${delta}; posture run ${r.postureRunId}`);
  const titles = new Map(r.checks.map((c) => [c.id, c]));
  out.push(table(r.results.map((c) => [c.checkId, c.severity, c.status.toUpperCase(), String(c.failures.length), titles.get(c.checkId)?.title ?? '']),
    ['check', 'severity', 'status', 'failures', 'title']).trimEnd());
  const failing = r.results.filter((c) => c.status === 'fail');
  if (failing.length > 0) {
    out.push('', 'failures:');
    for (const c of failing) {
      for (const f of c.failures) {
        out.push(`  [${c.severity}] ${c.checkId}: ${f.summary}${f.findingId === null ? '' : ` (finding #${f.findingId})`}`);
        const ev = evidenceText(f.evidence);
        if (ev !== '') out.push(`      ${ev}`);
      }
      out.push(`      fix: ${titles.get(c.checkId)?.remediation ?? ''}`);
    }
  }
  for (const c of r.results.filter((x) => x.status === 'error' || x.status === 'skipped')) out.push(`${c.status}: ${c.checkId}: ${c.error ?? ''}`);
  const ch = r.changes;
  out.push('');
  if (r.previousAt === null) out.push('changes: first posture run for this subject (every failure is new)');
  else out.push(`changes since the previous run (${r.previousAt.slice(0, 16).replace('T', ' ')} UTC):`);
  if (r.previousAt !== null && ch.newFailures.length + ch.fixed.length + ch.checkErrors.length + ch.statusChanges.length === 0) out.push('  none');
  for (const s of ch.statusChanges) out.push(`  ${s.checkId}: ${s.from ?? 'not run'} -> ${s.to}`);
  if (r.previousAt !== null) for (const f of ch.newFailures) out.push(`  new failure [${f.severity}] ${f.checkId} ${f.subject.type} ${f.subject.id}: ${f.summary}`);
  const resolved = new Set(r.resolvedFindings);
  for (const f of ch.fixed) out.push(`  fixed ${f.checkId} ${f.subject.type} ${f.subject.id}: ${f.summary}`);
  if (resolved.size > 0) out.push(`  resolved findings: ${[...resolved].map((id) => `#${id}`).join(', ')} (by leakwatch-posture)`);
  for (const e of ch.checkErrors) out.push(`  check error ${e.checkId}${e.wasError ? ' (still)' : ''}: ${e.error}`);
  if (r.newFindings > 0) out.push(`new posture findings: ${r.newFindings}`);
  return out.join('\n') + '\n';
}
