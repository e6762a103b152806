import type { Argv } from 'yargs';
import { createInterface } from 'node:readline/promises';
import { LeakwatchError } from '../../errors.js';
import { openDb } from '../../store/db.js';
import { Outbox } from '../../store/outbox.js';
import { listAudit, alreadyDeleted } from '../../store/audit.js';
import { listFindings } from '../../store/queries.js';
import { Policies } from '../../policy/match.js';
import { resolveApiKey } from '../../config/api-key.js';
import { ComplianceHttp } from '../../compliance/client.js';
import { ComplianceApi } from '../../compliance/api.js';
import { httpOptions } from '../../compliance/http-options.js';
import { deleteConversation } from '../../remediate/remediator.js';
import { EXIT } from '../exit.js';
import { loadCliConfig, parseTime, type GlobalArgs } from '../common.js';
import { renderRows, table, type OutputFormat } from '../format.js';

/** Commands that act on findings: policies test, alerts list/retry, remediate, audit. */

function findingById(db: ReturnType<typeof openDb>, id: number) {
  const row = listFindings(db, { id })[0];
  if (row === undefined) throw new LeakwatchError('FINDING_NOT_FOUND', 'usage', `no finding with id ${id} (leakwatch findings lists them)`);
  return row;
}

export interface PoliciesArgs extends GlobalArgs {
  action: string;
  finding: number;
}

export function policiesBuilder(y: Argv): Argv<PoliciesArgs> {
  return y
    .positional('action', { type: 'string', choices: ['test'], describe: 'test: which policy applies to a finding, and why' })
    .option('finding', { type: 'number', demandOption: true, describe: 'the finding id (leakwatch findings)' }) as unknown as Argv<PoliciesArgs>;
}

export async function policiesCommand(a: PoliciesArgs): Promise<number> {
  const { config } = loadCliConfig(a);
  const db = openDb(config.database.path, { readonly: true });
  try {
    const f = findingById(db, a.finding);
    const explained = new Policies(config.policies).explain({
      ruleId: f.rule_id, category: f.category, severity: f.severity, confidence: f.confidence, userEmail: f.user_email, sourceKind: f.source_kind,
    });
    const out = [`finding ${f.id}: ${f.rule_id} (${f.category}, ${f.severity}, ${f.confidence} confidence), user ${f.user_email ?? '(unknown)'}, in a ${f.source_kind}`];
    if (config.policies.length === 0) out.push('no policies are configured: findings are recorded and logged, nothing more');
    for (const t of explained.trace) out.push(`  ${t.matched ? 'MATCH' : 'no   '} ${t.policy}: ${t.reason}`);
    const d = explained.decision;
    out.push(d === null ? 'decision: no policy matches: recorded and logged only'
      : `decision: policy ${d.policy} (the first match wins): ${d.ignore ? 'ignore (suppressed)' : [d.alert.length ? `alert ${d.alert.join(', ')}` : '', d.delete ? `delete the conversation${config.remediation.enabled ? '' : ' (dry run: remediation.enabled is false)'}` : ''].filter(Boolean).join('; ') || 'nothing'}`);
    process.stdout.write(out.join('\n') + '\n');
    return EXIT.ok;
  } finally {
    db.close();
  }
}

export interface AlertsArgs extends GlobalArgs {
  action: string;
  sink?: string;
  deletions?: boolean;
}

export function alertsBuilder(y: Argv): Argv<AlertsArgs> {
  return y
    .positional('action', { type: 'string', choices: ['list', 'retry'], describe: 'list: outbox counts per sink and state; retry: send dead alerts again' })
    .option('sink', { type: 'string', describe: 'retry: only this sink' })
    .option('deletions', { type: 'boolean', default: false, describe: 'retry: the dead deletions instead (after granting the delete scope)' }) as unknown as Argv<AlertsArgs>;
}

export async function alertsCommand(a: AlertsArgs): Promise<number> {
  const { config } = loadCliConfig(a);
  const db = openDb(config.database.path, { readonly: a.action === 'list' });
  try {
    const outbox = new Outbox(db);
    if (a.action === 'retry') {
      const n = outbox.revive(a.deletions === true ? 'delete' : 'alert', new Date(), a.sink);
      process.stdout.write(`${n} dead ${a.deletions === true ? 'deletion(s)' : 'alert(s)'} queued again; the daemon (or the next scan) delivers them\n`);
      return EXIT.ok;
    }
    const rows = outbox.counts();
    process.stdout.write(rows.length === 0 ? 'the outbox is empty\n' : table(rows.map((r) => [r.kind, r.sink ?? '-', r.status, String(r.n)]), ['kind', 'sink', 'status', 'count']));
    return EXIT.ok;
  } finally {
    db.close();
  }
}

