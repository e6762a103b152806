import type { Argv } from 'yargs';
import { SIM_ALLOWED_ACTION_DOMAINS, startSimulator } from '../../simulator/index.js';
import { EXIT } from '../exit.js';
import type { GlobalArgs } from '../common.js';

export interface SimulateArgs extends GlobalArgs {
  port: number;
  seed: number;
  users: number;
  conversations: number;
  'ground-truth'?: string;
  'history-days': number;
  'logs-retention-days': number;
  'close-conversations': boolean;
  'rate-limits': boolean;
  'fault-429-every'?: number;
  'fault-5xx-every'?: number;
  'fault-latency-ms'?: number;
  'fault-truncate-every'?: number;
  'fault-corrupt-logs'?: number;
  'append-every'?: number;
  files: boolean;
  'broken-files': boolean;
  'huge-file-mb': number;
  objects: boolean;
}

export function simulateBuilder(y: Argv): Argv<SimulateArgs> {
  return y
    .option('port', { type: 'number', default: 8787, describe: 'loopback port (0 = any free port)' })
    .option('seed', { type: 'number', default: 42 })
    .option('users', { type: 'number', default: 50 })
    .option('conversations', { type: 'number', default: 300 })
    .option('history-days', { type: 'number', default: 90, describe: 'conversations spread over this many days before now' })
    .option('logs-retention-days', { type: 'number', default: 30, describe: 'log files older than this are not listed' })
    .option('ground-truth', { type: 'string', describe: 'write the planted values (ground truth) to this JSON file' })
    .option('close-conversations', { type: 'boolean', default: false, describe: 'answer 404 on /conversations, as on workspaces where it is gone' })
    .option('rate-limits', { type: 'boolean', default: true, describe: 'enforce the documented per-minute limits (--no-rate-limits to switch off)' })
    .option('fault-429-every', { type: 'number', describe: 'every Nth request answers 429 with Retry-After' })
    .option('fault-5xx-every', { type: 'number', describe: 'every Nth request answers 5xx' })
    .option('fault-latency-ms', { type: 'number', describe: 'added latency per request' })
    .option('fault-truncate-every', { type: 'number', describe: 'every Nth body is cut short' })
    .option('fault-corrupt-logs', { type: 'number', describe: 'the first N log downloads do not match their sha256' })
    .option('files', { type: 'boolean', default: true, describe: 'attach generated files of every supported type to messages (--no-files: text only)' })
    .option('broken-files', { type: 'boolean', default: true, describe: 'also attach a zip bomb, a truncated PDF, an encrypted DOCX and an image (--no-broken-files to leave them out)' })
    .option('objects', { type: 'boolean', default: true, describe: 'also serve GPTs, projects, memories, canvases, automations, recordings and Codex, with posture cases (--no-objects: chats only)' })
    .option('huge-file-mb', { type: 'number', default: 0, describe: 'also attach a CSV of this many MB (streamed, with planted values)' })
    .option('append-every', { type: 'number', describe: 'seconds between bursts of new activity (new conversations and messages)' }) as unknown as Argv<SimulateArgs>;
}

/** Serves the synthetic workspace until Ctrl-C; prints how to point leakwatch at it. */
export async function simulateCommand(a: SimulateArgs): Promise<number> {
  const sim = await startSimulator({
    port: a.port, seed: a.seed, users: a.users, conversations: a.conversations, groundTruthPath: a['ground-truth'],
    historyDays: a['history-days'], logsRetentionDays: a['logs-retention-days'],
    conversationsClosed: a['close-conversations'],
    objects: a.objects ? undefined : false, files: a.files, brokenFiles: a['broken-files'], hugeFileBytes: Math.round(a['huge-file-mb'] * 1_000_000),
    rateLimits: a['rate-limits'] ? undefined : false,
    faults: {
      every429: a['fault-429-every'], every5xx: a['fault-5xx-every'], latencyMs: a['fault-latency-ms'],
      truncateEvery: a['fault-truncate-every'], corruptLogDownloads: a['fault-corrupt-logs'],
    },
  });
  const gt = sim.groundTruth();
  process.stdout.write(
    [
      `simulator listening: ${sim.url}`,
      `workspace ${sim.workspaceId}: ${gt.users} users, ${gt.conversations} conversations, ${gt.messages} messages, ${gt.planted.length} planted values`,
      `files: ${gt.files.length} uploads (${gt.files.filter((f) => f.expired).length} expired, ${gt.files.filter((f) => f.expectedError !== null).length} broken), ${gt.files.reduce((n, f) => n + f.planted.length, 0)} values planted in them`,
      `objects: ${gt.inventory.gpts} GPTs, ${gt.inventory.projects} projects, ${gt.inventory.memoryEntries} memories, ${gt.inventory.canvases} canvases, ${gt.inventory.automations} automations, ${gt.inventory.recordings} recordings, ${gt.inventory.codexTasks} Codex tasks, ${gt.inventory.codexEnvironments} Codex environments; ${gt.objectPlanted.length} values planted in them, ${gt.knowledgeFiles.length} knowledge files, ${gt.postureCases.length} posture cases`,
      `  (custom-action domains the posture cases treat as allowed: ${SIM_ALLOWED_ACTION_DOMAINS.join(', ')})`,
      '',
      'point leakwatch at it:',
      `  export LEAKWATCH_API_KEY=${sim.apiKey}   # the simulator's own key, not a secret`,
      `  printf 'workspace_id: ${sim.workspaceId}\\napi:\\n  base_url: ${sim.url}\\n' > leakwatch.yaml`,
      '  leakwatch doctor && leakwatch scan --since 90d',
      '',
      `organization ${sim.admin.organizationId} (Administration API, audit logging off), or onboard with init:`,
      `  export LEAKWATCH_ADMIN_KEY=${sim.adminKey}   # the simulator's admin key, not a secret`,
      `  leakwatch init --workspace-id ${sim.workspaceId} --organization-id ${sim.admin.organizationId} --api-base-url ${sim.url} --admin-base-url ${sim.url} --admin-key-env LEAKWATCH_ADMIN_KEY --company-domain ${sim.admin.groundTruth().companyDomain}`,
      '',
      'Ctrl-C stops it.',
      '',
    ].join('\n'),
  );
  const timer = a['append-every'] ? setInterval(() => sim.append({ newConversations: 2, newMessagesInExisting: 5 }), a['append-every'] * 1000) : null;
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  if (timer) clearInterval(timer);
  await sim.close();
  return EXIT.ok;
}
