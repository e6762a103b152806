#!/usr/bin/env node
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { LeakwatchError } from '../errors.js';
import { EXIT, exitCodeFor, formatError } from './exit.js';
import type { GlobalArgs } from './common.js';
import { scanBuilder, scanCommand, type ScanArgs } from './commands/scan.js';
import { daemonCommand } from './commands/daemon.js';
import { findingsBuilder, findingsCommand, type FindingsArgs } from './commands/findings.js';
import { statusCommand } from './commands/status.js';
import { doctorCommand } from './commands/doctor.js';
import { simulateBuilder, simulateCommand, type SimulateArgs } from './commands/simulate.js';
import { demoBuilder, demoCommand, type DemoArgs } from './commands/demo.js';
import { rulesBuilder, rulesCommand, type RulesArgs } from './commands/rules.js';
import { checkBuilder, checkCommand, type CheckArgs } from './commands/check.js';
import { edmBuilder, edmCommand, type EdmArgs } from './commands/edm.js';
import {
  alertsBuilder, alertsCommand, auditBuilder, auditCommand, policiesBuilder, policiesCommand, remediateBuilder, remediateCommand,
  type AlertsArgs, type AuditArgs, type PoliciesArgs, type RemediateArgs,
} from './commands/act.js';
import { triageBuilder, triageCommand, type TriageArgs } from './commands/triage.js';
import { exportBuilder, exportCommand, type ExportArgs } from './commands/export.js';
import { dbBuilder, dbCommand, type DbArgs } from './commands/db.js';
import { serveBuilder, serveCommand, type ServeArgs } from './commands/serve.js';
import { reportBuilder, reportCommand, type ReportArgs } from './commands/report.js';
import { inventoryBuilder, inventoryCommand, type InventoryArgs } from './commands/inventory.js';
import { postureBuilder, postureCommand, type PostureArgs } from './commands/posture.js';
import { usersBuilder, usersCommand, type UsersArgs } from './commands/users.js';
import { initBuilder, initCommand, type InitArgs } from './commands/init.js';

/** The one place that turns results and errors into exit codes (README "Exit codes"). */
async function main(args: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const set = (p: Promise<number>): Promise<void> => p.then((c) => void (code = c));
  const cli = (yargs(args) as Argv<GlobalArgs>)
    .scriptName('leakwatch')
    .usage('$0 <command> [options]\n\nDLP scanner for ChatGPT Enterprise workspaces (Compliance API).')
    .option('config', { type: 'string', describe: 'config file (default: $LEAKWATCH_CONFIG or ./leakwatch.yaml)' })
    .option('log-level', { type: 'string', choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], describe: 'override log.level' })
    .command('scan', 'retroactive scan of history (resumable)', scanBuilder, (a) => set(scanCommand(a as ScanArgs)))
    .command('daemon', 'incremental scanning from the logs feed until SIGTERM', {}, (a) => set(daemonCommand(a as GlobalArgs)))
    .command('findings', 'list recorded findings (masked previews only)', findingsBuilder, (a) => set(findingsCommand(a as FindingsArgs)))
    .command('triage <ids..>', 'set the triage status of findings (open, acknowledged, resolved, false_positive); --suppress stops reporting a false positive\'s value', triageBuilder, (a) => set(triageCommand(a as TriageArgs)))
    .command('export', 'write findings to a file (json lines, formula-safe csv, SARIF 2.1.0), atomically', exportBuilder, (a) => set(exportCommand(a as ExportArgs)))
    .command('serve', 'the read-only report page on a loopback port, behind a token', serveBuilder, (a) => set(serveCommand(a as ServeArgs)))
    .command('report', 'write the report page as one self-contained HTML file, atomically', reportBuilder, (a) => set(reportCommand(a as ReportArgs)))
    .command('inventory <kind>', 'users | gpts | projects | automations | codex-environments of each workspace, as stored (--refresh fetches them first)', inventoryBuilder, (a) => set(inventoryCommand(a as InventoryArgs)))
    .command('posture', 'run the posture checks: pass/fail per check, failures with evidence, changes since the last run, the score', postureBuilder, (a) => set(postureCommand(a as PostureArgs)))
    .command('users', 'users ranked by severity-weighted findings, with the trend and top categories', usersBuilder, (a) => set(usersCommand(a as UsersArgs)))
    .command('status', 'checkpoints, last runs, counts and recent scan errors', {}, (a) => set(statusCommand(a as GlobalArgs)))
    .command('doctor', 'check config, key, API sources, database and rules', {}, (a) => set(doctorCommand(a as GlobalArgs)))
    .command('init', 'write a config (asks, or takes flags), run doctor on it, print the e-mail to OpenAI support for the key\'s scopes', initBuilder, (a) => set(initCommand(a as InitArgs)))
    .command('rules <action> [packs..]', 'rule packs: list | validate | test | schema', rulesBuilder, (a) => set(rulesCommand(a as RulesArgs)))
    .command('check <input>', 'scan a local file (or - for stdin) and print findings; exit 1 if any', checkBuilder, (a) => set(checkCommand(a as CheckArgs)))
    .command('edm index <csv>', 'build an exact-data-match index (salted hashes) from a CSV column', edmBuilder, (a) => set(edmCommand(a as EdmArgs)))
    .command('policies <action>', 'test: which policy applies to a finding, and why', policiesBuilder, (a) => set(policiesCommand(a as PoliciesArgs)))
    .command('alerts <action>', 'list: the outbox per sink and state; retry: send dead alerts (or --deletions) again', alertsBuilder, (a) => set(alertsCommand(a as AlertsArgs)))
    .command('remediate', 'delete the conversation of a finding by hand (asks first; audited)', remediateBuilder, (a) => set(remediateCommand(a as RemediateArgs)))
    .command('audit', 'the remediation audit trail: dry runs, deletions, refusals', auditBuilder, (a) => set(auditCommand(a as AuditArgs)))
    .command('db <action> [file]', 'the database: purge (retention) | backup FILE (online) | check (integrity) | version (schema)', dbBuilder, (a) => set(dbCommand(a as DbArgs)))
    .command('simulate', 'serve a synthetic workspace on a loopback port (Compliance API shape)', simulateBuilder, (a) => set(simulateCommand(a as SimulateArgs)))
    .command('demo', 'start the simulator, scan it, and show what was found', demoBuilder, (a) => set(demoCommand(a as DemoArgs)))
    .demandCommand(1, 'name a command: leakwatch --help lists them')
    .strict()
    .help()
    .version()
    .fail((msg, err) => {
      if (err) throw err;
      throw new LeakwatchError('USAGE', 'usage', msg);
    });
  await cli.parseAsync();
  return code;
}

main(hideBin(process.argv)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${formatError(err)}\n`);
    process.exit(exitCodeFor(err));
  },
);
