import { httpOptions } from '../compliance/http-options.js';
import { LeakwatchError } from '../errors.js';
import type { Logger } from '../log.js';
import type { AdminConfig, ApiConfig } from '../config/schema.js';
import { ComplianceHttp, createPacers, isMissing, isRefused, type HttpOptions, type Missing, type Query, type Refused } from '../compliance/client.js';
import { parsePayload } from '../compliance/schemas.js';
import {
  adminList, adminKeySchema, auditEventSchema, inviteSchema, orgUserSchema, projectKeySchema, projectSchema, projectUserSchema,
  rateLimitSchema, serviceAccountSchema,
  type ApiAdminKey, type ApiAuditEvent, type ApiInvite, type ApiOrgUser, type ApiProject, type ApiProjectKey, type ApiProjectUser,
  type ApiRateLimit, type ApiServiceAccount,
} from './schemas.js';
import type { z } from 'zod';

/**
 * Every Administration API path and parameter leakwatch uses, one typed function each
 * (docs/admin-api.md). Nothing else builds an /organization URL. HTTP (pacing, retries,
 * Retry-After, timeouts) is the Compliance client's ComplianceHttp with the admin key.
 */

export interface AdminPage<T> {
  data: T[];
  hasMore: boolean;
  lastId: string | null;
}

/** /organization/audit_logs refused because audit logging was never activated for the organization. */
export interface AuditLoggingOff {
  auditLoggingOff: true;
  status: number;
  message: string;
}

export interface AuditLogQuery {
  /** effective_at[gte], Unix seconds. */
  since?: number;
  /** event_types[]: only these types. */
  eventTypes?: readonly string[];
  after?: string | null;
  limit: number;
}

const ADMIN_AUTH_ERRORS = {
  unauthorized:
    'the Admin API key was rejected. Use an Admin API key (sk-admin-...) that an organization owner created under ' +
    'platform.openai.com/settings/organization/admin-keys: a Compliance API key or a project key is not accepted here, ' +
    'and admin.organization_id (when set) must be the key\'s organization',
  forbidden:
    'the Admin API key may not read this: it has restricted permissions, or its owner is no longer an organization owner. ' +
    'Create a key with read access to users, invites, projects, API keys and audit logs',
};

/**
 * Text of an answer saying audit logging is off: it names audit logging AND says it is not on
 * (a refusal naming a missing audit-log permission is a refusal, not "off").
 */
const AUDIT_OFF = /audit[ _-]?log/i;
const NOT_ON = /\bnot (?:been )?(?:enabled|activated|turned on|on)\b|\bdisabled\b|\bdeactivated\b|\binactive\b|\boff\b/i;

/** The ComplianceHttp options for the admin key: the api block's timeouts and retries, the admin block's pacing and base URL. */
export function adminHttpOptions(admin: AdminConfig, api: ApiConfig, apiKey: string, log: Logger, signal?: AbortSignal): HttpOptions {
  const rateLimits = { listPerMinute: admin.requests_per_minute, getPerMinute: admin.requests_per_minute };
  return {
    ...httpOptions(api, apiKey, log, signal),
    baseUrl: admin.base_url,
    rateLimits,
    pacers: createPacers(rateLimits, signal),
    authErrors: ADMIN_AUTH_ERRORS,
    headers: admin.organization_id === null ? {} : { 'OpenAI-Organization': admin.organization_id },
  };
}

export class AdminApi {
  constructor(readonly http: ComplianceHttp) {}

  listUsers(after: string | null, limit: number): Promise<AdminPage<ApiOrgUser>> {
    return this.list('/organization/users', orgUserSchema, after, limit);
  }

  listInvites(after: string | null, limit: number): Promise<AdminPage<ApiInvite>> {
    return this.list('/organization/invites', inviteSchema, after, limit);
  }

  /** Active projects only (archived ones hold no usable keys and refuse their sub-lists). */
  listProjects(after: string | null, limit: number): Promise<AdminPage<ApiProject>> {
    return this.list('/organization/projects', projectSchema, after, limit, { include_archived: 'false' });
  }

  listProjectUsers(projectId: string, after: string | null, limit: number): Promise<AdminPage<ApiProjectUser>> {
    return this.list(`${projectPath(projectId)}/users`, projectUserSchema, after, limit);
  }

