import { z } from 'zod';
import { LeakwatchError } from '../errors.js';

/**
 * Payload shapes at the edge (../shared/compliance-api.md section 5). Objects are loose:
 * unknown fields are ignored, so OpenAI adding a field never breaks a scan; a missing or
 * mistyped field that leakwatch relies on is reported with its path.
 */

const listEnvelope = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    has_more: z.boolean(),
    last_id: z.string().nullable().optional(),
  });

export const userSchema = z.object({
  id: z.string(),
  email: z.string().nullable().optional(),
  name: z.string().nullable().optional(),
  role: z.string().nullable().optional(),
  status: z.string().nullable().optional(),
});
export const userListSchema = listEnvelope(userSchema);

/** A message file: `file_format=url` gives `download_url` and `created_at` (both null once expired), `id` gives `user_id`. */
const fileRefSchema = z.object({
  id: z.string(),
  name: z.string().nullable().optional(),
  user_id: z.string().nullable().optional(),
  download_url: z.string().nullable().optional(),
  created_at: z.union([z.number(), z.string()]).nullable().optional(),
});
export type ApiFileRef = z.infer<typeof fileRefSchema>;

const listingMessageSchema = z.object({
  id: z.string(),
  created_at: z.number().nullable().optional(),
  author: z.object({ role: z.string(), tool_name: z.string().nullable().optional() }).nullable().optional(),
  content: z
    .object({
      type: z.string().nullable().optional(),
      value: z.string().nullable().optional(),
      // The consumer-export shape; not in the spec, tolerated and flagged.
      parts: z.array(z.unknown()).nullable().optional(),
    })
    .nullable()
    .optional(),
  files: z.object({ data: z.array(fileRefSchema) }).nullable().optional(),
});

export const conversationSchema = z.object({
  id: z.string(),
  user_id: z.string().nullable().optional(),
  user_email: z.string().nullable().optional(),
  title: z.string().nullable().optional(),
  created_at: z.number().nullable().optional(),
  last_active_at: z.number().nullable().optional(),
  messages: z.object({ data: z.array(listingMessageSchema), has_more: z.boolean().optional() }).nullable().optional(),
});
export const conversationListSchema = listEnvelope(conversationSchema);

export const logFileSchema = z.object({
  id: z.string(),
  event_type: z.string().optional(),
  end_time: z.string(),
  file_name: z.string().nullable().optional(),
  file_size: z.number().nullable().optional(),
  file_sha256: z.string().nullable().optional(),
});
export const logFileListSchema = z.object({
  data: z.array(logFileSchema),
  has_more: z.boolean(),
  last_end_time: z.string().nullable().optional(),
});

export const messageEventSchema = z.object({
  event_id: z.string().optional(),
  type: z.string(),
  actor: z.object({ user_id: z.string().nullable().optional(), user_email: z.string().nullable().optional() }).nullable().optional(),
  timestamp: z.string().nullable().optional(),
  message: z.object({
    id: z.string(),
    created_at: z.union([z.string(), z.number()]).nullable().optional(),
    author: z.object({ type: z.string().nullable().optional(), role: z.string().nullable().optional() }).nullable().optional(),
    content: z
      .object({ type: z.string().nullable().optional(), value: z.string().nullable().optional(), parts: z.array(z.unknown()).nullable().optional() })
      .nullable()
      .optional(),
    files: z.array(fileRefSchema).nullable().optional(),
  }),
  conversation: z.object({ id: z.string(), title: z.string().nullable().optional() }),
});

export type ApiUser = z.infer<typeof userSchema>;
export type ApiConversation = z.infer<typeof conversationSchema>;
export type ApiLogFile = z.infer<typeof logFileSchema>;
export type MessageEvent = z.infer<typeof messageEventSchema>;

/** Parses `value` or throws API_BAD_PAYLOAD naming the endpoint and every bad field. */
export function parsePayload<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new LeakwatchError('API_BAD_PAYLOAD', 'api', `unexpected response shape from ${where}`, {
    details: result.error.issues.slice(0, 10).map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`),
  });
}

/** Like parsePayload but returns the problem as text, for one bad line among many. */
export function tryParse<T extends z.ZodType>(schema: T, value: unknown): { ok: true; value: z.infer<T> } | { ok: false; problem: string } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const first = result.error.issues[0];
  return { ok: false, problem: first ? `${first.path.map(String).join('.') || '(root)'}: ${first.message}` : 'invalid' };
}
