import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ComplianceHttp } from '../../src/compliance/client.js';
import { ComplianceApi } from '../../src/compliance/api.js';
import { createLogger } from '../../src/log.js';

/**
 * A tiny Compliance API for the objects beyond chats, serving the documented shapes
 * (compliance-api.md sections 2 and 5) with small pages so every paging style is exercised.
 * It counts requests per path so tests can assert what a sweep asked for.
 */

type Json = Record<string, unknown>;

export const WS = 'ws-1';

export interface FakeConfig { id: string; name: string; description: string; instructions: string; starters: string[]; created: number; files: string[]; openapi: string | null }
export interface FakeGpt { id: string; owner: string; configs: FakeConfig[] /* newest first */ }

export interface FakeObjects {
  users: { id: string; email: string }[];
  gpts: FakeGpt[];
  projects: FakeGpt[];
  memories: { userId: string; entries: { id: string; content: string; updated: number }[] }[];
  canvases: { userId: string; id: string; versions: { version: number; name: string; content: string; comments: { id: string; content: string }[] }[] }[];
  automations: { userId: string; id: string; title: string; prompt: string }[];
  recordings: { userId: string; id: string; transcript: string; summary: string }[];
  codexTasks: { id: string; title: string; meta: unknown; by: string }[];
  codexEnvs: { id: string; envVars: Record<string, string>; secrets: Record<string, string>; setup: string; listedBare: boolean }[];
  /** CODEX_LOG files: JSON lines. */
  codexLogs: { id: string; endTime: string; lines: Json[] }[];
  /** First path segments answered 404 (a feature off for the workspace). */
  off?: string[];
}

export interface FakeApi {
  api: ComplianceApi;
  objects: FakeObjects;
  /** Requests by path (without query), in order, with their query. */
  requests: { path: string; query: URLSearchParams }[];
  count(pathPart: string): number;
  close(): Promise<void>;
}

const LIMIT = 2;

function page<T extends { id: string }>(all: T[], q: URLSearchParams, ser: (t: T) => Json): Json {
  const after = q.get('after');
  const start = after === null ? 0 : all.findIndex((t) => t.id === after) + 1;
  const limit = Math.min(Number(q.get('limit') ?? LIMIT), LIMIT);
  const data = all.slice(start, start + limit);
  return { object: 'list', data: data.map(ser), last_id: data.at(-1)?.id ?? null, has_more: start + limit < all.length };
}

function cursorPage<T>(all: T[], q: URLSearchParams, ser: (t: T) => Json): Json {
  const start = Number(q.get('cursor') ?? '0');
  const limit = Math.min(Number(q.get('limit') ?? LIMIT), LIMIT);
  const more = start + limit < all.length;
  return { object: 'list', data: all.slice(start, start + limit).map(ser), has_more: more, cursor: more ? String(start + limit) : null };
}

function configJson(kind: 'gpt' | 'project', c: FakeConfig): Json {
  return {
    object: `compliance.workspace.${kind}.configuration`, id: c.id, name: c.name, description: c.description, instructions: c.instructions,
    conversation_starters: c.starters, created_at: c.created, categories: [],
    files: { object: 'list', data: c.files.map((f) => ({ id: f, name: `${f}.txt`, created_at: c.created, download_url: `https://files.example/kf/${f}` })), has_more: false },
    tools: { object: 'list', data: c.openapi === null ? [{ type: 'browser', created_at: c.created }] : [{ type: 'custom_action', created_at: c.created, action_domain: 'api.example.com', action_openapi_raw: c.openapi }], has_more: false },
  };
}

