/**
 * The API shapes of the objects beyond chats (compliance-api.md section 5): float Unix-second
 * times, ISO strings for canvas versions, `...gpt.*` / `...project.*` object names, envelopes for
 * config lists, files and tools, a plain array of sharing recipients.
 */
import type { FileFormat } from '../serialize.js';
import { usToFloat, usToIso } from '../times.js';
import type { SimAutomation, SimCanvas, SimCanvasVersion, SimCodexEnvironment, SimCodexTask, SimConfig, SimGpt, SimKnowledgeFile, SimMemory, SimMemoryEntry, SimRecording, SimTool } from './model.js';

type Json = Record<string, unknown>;

export function listOf(data: Json[], hasMore: boolean): Json {
  const last = data[data.length - 1];
  return { object: 'list', data, first_id: (data[0]?.id as string | undefined) ?? null, last_id: (last?.id as string | undefined) ?? null, has_more: hasMore };
}

const ns = (g: { kind: 'gpt' | 'project' }): string => `compliance.workspace.${g.kind}`;

function toolJson(kind: 'gpt' | 'project', t: SimTool): Json {
  const out: Json = { type: t.type, created_at: usToFloat(t.createdUs) };
  if (t.type === 'custom_action') {
    out.action_domain = t.actionDomain ?? null;
    out.action_openapi_raw = t.openapiRaw ?? null;
    out.action_privacy_policy_url = t.privacyPolicyUrl ?? null;
    if (kind === 'gpt') out.auth_type = t.authType ?? null;
  }
  return out;
}

export function knowledgeJson(kind: 'gpt' | 'project', f: SimKnowledgeFile, format: FileFormat, url: (f: SimKnowledgeFile) => string): Json {
  if (format === 'id') return { object: `compliance.workspace.${kind}.file_info`, id: f.id, name: f.name };
  return { object: `compliance.workspace.${kind}.file`, id: f.id, name: f.name, created_at: usToFloat(f.createdUs), download_url: url(f) };
}

export function configJson(g: SimGpt, c: SimConfig, format: FileFormat, url: (f: SimKnowledgeFile) => string, deleted: (id: string) => boolean): Json {
  const out: Json = {
    object: `${ns(g)}.configuration`, id: c.id, name: c.name.text, description: c.description.text,
    categories: c.categories, conversation_starters: c.starters.map((s) => s.text), created_at: usToFloat(c.createdUs),
    instructions: c.instructions.text,
  };
  if (g.kind === 'gpt') out.version_author = c.author ? { object: `${ns(g)}.version_author`, id: c.author.id, email: c.author.email } : null;
  out.files = listOf(c.files.filter((f) => !deleted(f.id)).map((f) => knowledgeJson(g.kind, f, format, url)), false);
  out.tools = { object: 'list', data: c.tools.map((t) => toolJson(g.kind, t)), has_more: false };
  return out;
}

export function gptJson(g: SimGpt, format: FileFormat, url: (f: SimKnowledgeFile) => string, deleted: (id: string) => boolean): Json {
  const latest = g.configs[0] as SimConfig;
  return {
    object: ns(g), id: g.id, created_at: usToFloat(g.createdUs), owner_id: g.ownerId, owner_email: g.ownerEmail, builder_name: g.builderName,
    sharing: {
      object: `${ns(g)}.sharing`, visibility: g.visibility,
      permissions: { object: `${ns(g)}.permissions`, ...g.permissions },
      recipients: g.recipients.map((r) => sharedUserJson(g, r)),
    },
    latest_config: listOf([configJson(g, latest, format, url, deleted)], false),
  };
}

export function sharedUserJson(g: SimGpt, r: SimGpt['recipients'][number]): Json {
  return { object: `${ns(g)}.shared_user`, id: r.id, email: r.email, permissions: { object: `${ns(g)}.permissions`, ...r.permissions } };
}

function entryJson(e: SimMemoryEntry): Json {
  return { object: 'compliance.workspace.user.memory.context.entry', id: e.id, content: e.content.text, updated_at: usToFloat(e.updatedUs) };
}

/** A user's memory, keeping entries updated at or after `sinceUs`; null when none are left. */
export function memoryJson(m: SimMemory, sinceUs: number): Json | null {
  const entries = m.entries.filter((e) => e.updatedUs >= sinceUs);
  if (entries.length === 0) return null;
  // The context id may be the user id (spec): one context per user here.
  return { object: 'compliance.workspace.user.memory', id: m.userId, memory_contexts: [{ object: 'compliance.workspace.user.memory.context', id: m.userId, memory_entries: entries.map(entryJson) }] };
}

function versionJson(v: SimCanvasVersion): Json {
  return {
    version: v.version, name: v.name.text, content: v.content.text, updated_at: usToIso(v.updatedUs),
    comments: v.comments.map((c) => ({ type: 'comment', id: c.id, start: c.start, end: c.end, content: c.content.text })),
  };
}

export function canvasJson(c: SimCanvas, versions: SimCanvasVersion[], hasMore: boolean): Json {
  const last = versions[versions.length - 1];
  return { textdoc_id: c.id, textdoc_type: c.type, version_contents: { data: versions.map(versionJson), last_version: last?.version ?? null, has_more: hasMore } };
}

export function automationJson(a: SimAutomation): Json {
  return { id: a.id, title: a.title.text, schedule: a.schedule, is_enabled: a.isEnabled, prompt: a.prompt.text };
}

export function recordingJson(r: SimRecording): Json {
  return { object: 'compliance.workspace.recording', id: r.id, user_id: r.userId, title: r.title, created_at: usToFloat(r.createdUs), duration_seconds: r.durationS };
}

export function transcriptJson(r: SimRecording, includeSummary: boolean): Json {
  const out: Json = { object: 'compliance.workspace.recording.transcript', id: r.id, transcript: r.transcript.text };
  if (includeSummary) out.summary = r.summary.text;
  return out;
}

export function codexTaskJson(t: SimCodexTask): Json {
  return {
    object: 'compliance.workspace.codex_task', id: t.id, created_at: usToFloat(t.createdUs), updated_at: usToFloat(t.updatedUs),
    created_by_id: t.createdById, title: t.title.text,
    denormalized_metadata: { prompt: t.prompt.text, environment_id: t.environmentId, repository: t.repo },
  };
}

export function codexEnvironmentJson(e: SimCodexEnvironment): Json {
  return {
    object: 'compliance.workspace.codex_environment', id: e.id, name: e.name, created_at: usToFloat(e.createdUs), updated_at: usToFloat(e.updatedUs),
    created_by_id: e.createdById, repository: e.repo,
    env_vars: Object.fromEntries(e.envVars.map(([k, v]) => [k, v.text])),
    secrets: Object.fromEntries(e.secrets.map(([k, v]) => [k, v.text])),
    setup: e.setup.text,
  };
}
