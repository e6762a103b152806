import { z } from 'zod';

/**
 * Payload shapes of the objects beyond chats (../shared/compliance-api.md section 5): GPTs and
 * projects with their configurations, memories, canvases, automations, recordings, Codex tasks
 * and environments, and the CODEX_LOG / CUSTOM_AGENTS_LOG log lines. Loose like schemas.ts:
 * unknown fields are ignored, a missing or mistyped field leakwatch relies on is named. Where
 * sources disagree (section 7) both shapes are accepted and normalised here, so the sources see
 * one shape.
 */

/** Float Unix seconds in the listing API, ISO strings in the logs feed and canvases: both accepted. */
const time = z.union([z.number(), z.string()]).nullable().optional();
const text = z.string().nullable().optional();

/** A nested list given as a plain array or as an envelope (`{data: [...]}`): the array. */
const listOf = <T extends z.ZodType>(item: T) =>
  z.union([z.array(item), z.object({ data: z.array(item) }).transform((e) => e.data)]);

/** A workspace-level list: `last_id` may be null or absent (automations, Codex environments: none). */
const listPage = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), has_more: z.boolean(), last_id: z.string().nullable().optional() });

/** Lists paged by an opaque `cursor` (Codex tasks, recordings). */
const cursorPage = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), has_more: z.boolean(), cursor: z.string().nullable().optional() });

const permissionsSchema = z.object({
  can_read: z.boolean().nullable().optional(),
  can_view_config: z.boolean().nullable().optional(),
  can_write: z.boolean().nullable().optional(),
});

const recipientSchema = z.object({
  id: z.string(),
  email: text,
  permissions: permissionsSchema.nullable().optional(),
});

const sharingSchema = z.object({
  visibility: text,
  permissions: permissionsSchema.nullable().optional(),
  // The spec says an array; tokensec reads an envelope.
  recipients: listOf(recipientSchema).nullable().optional(),
});

/** A knowledge file: `file_format=url` gives `download_url` and `created_at`. */
const knowledgeFileSchema = z.object({
  id: z.string(),
  name: text,
  download_url: text,
  created_at: time,
});

const toolSchema = z.object({
  type: z.string(),
  created_at: time,
  action_domain: text,
  action_openapi_raw: text,
  action_privacy_policy_url: text,
  auth_type: text,
});

export const assistantConfigSchema = z.object({
  id: z.string(),
  name: text,
  description: text,
  instructions: text,
  conversation_starters: z.array(z.string().nullable()).nullable().optional(),
  categories: z.array(z.unknown()).nullable().optional(),
  created_at: time,
  version_author: z.object({ id: text, email: text }).nullable().optional(),
  files: listOf(knowledgeFileSchema).nullable().optional(),
  tools: listOf(toolSchema).nullable().optional(),
});
export const assistantConfigListSchema = listPage(assistantConfigSchema);

/** A GPT or a project (the same shape, `project` in the object names). Third-party GPTs have no owner, date or sharing. */
export const assistantSchema = z.object({
  id: z.string(),
  object: text,
  created_at: time,
  owner_id: text,
  owner_email: text,
  builder_name: text,
  sharing: sharingSchema.nullable().optional(),
  // Clients read an envelope (`data[0]`); accept a plain config object too.
  latest_config: z
    .union([z.object({ data: z.array(assistantConfigSchema) }).transform((e) => e.data[0] ?? null), assistantConfigSchema])
    .nullable()
    .optional(),
});
export const assistantListSchema = listPage(assistantSchema);

export const sharedUserSchema = z.object({
  id: z.string(),
  email: text,
  name: text,
  permissions: permissionsSchema.nullable().optional(),
});
export const sharedUserListSchema = listPage(sharedUserSchema);

