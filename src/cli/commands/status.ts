import { existsSync } from 'node:fs';
import { LeakwatchError } from '../../errors.js';
import { openDb } from '../../store/db.js';
import { status, workspaceStatus } from '../../store/queries.js';
import { Outbox } from '../../store/outbox.js';
import { EXIT } from '../exit.js';
import { loadCliConfig, type GlobalArgs } from '../common.js';
import { table } from '../format.js';

export async function statusCommand(argv: GlobalArgs): Promise<number> {
  const { config } = loadCliConfig(argv);
  if (!existsSync(config.database.path)) {
    throw new LeakwatchError('DB_MISSING', 'config', `no database at ${config.database.path} yet: run leakwatch scan or leakwatch daemon first`);
  }
  const db = openDb(config.database.path, { readonly: true });
  try {
    const s = status(db);
    const out: string[] = [`database: ${config.database.path}`, ''];
    // Per workspace: a daemon run that failed (its key refused) shows here with its error.
    out.push('workspaces:');
    out.push(table(config.workspaces.map((w) => {
      const ws = workspaceStatus(db, w.id);
      const d = ws.daemon;
      return [w.id, w.name ?? '', String(ws.findings), d === null ? '-' : `${d.status} (run ${d.id})`, ws.lastScan === null ? '-' : `${ws.lastScan.status} (run ${ws.lastScan.id})`, d?.error ?? ''];
    }), ['workspace', 'name', 'findings', 'daemon', 'last scan', 'error']));
    out.push('checkpoints:');
    const scanWorkspace = db.prepare(`SELECT json_extract(params, '$.workspace') AS w FROM runs WHERE id = ? AND json_valid(params)`);
    const whose = (namespace: string): [string, string] => {
      if (namespace.startsWith('daemon:')) return ['daemon', namespace.slice('daemon:'.length)];
      const run = /^scan:(\d+)$/.exec(namespace);
      const w = run ? (scanWorkspace.get(Number(run[1])) as { w: unknown } | undefined)?.w : undefined;
      return [namespace, typeof w === 'string' ? w : ''];
    };
    out.push(table(s.checkpoints.map((c) => {
      const [namespace, workspace] = whose(c.namespace);
      return [namespace, c.source, workspace, c.updated_at, c.state.length > 90 ? `${c.state.slice(0, 87)}...` : c.state];
    }), ['namespace', 'source', 'workspace', 'updated', 'state']));
    out.push('last runs:');
    out.push(table(s.lastRuns.map((r) => [String(r.id), r.mode, r.status, r.started_at, r.finished_at ?? '', String(r.items_scanned), String(r.findings_new), String(r.errors)]),
      ['run', 'mode', 'status', 'started', 'finished', 'scanned', 'new findings', 'errors']));
    out.push(`totals: ${s.totals.findings} findings, ${s.totals.scanned} messages scanned, ${s.totals.errors} scan errors, ${s.totals.users} users`);
    const refs = s.files.refs.map((r) => `${r.n} ${r.key}`).join(', ');
    out.push(`files: ${refs === '' ? 'none seen' : refs} (file references); ${s.files.contents} distinct contents, ${(s.files.contentBytes / 1e6).toFixed(1)} MB`);
    if (s.files.errorsByCode.length > 0) {
      out.push(`file errors by reason: ${s.files.errorsByCode.map((r) => `${r.key} ${r.n}`).join(', ')} (leakwatch findings --errors lists them)`);
    }
    const outbox = new Outbox(db).counts();
    if (outbox.length > 0) {
      const line = (kind: string): string => outbox.filter((r) => r.kind === kind).map((r) => `${r.sink ?? ''}${r.sink ? ' ' : ''}${r.status} ${r.n}`).join(', ');
      out.push(`alerts: ${line('alert') || 'none'}; deletions: ${line('delete') || 'none'}`);
      if (outbox.some((r) => r.status === 'dead')) out.push('dead alerts or deletions exist: leakwatch alerts list, then leakwatch alerts retry [--sink S] [--deletions]');
    }
    if (s.recentErrors.length > 0) {
      out.push('', 'recent scan errors:');
      out.push(table(s.recentErrors.map((e) => [e.at, e.source, e.code, e.item_key, e.message.slice(0, 80)]), ['at', 'source', 'code', 'item', 'message']));
    }
    process.stdout.write(out.join('\n') + '\n');
    return EXIT.ok;
  } finally {
    db.close();
  }
}