export async function startObjectApi(objects: FakeObjects): Promise<FakeApi> {
  const requests: FakeApi['requests'] = [];
  const prefix = `/compliance/workspaces/${WS}`;
  const route = (path: string, q: URLSearchParams): Json | { redirect: string } | { body: string } | null => {
    if (path.startsWith('/content/')) {
      const file = objects.codexLogs.find((f) => f.id === path.slice('/content/'.length));
      return file === undefined ? null : { body: jsonl(file.lines) };
    }
    if (!path.startsWith(prefix)) return null;
    const p = path.slice(prefix.length).split('/').filter(Boolean);
    const [a, b, c, d, e] = p;
    if (a !== undefined && (objects.off ?? []).includes(a)) return null;
    if (a === 'users' && p.length === 1) return page(objects.users, q, (u) => ({ object: 'compliance.workspace.user', ...u, role: 'standard-user', status: 'active' }));
    if ((a === 'gpts' || a === 'projects') && b !== undefined) {
      const kind = a === 'gpts' ? 'gpt' : 'project';
      const g = (a === 'gpts' ? objects.gpts : objects.projects).find((x) => x.id === b);
      if (g === undefined) return null;
      if (c === 'configs') return page(g.configs, q, (cfg) => configJson(kind, cfg));
      return null;
    }
    if (a === 'gpts' || a === 'projects') {
      const kind = a === 'gpts' ? 'gpt' : 'project';
      return page(a === 'gpts' ? objects.gpts : objects.projects, q, (g) => ({
        object: `compliance.workspace.${kind}`, id: g.id, owner_id: g.owner, owner_email: `${g.owner}@x.com`, created_at: 1_700_000_000,
        sharing: { visibility: 'workspace', recipients: [] },
        latest_config: { object: 'list', data: [configJson(kind, g.configs[0] as FakeConfig)], has_more: false },
      }));
    }
    if (a === 'memories') {
      const since = Number(q.get('since_timestamp') ?? '0');
      const rows = objects.memories
        .map((m) => ({ id: m.userId, entries: m.entries.filter((en) => en.updated >= since) }))
        .filter((m) => m.entries.length > 0);
      return page(rows, q, (m) => ({ id: m.id, memory_contexts: [{ id: m.id, memory_entries: m.entries.map((en) => ({ id: en.id, content: en.content, updated_at: en.updated })) }] }));
    }
    if (a === 'users' && b !== undefined) {
      if (!objects.users.some((u) => u.id === b)) return null;
      if (c === 'canvases') return page(objects.canvases.filter((cv) => cv.userId === b), q, (cv) => ({ id: cv.id }));
      if (c === 'canvas' && d !== undefined) {
        const cv = objects.canvases.find((x) => x.userId === b && x.id === d);
        if (cv === undefined) return null;
        const after = Number(q.get('after') ?? '0');
        const rest = cv.versions.filter((v) => v.version > after);
        const data = rest.slice(0, LIMIT);
        return {
          textdoc_id: cv.id, textdoc_type: 'document',
          version_contents: {
            data: data.map((v) => ({ version: v.version, name: v.name, content: v.content, updated_at: '2026-01-02T03:04:05Z', comments: v.comments.map((cm) => ({ type: 'comment', id: cm.id, start: 0, end: 1, content: cm.content })) })),
            last_version: data.at(-1)?.version ?? null, has_more: rest.length > LIMIT,
          },
        };
      }
      if (c === 'automations') {
        if (q.has('after') && q.has('since_timestamp')) return { error: 'since with after' };
        const all = objects.automations.filter((x) => x.userId === b);
        const res = page(all, q, (x) => ({ id: x.id, title: x.title, prompt: x.prompt, schedule: 'daily', is_enabled: true }));
        delete res.last_id; // this list has no cursor field: `after` is the last item's id
        return res;
      }
      if (c === 'recordings' && d === undefined) return cursorPage(objects.recordings.filter((r) => r.userId === b), q, (r) => ({ id: r.id, created_at: 1_700_000_100 }));
      if (c === 'recordings' && e === 'transcript') {
        const r = objects.recordings.find((x) => x.id === d);
        return r === undefined ? null : { transcript: r.transcript, ...(q.get('include_summary') === 'true' ? { summary: r.summary } : {}) };
      }
      return null;
    }
    if (a === 'codex_tasks' && b === undefined) return cursorPage(objects.codexTasks, q, (t) => ({ id: t.id, title: t.title, created_at: 1_700_000_200, created_by_id: t.by, denormalized_metadata: t.meta }));
    if (a === 'codex_environments') {
      const full = (env: FakeObjects['codexEnvs'][number]): Json => ({ id: env.id, env_vars: env.envVars, secrets: env.secrets, setup: env.setup });
      if (b !== undefined) {
        const env = objects.codexEnvs.find((x) => x.id === b);
        return env === undefined ? null : full(env);
      }
      const res = page(objects.codexEnvs, q, (env) => (env.listedBare ? { id: env.id } : full(env)));
      delete res.last_id;
      return res;
    }
    if (a === 'logs' && b === undefined) {
      if (q.get('event_type') !== 'CODEX_LOG') return { object: 'list', data: [], has_more: false, last_end_time: null };
      const after = q.get('after') ?? '';
      const files = objects.codexLogs.filter((f) => f.endTime >= after);
      return {
        object: 'list', has_more: false, last_end_time: files.at(-1)?.endTime ?? null,
        data: files.map((f) => ({ id: f.id, event_type: 'CODEX_LOG', end_time: f.endTime, file_name: `${f.id}.jsonl`, file_sha256: createHash('sha256').update(jsonl(f.lines)).digest('hex') })),
      };
    }
    if (a === 'logs' && b !== undefined) return objects.codexLogs.some((f) => f.id === b) ? { redirect: `/content/${b}` } : null;
    return null;
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push({ path: url.pathname, query: url.searchParams });
    const out = route(url.pathname, url.searchParams);
    if (out === null) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
    } else if ('error' in out) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: out.error } }));
    } else if ('redirect' in out) {
      res.writeHead(307, { location: String(out.redirect) }).end();
    } else if ('body' in out) {
      res.writeHead(200, { 'content-type': 'application/jsonl' }).end(String(out.body));
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const http = new ComplianceHttp({
    baseUrl: `http://127.0.0.1:${port}`, apiKey: 'test-key', connectTimeoutMs: 5000, requestTimeoutMs: 10_000, maxAttempts: 2,
    retryBaseDelayMs: 1, retryMaxDelayMs: 5, rateLimits: { listPerMinute: 1_000_000, getPerMinute: 1_000_000 }, log: createLogger({ level: 'silent' }),
  });
  return {
    api: new ComplianceApi(http, WS),
    objects,
    requests,
    count: (part) => requests.filter((r) => r.path.includes(part)).length,
    async close() {
      await http.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function jsonl(lines: Json[]): string {
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}