const memoryEntrySchema = z.object({ id: z.string(), content: text, updated_at: time });
const memoryContextSchema = z.object({ id: z.string(), memory_entries: listOf(memoryEntrySchema).nullable().optional() });
/** One user's memory: `id` is the user id. */
export const memorySchema = z.object({
  id: z.string(),
  memory_contexts: listOf(memoryContextSchema).nullable().optional(),
});
export const memoryListSchema = listPage(memorySchema);
/** `GET /users/{id}/memories`: the user's memory object, or a list holding it. */
export const userMemorySchema = z.union([
  z.object({ data: z.array(memorySchema) }).transform((e) => e.data),
  memorySchema.transform((m) => [m]),
]);

export const canvasSummarySchema = z.object({ id: z.string(), textdoc_type: text, title: text, created_at: time });
export const canvasListSchema = listPage(canvasSummarySchema);

const canvasCommentSchema = z.object({
  id: z.string(),
  type: text,
  start: z.number().nullable().optional(),
  end: z.number().nullable().optional(),
  content: text,
});
const canvasVersionSchema = z.object({
  version: z.number(),
  name: text,
  content: text,
  updated_at: time,
  comments: listOf(canvasCommentSchema).nullable().optional(),
});
/** `GET /users/{id}/canvas/{textdoc_id}`: the canvas and one page of its versions (`after` = version number). */
export const canvasSchema = z.object({
  textdoc_id: z.string(),
  textdoc_type: text,
  version_contents: z.object({
    data: z.array(canvasVersionSchema),
    last_version: z.number().nullable().optional(),
    has_more: z.boolean(),
  }),
});

export const automationSchema = z.object({
  id: z.string(),
  title: text,
  prompt: text,
  schedule: z.unknown().optional(),
  is_enabled: z.boolean().nullable().optional(),
  created_at: time,
  updated_at: time,
});
export const automationListSchema = listPage(automationSchema);

export const recordingSchema = z.object({
  id: z.string(),
  title: text,
  created_at: time,
  duration: z.number().nullable().optional(),
});
export const recordingListSchema = cursorPage(recordingSchema);

/** A transcript as one string, or as segments with text (joined one per line). */
const transcriptText = z.union([
  z.string(),
  z.array(z.union([z.string(), z.object({ text: text, speaker: text })])).transform((parts) =>
    parts.map((p) => (typeof p === 'string' ? p : (p.text ?? ''))).join('\n')),
]);
export const transcriptSchema = z.object({
  transcript: transcriptText.nullable().optional(),
  summary: text,
});

export const codexTaskSchema = z.object({
  id: z.string(),
  created_at: time,
  updated_at: time,
  created_by_id: text,
  title: text,
  // Not documented further: codexPrompt() reads it tolerantly.
  denormalized_metadata: z.unknown().optional(),
});
export const codexTaskListSchema = cursorPage(codexTaskSchema);

/** Variables and secrets: a name -> value map, or a list of `{name|key, value}`. */
const namedValues = z.union([
  z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).nullable()).transform((r) =>
    Object.entries(r).map(([name, v]) => ({ name, value: v === null ? null : String(v) }))),
  z.array(z.object({ name: text, key: text, value: z.union([z.string(), z.number(), z.boolean()]).nullable().optional() })).transform((a) =>
    a.flatMap((e) => {
      const name = e.name ?? e.key;
      return name === null || name === undefined ? [] : [{ name, value: e.value === null || e.value === undefined ? null : String(e.value) }];
    })),
]);

export const codexEnvironmentSchema = z.object({
  id: z.string(),
  name: text,
  created_at: time,
  updated_at: time,
  created_by_id: text,
  env_vars: namedValues.nullable().optional(),
  secrets: namedValues.nullable().optional(),
  // A script, or a list of commands (one per line).
  setup: z.union([z.string(), z.array(z.string()).transform((a) => a.join('\n'))]).nullable().optional(),
});
export const codexEnvironmentListSchema = listPage(codexEnvironmentSchema);

/**
 * A CODEX_LOG or CUSTOM_AGENTS_LOG line. Only PROMPT_SENT events carry text (`event_details.prompt_text`;
 * `prompt` tolerated); the rest are activity without text.
 */
