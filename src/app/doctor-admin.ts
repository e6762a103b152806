import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import { errorMessage } from '../errors.js';
import { openAdminApi, type AdminConnection } from '../admin/connect.js';
import { auditLoggingState } from '../inventory/organization.js';
import type { Check } from './doctor.js';

/**
 * Doctor's Administration API lines: the admin key is found, reachable and accepted (for the
 * configured organization), and what it can read. Reads one item of each list; never writes.
 */
export async function adminDoctorChecks(config: Config, log: Logger, env: NodeJS.ProcessEnv): Promise<Check[]> {
  if (!config.admin.enabled) {
    return [{ name: 'admin key', status: 'info', detail: 'admin.enabled is false: organization posture checks are off (optional; README "Organization posture")' }];
  }
  const checks: Check[] = [];
  let conn: AdminConnection;
  try {
    // Onboarding answers quickly: two attempts, short waits.
    conn = openAdminApi(config, log, env, { maxAttempts: 2, retryMaxDelayMs: 5000 });
  } catch (err) {
    return [{ name: 'admin key', status: 'fail', detail: errorMessage(err) }];
  }
  checks.push({ name: 'admin key', status: 'ok', detail: `found (ends …${conn.keyHint})` });
  const { api } = conn;
  try {
    try {
      await api.listUsers(null, 1);
      const org = config.admin.organization_id;
      checks.push({ name: 'admin api', status: 'ok', detail: `GET /organization/users answers (Admin API key accepted${org === null ? '' : ` for ${org}`})` });
    } catch (err) {
      checks.push({ name: 'admin api', status: 'fail', detail: errorMessage(err) });
      return checks;
    }
    const reads: [string, () => Promise<unknown>][] = [
      ['invites', () => api.listInvites(null, 1)],
      ['projects', () => api.listProjects(null, 1)],
      ['admin keys', () => api.listAdminKeys(null, 1)],
      ['project keys', async () => {
        const first = (await api.listProjects(null, 1)).data[0];
        if (first !== undefined) {
          await api.listProjectKeys(first.id, null, 1);
          await api.listProjectServiceAccounts(first.id, null, 1);
          await api.listProjectRateLimits(first.id, null, 1);
        }
      }],
    ];
    const readable: string[] = ['users'];
    const refused: string[] = [];
    for (const [what, read] of reads) {
      try {
        await read();
        readable.push(what);
      } catch (err) {
        refused.push(`${what} (${errorMessage(err).split(':')[0] ?? 'error'})`);
      }
    }
    checks.push(refused.length === 0
      ? { name: 'admin reads', status: 'ok', detail: `reads ${readable.join(', ')}` }
      : { name: 'admin reads', status: 'warn', detail: `reads ${readable.join(', ')}; cannot read ${refused.join(', ')}: the checks needing them will end in error` });
    try {
      const audit = await auditLoggingState(api);
      checks.push(audit.state === 'active'
        ? { name: 'audit logging', status: 'ok', detail: 'activated (GET /organization/audit_logs answers)' }
        : { name: 'audit logging', status: 'warn', detail: `not activated (${audit.status}: ${audit.message}): audit-logging-disabled will fail until an owner activates it` });
    } catch (err) {
      checks.push({ name: 'audit logging', status: 'warn', detail: `cannot tell: ${errorMessage(err)}` });
    }
    return checks;
  } finally {
    await conn.close();
  }
}
