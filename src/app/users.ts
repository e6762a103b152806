import type { ComplianceApi } from '../compliance/api.js';
import type { Store } from '../store/store.js';

/** Copies the workspace's users (names and roles, for reports) into the database. */
export async function syncUsers(api: ComplianceApi, store: Store, pageSize: number, onPage?: () => void): Promise<number> {
  let after: string | null = null;
  let count = 0;
  for (;;) {
    const page = await api.listUsers(after, pageSize);
    store.upsertUsers(
      page.data.map((u) => ({ id: u.id, email: u.email ?? null, name: u.name ?? null, role: u.role ?? null, status: u.status ?? null })),
    );
    count += page.data.length;
    onPage?.();
    if (!page.hasMore || page.lastId === null) return count;
    after = page.lastId;
  }
}