export const agentLogEventSchema = z.object({
  event_id: z.string(),
  type: text,
  event_type: text,
  actor: z.object({ user_id: text, user_email: text }).nullable().optional(),
  timestamp: time,
  event_details: z.record(z.string(), z.unknown()).nullable().optional(),
});

export type ApiAssistant = z.infer<typeof assistantSchema>;
export type ApiAssistantConfig = z.infer<typeof assistantConfigSchema>;
export type ApiKnowledgeFile = z.infer<typeof knowledgeFileSchema>;
export type ApiTool = z.infer<typeof toolSchema>;
export type ApiSharedUser = z.infer<typeof sharedUserSchema>;
export type ApiMemory = z.infer<typeof memorySchema>;
export type ApiCanvasSummary = z.infer<typeof canvasSummarySchema>;
export type ApiCanvas = z.infer<typeof canvasSchema>;
export type ApiCanvasVersion = ApiCanvas['version_contents']['data'][number];
export type ApiAutomation = z.infer<typeof automationSchema>;
export type ApiRecording = z.infer<typeof recordingSchema>;
export type ApiTranscript = z.infer<typeof transcriptSchema>;
export type ApiCodexTask = z.infer<typeof codexTaskSchema>;
export type ApiCodexEnvironment = z.infer<typeof codexEnvironmentSchema>;
export type AgentLogEvent = z.infer<typeof agentLogEventSchema>;

const PROMPT_KEYS = ['prompt', 'prompt_text', 'initial_prompt', 'user_prompt', 'task_prompt', 'input', 'instructions', 'text'] as const;

/**
 * The prompt of a Codex task from its `denormalized_metadata`, whose shape is not documented:
 * a string, a JSON string, or an object with the prompt under one of a few names (possibly one
 * level down, or as a list of text parts). Null when none is found.
 */
export function codexPrompt(meta: unknown, depth = 0): string | null {
  if (meta === null || meta === undefined || depth > 5) return null;
  if (typeof meta === 'string') {
    const t = meta.trim();
    if (depth === 0 && t.startsWith('{')) {
      try {
        return codexPrompt(JSON.parse(t) as unknown, depth + 1) ?? meta;
      } catch {
        return meta;
      }
    }
    return meta;
  }
  if (Array.isArray(meta)) {
    const parts = meta.map((p) => (typeof p === 'string' ? p : codexPrompt(p, depth + 1))).filter((p): p is string => p !== null && p !== '');
    return parts.length > 0 ? parts.join('\n') : null;
  }
  if (typeof meta !== 'object') return null;
  const obj = meta as Record<string, unknown>;
  for (const key of PROMPT_KEYS) {
    if (!(key in obj)) continue;
    const found = codexPrompt(obj[key], depth + 1);
    if (found !== null) return found;
  }
  // Text parts: {content: [{type: 'text', text: '...'}]} or {content: '...'}
  if ('content' in obj) return codexPrompt(obj.content, depth + 1);
  return null;
}

/** The prompt text of a PROMPT_SENT agent log event (`prompt_text`, else `prompt`); null for other events. */
export function agentPromptText(ev: AgentLogEvent): string | null {
  const d = ev.event_details ?? {};
  for (const key of ['prompt_text', 'prompt'] as const) {
    const v = d[key];
    if (typeof v === 'string') return v;
    if (v !== null && typeof v === 'object' && typeof (v as { text?: unknown }).text === 'string') return (v as { text: string }).text;
  }
  return null;
}

/** Whether a listed Codex environment came without its variables, secrets and setup (then it is fetched on its own). */
export function lacksValues(e: Pick<ApiCodexEnvironment, 'env_vars' | 'secrets' | 'setup'>): boolean {
  // null as well as absent: a listing may send the maps as null and keep them for the single GET.
  return e.env_vars == null && e.secrets == null && e.setup == null;
}
