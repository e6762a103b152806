import { accessSync, constants, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config, WorkspaceConfig } from '../config/schema.js';
import { resolveApiKey } from '../config/api-key.js';
import type { Logger } from '../log.js';
import { errorMessage } from '../errors.js';
import { loadRules } from '../rules/load.js';
import { ComplianceHttp, isMissing } from '../compliance/client.js';
import { ComplianceApi } from '../compliance/api.js';
import { MESSAGE_EVENT_TYPE } from '../compliance/logs-source.js';
import { openDb } from '../store/db.js';
import { httpOptions } from '../compliance/http-options.js';
import { createMalwareScanner } from '../malware/scan.js';
import { adminDoctorChecks } from './doctor-admin.js';

export interface Check {
  name: string;
  status: 'ok' | 'fail' | 'warn' | 'info';
  detail: string;
}

/**
 * Onboarding checks, one line each, as the commercial connectors run them: config, key,
 * one read per source, database, rules. Never writes to the API.
 */
export async function runDoctor(config: Config, configFile: string, log: Logger, env: NodeJS.ProcessEnv = process.env): Promise<Check[]> {
  const checks: Check[] = [{ name: 'config', status: 'ok', detail: `${configFile} is valid` }];
  const push = (name: string, fn: () => Promise<string> | string): Promise<void> =>
    Promise.resolve()
      .then(fn)
      .then((detail) => void checks.push({ name, status: 'ok', detail }))
      .catch((err: unknown) => void checks.push({ name, status: 'fail', detail: errorMessage(err) }));

  await push('rules', () => {
    const rules = loadRules(config.rules);
    return `${rules.compiled.rules.length} rules enabled from ${rules.files.length} pack(s), examples pass`;
  });
  if (config.files.enabled && config.files.malware.enabled) {
    await push('malware scan', async () => {
      const scanner = createMalwareScanner(config.files.malware);
      return (await scanner?.check() ?? []).join('; ');
    });
  }
  await push('database', () => {
    const path = config.database.path;
    const probe = existsSync(path) ? path : dirname(path);
    accessSync(probe, constants.W_OK);
    const db = openDb(path);
    db.close();
    return `${path} opens and is writable`;
  });
  // One set of API checks per workspace; with several, each check names its workspace.
  for (const ws of config.workspaces) {
    const tag = config.workspaces.length > 1 ? ` (${ws.label})` : '';
    await workspaceChecks(ws, tag, config, log, env, checks, push);
  }
  checks.push(...(await adminDoctorChecks(config, log, env)));
  checks.push({ name: 'delete scope', status: 'info', detail: 'cannot be verified without deleting something; leakwatch never tries' });
  return checks;
}

async function workspaceChecks(
  ws: WorkspaceConfig, tag: string, config: Config, log: Logger, env: NodeJS.ProcessEnv, checks: Check[],
  push: (name: string, fn: () => Promise<string> | string) => Promise<void>,
): Promise<void> {
  let apiKey: string | null = null;
  await push(`api key${tag}`, () => {
    apiKey = resolveApiKey(ws, env);
    return `found (${apiKey.length} characters; ends …${apiKey.slice(-4)})`;
  });
  if (apiKey === null) return;
  // Onboarding answers quickly: two attempts, short waits.
  const http = new ComplianceHttp({ ...httpOptions(ws.api, apiKey, log), maxAttempts: 2, retryMaxDelayMs: 5000 });
  const api = new ComplianceApi(http, ws.id);
  try {
    await push(`users${tag}`, async () => {
      const page = await api.listUsers(null, 1);
      return `GET /users answers (key and workspace ${ws.id} accepted; ${page.data.length ? 'users listed' : 'no users'})`;
    });
    await push(`source logs${tag}`, async () => {
      const since = new Date(Date.now() - config.sources.logs.retention_days * 86_400_000).toISOString();
      const page = await api.listLogFiles(MESSAGE_EVENT_TYPE, since, 1);
      return `GET /logs answers (${page.data.length ? `newest listed file ends ${page.data[0]?.end_time}` : 'no CONVERSATION_MESSAGE files in the retention window'})`;
    });
    const conv = await api.listConversations({ since: Math.floor(Date.now() / 1000) }, 1).catch((err: unknown) => err);
    const name = `source conversations${tag}`;
    if (conv instanceof Error) checks.push({ name, status: 'fail', detail: conv.message });
    else if (isMissing(conv)) {
      checks.push({ name, status: 'warn', detail: `GET /conversations answered ${conv.status}: closed for this workspace; use the logs source (auto does this)` });
    } else checks.push({ name, status: 'ok', detail: 'GET /conversations answers (older history can be scanned)' });
  } finally {
    await http.close();
  }
}
