import { z } from 'zod';

/**
 * Administration API payloads at the edge (docs/admin-api.md). Objects are loose: unknown fields
 * are ignored, so OpenAI adding a field never breaks a posture run; a missing or mistyped field
 * that a check relies on is reported with its path (compliance/schemas.ts parsePayload).
 */

/** `{object:'list', data, first_id, last_id, has_more}`; ids may be null on an empty page. */
export const adminList = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    has_more: z.boolean(),
    first_id: z.string().nullable().optional(),
    last_id: z.string().nullable().optional(),
  });

const unixSeconds = z.number();

export const orgUserSchema = z.object({
  id: z.string(),
  email: z.string().nullable().optional(),
  name: z.string().nullable().optional(),
  /** owner | reader (others tolerated). */
  role: z.string(),
  added_at: unixSeconds.nullable().optional(),
});
export type ApiOrgUser = z.infer<typeof orgUserSchema>;

export const inviteSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: z.string().nullable().optional(),
  /** accepted | expired | pending. */
  status: z.string(),
  invited_at: unixSeconds,
  expires_at: unixSeconds.nullable().optional(),
  accepted_at: unixSeconds.nullable().optional(),
});
export type ApiInvite = z.infer<typeof inviteSchema>;

export const projectSchema = z.object({
  id: z.string(),
  name: z.string().nullable().optional(),
  /** active | archived. */
  status: z.string(),
  created_at: unixSeconds.nullable().optional(),
  archived_at: unixSeconds.nullable().optional(),
});
export type ApiProject = z.infer<typeof projectSchema>;

export const projectUserSchema = z.object({
  id: z.string(),
  email: z.string().nullable().optional(),
  name: z.string().nullable().optional(),
  role: z.string().nullable().optional(),
  added_at: unixSeconds.nullable().optional(),
});
export type ApiProjectUser = z.infer<typeof projectUserSchema>;

export const serviceAccountSchema = z.object({
  id: z.string(),
  name: z.string().nullable().optional(),
  role: z.string().nullable().optional(),
  created_at: unixSeconds.nullable().optional(),
});
export type ApiServiceAccount = z.infer<typeof serviceAccountSchema>;

/** A project key's owner: `{type:'user', user:{...}}` or `{type:'service_account', service_account:{...}}`. */
const keyOwnerSchema = z.object({
  type: z.string().nullable().optional(),
  user: z.object({ id: z.string(), email: z.string().nullable().optional(), name: z.string().nullable().optional() }).nullable().optional(),
  service_account: z.object({ id: z.string(), name: z.string().nullable().optional() }).nullable().optional(),
});

export const projectKeySchema = z.object({
  id: z.string(),
  name: z.string().nullable().optional(),
  redacted_value: z.string().nullable().optional(),
  created_at: unixSeconds,
  last_used_at: unixSeconds.nullable().optional(),
  owner: keyOwnerSchema.nullable().optional(),
});
export type ApiProjectKey = z.infer<typeof projectKeySchema>;

/** An Admin API key's owner is flat: `{type, object, id, name, created_at, role}`. */
export const adminKeySchema = z.object({
  id: z.string(),
  name: z.string().nullable().optional(),
  redacted_value: z.string().nullable().optional(),
  created_at: unixSeconds,
  last_used_at: unixSeconds.nullable().optional(),
  owner: z
    .object({
      type: z.string().nullable().optional(),
      id: z.string().nullable().optional(),
      name: z.string().nullable().optional(),
      role: z.string().nullable().optional(),
    })
    .nullable()
    .optional(),
});
export type ApiAdminKey = z.infer<typeof adminKeySchema>;

export const rateLimitSchema = z.object({
  id: z.string(),
  model: z.string(),
  max_requests_per_1_minute: z.number().nullable().optional(),
  max_tokens_per_1_minute: z.number().nullable().optional(),
  max_images_per_1_minute: z.number().nullable().optional(),
  max_audio_megabytes_per_1_minute: z.number().nullable().optional(),
  max_requests_per_1_day: z.number().nullable().optional(),
  batch_1_day_max_input_tokens: z.number().nullable().optional(),
});
export type ApiRateLimit = z.infer<typeof rateLimitSchema>;

/** An audit log event: its type-specific details sit under a key named like the type; kept loose. */
export const auditEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  effective_at: unixSeconds,
  actor: z.record(z.string(), z.unknown()).nullable().optional(),
  project: z.object({ id: z.string(), name: z.string().nullable().optional() }).nullable().optional(),
});
export type ApiAuditEvent = z.infer<typeof auditEventSchema>;