  listProjectServiceAccounts(projectId: string, after: string | null, limit: number): Promise<AdminPage<ApiServiceAccount>> {
    return this.list(`${projectPath(projectId)}/service_accounts`, serviceAccountSchema, after, limit);
  }

  listProjectKeys(projectId: string, after: string | null, limit: number): Promise<AdminPage<ApiProjectKey>> {
    return this.list(`${projectPath(projectId)}/api_keys`, projectKeySchema, after, limit);
  }

  listProjectRateLimits(projectId: string, after: string | null, limit: number): Promise<AdminPage<ApiRateLimit>> {
    return this.list(`${projectPath(projectId)}/rate_limits`, rateLimitSchema, after, limit);
  }

  listAdminKeys(after: string | null, limit: number): Promise<AdminPage<ApiAdminKey>> {
    return this.list('/organization/admin_api_keys', adminKeySchema, after, limit);
  }

  /**
   * One page of the audit log, newest first. A 400/403/404 whose message names audit logs means
   * audit logging was never activated (docs/admin-api.md section 5): that comes back as data.
   */
  async listAuditLogs(q: AuditLogQuery): Promise<AdminPage<ApiAuditEvent> | AuditLoggingOff> {
    const path = '/organization/audit_logs';
    const query: Query = {
      'effective_at[gte]': q.since === undefined ? undefined : Math.floor(q.since),
      'event_types[]': q.eventTypes && q.eventTypes.length > 0 ? q.eventTypes : undefined,
      after: q.after ?? undefined,
      limit: q.limit,
    };
    const body = await this.http.getJson('list', path, query, [400, 403, 404]);
    if (isRefused(body)) {
      if (body.status !== 403 && AUDIT_OFF.test(body.message) && NOT_ON.test(body.message)) return { auditLoggingOff: true, status: body.status, message: body.message };
      throw refusedError(body, path);
    }
    const page = parsePayload(adminList(auditEventSchema), this.present(body, path), `GET ${path}`);
    return { data: page.data, hasMore: page.has_more, lastId: page.last_id ?? null };
  }

  /** Every item of a list, page after page (a short page is not the end: only has_more is). */
  async all<T>(fetch: (after: string | null) => Promise<AdminPage<T>>, what: string): Promise<T[]> {
    const out: T[] = [];
    let after: string | null = null;
    for (;;) {
      const page: AdminPage<T> = await fetch(after);
      out.push(...page.data);
      if (!page.hasMore) return out;
      if (page.lastId === null || page.lastId === after) {
        throw new LeakwatchError('API_BAD_PAYLOAD', 'api', `${what}: has_more is true but last_id ${page.lastId === null ? 'is null' : 'did not move'}; cannot page on`);
      }
      after = page.lastId;
    }
  }

  private async list<S extends z.ZodType>(path: string, item: S, after: string | null, limit: number, extra: Query = {}): Promise<AdminPage<z.infer<S>>> {
    const body = await this.http.getJson('list', path, { ...extra, after: after ?? undefined, limit });
    const page = parsePayload(adminList(item), this.present(body, path), `GET ${path}`);
    return { data: page.data as z.infer<S>[], hasMore: page.has_more, lastId: page.last_id ?? null };
  }

  private present(body: unknown, path: string): unknown {
    if (isMissing(body)) {
      const m = body as Missing;
      throw new LeakwatchError('API_NOT_FOUND', 'api',
        `${m.status} on GET ${path}: not an Administration API path here (check admin.base_url, normally https://api.openai.com/v1)${m.message ? ` [server: ${m.message}]` : ''}`);
    }
    return body;
  }
}

function projectPath(projectId: string): string {
  return `/organization/projects/${encodeURIComponent(projectId)}`;
}

function refusedError(r: Refused, path: string): LeakwatchError {
  const server = r.message ? ` [server: ${r.message}]` : '';
  if (r.status === 403) return new LeakwatchError('API_FORBIDDEN', 'api', `403 Forbidden on GET ${path}: ${ADMIN_AUTH_ERRORS.forbidden}${server}`);
  if (r.status === 404) return new LeakwatchError('API_NOT_FOUND', 'api', `404 on GET ${path}: check admin.base_url${server}`);
  return new LeakwatchError('API_BAD_REQUEST', 'api', `${r.status} on GET ${path}${server}`);
}