export interface RemediateArgs extends GlobalArgs {
  finding: number;
  yes: boolean;
}

export function remediateBuilder(y: Argv): Argv<RemediateArgs> {
  return y
    .option('finding', { type: 'number', demandOption: true, describe: 'delete the conversation of this finding' })
    .option('yes', { type: 'boolean', default: false, describe: 'do not ask for confirmation (required when stdin is not a terminal)' }) as unknown as Argv<RemediateArgs>;
}

/** Deletes one finding's conversation by hand (audited as `manual`), after a confirmation. */
export async function remediateCommand(a: RemediateArgs): Promise<number> {
  const { config, log } = loadCliConfig(a);
  const db = openDb(config.database.path);
  try {
    const f = findingById(db, a.finding);
    const conversationId = f.conversation_id;
    if (conversationId === null) throw new LeakwatchError('NO_CONVERSATION', 'usage', `finding ${f.id} is not in a conversation`);
    // The deletion goes to the finding's own workspace, with that workspace's key.
    const ws = config.workspaces.find((w) => w.id === f.workspace_id);
    if (ws === undefined) {
      throw new LeakwatchError('WORKSPACE_UNKNOWN', 'usage', `finding ${f.id} is in workspace ${f.workspace_id}, which is not in the configuration: add it to workspaces to act on it`);
    }
    if (alreadyDeleted(db, ws.id, conversationId)) {
      process.stdout.write(`conversation ${conversationId} was already deleted (leakwatch audit)\n`);
      return EXIT.ok;
    }
    if (!a.yes) {
      if (!process.stdin.isTTY) throw new LeakwatchError('CONFIRMATION_NEEDED', 'usage', 'stdin is not a terminal: pass --yes to delete without asking');
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      const answer = await rl.question(`Delete conversation ${conversationId} of ${f.user_email ?? 'an unknown user'} (finding ${f.id}, ${f.rule_id})? This cannot be undone. Type "delete": `);
      rl.close();
      if (answer.trim() !== 'delete') {
        process.stdout.write('not deleted\n');
        return EXIT.ok;
      }
    }
    const http = new ComplianceHttp(httpOptions(ws.api, resolveApiKey(ws), log));
    try {
      const r = await deleteConversation(new ComplianceApi(http, ws.id), db,
        { findingId: f.id, policy: null, workspaceId: ws.id, conversationId }, 'manual');
      if (r === 'forbidden') {
        throw new LeakwatchError('API_FORBIDDEN', 'api', '403 on DELETE: the Compliance API key lacks the "delete" scope of chatgpt.enterprise.compliance_export; ask OpenAI support to grant it');
      }
      if (r !== 'done') throw new LeakwatchError('API_UNAVAILABLE', 'api', `deleting conversation ${conversationId} failed: ${r} (recorded in leakwatch audit)`);
      process.stdout.write(`deleted conversation ${conversationId} (recorded in leakwatch audit)\n`);
      return EXIT.ok;
    } finally {
      await http.close();
    }
  } finally {
    db.close();
  }
}

export interface AuditArgs extends GlobalArgs {
  since?: string;
  format?: string;
}

export function auditBuilder(y: Argv): Argv<AuditArgs> {
  return y
    .option('since', { type: 'string', describe: 'entries at or after this time (YYYY-MM-DD, ISO time, 30d)' })
    .option('format', { type: 'string', choices: ['table', 'json', 'csv'], default: 'table' }) as unknown as Argv<AuditArgs>;
}

export async function auditCommand(a: AuditArgs): Promise<number> {
  const { config } = loadCliConfig(a);
  const db = openDb(config.database.path, { readonly: true });
  try {
    const rows = listAudit(db, a.since === undefined ? undefined : parseTime(a.since, '--since').toISOString());
    process.stdout.write(renderRows(rows as unknown as Record<string, unknown>[],
      ['id', 'at', 'mode', 'outcome', 'conversation_id', 'finding_id', 'policy', 'http_status', 'detail'], (a.format ?? 'table') as OutputFormat));
    return EXIT.ok;
  } finally {
    db.close();
  }
}
