/**
 * The posture framework's plain-data contract (issues 10 and 11). A check is a pure function over
 * an inventory snapshot: no network, no database (design.md section 3). The workspace checks
 * read the Compliance API inventory (users, GPTs, projects, automations); the organization checks
 * read the Administration API inventory. Both produce the same results, stored with history and
 * turned into `posture` findings that go through policies and alerts like any other finding.
 */

export type PostureSeverity = 'low' | 'medium' | 'high' | 'critical';

/** Which inventory a check reads. */
export type PostureScope = 'workspace' | 'organization';

/** What a result is about: the thing to look at and fix. */
export interface PostureSubject {
  /** gpt | project | user | automation | organization | api_key | admin_api_key | service_account | invite | ... */
  type: string;
  id: string;
  /** Human label: a GPT's name, a user's e-mail, a key's name (never a secret). */
  label: string | null;
}

/** The values a check read to reach its verdict, shown to the operator (never a secret value). */
export type PostureEvidence = Record<string, string | number | boolean | null | readonly string[]>;

/** One failing subject of a check. A check that finds nothing wrong returns no failures: it passes. */
export interface PostureFailure {
  subject: PostureSubject;
  /** One sentence: what is wrong with this subject. */
  summary: string;
  evidence: PostureEvidence;
  /**
   * Whom it concerns, when a person does (a GPT's owner, the user itself): the posture finding
   * records them, so policies matching `users` and the per-user risk see it. Optional.
   */
  user?: { id: string | null; email: string | null };
}

export interface PostureCheck<Inventory, Params = unknown> {
  /** Stable kebab-case id, e.g. `gpt-shared-publicly`; a posture finding's rule id. */
  id: string;
  scope: PostureScope;
  title: string;
  severity: PostureSeverity;
  /** Why it matters (README table). */
  rationale: string;
  /** What to do about it (README table, alert text). */
  remediation: string;
  /**
   * The parts of the inventory it reads (e.g. `gpts`, `users`): when one of them could not be
   * fetched, the check is not evaluated and its result is an error naming that part. Optional.
   */
  reads?: readonly string[];
  /**
   * Why the check cannot run with these params (e.g. `not configured: set posture.company_domains`)
   * or on this inventory (too little to judge by), or null to run it. The result is then
   * `skipped` with that reason: neither pass nor fail, not counted in the score. Optional: a
   * check without it always runs.
   */
  skip?(params: Params, inventory: Inventory): string | null;
  /** Pure: the same inventory and params give the same failures, in a stable order. */
  evaluate(inventory: Inventory, params: Params): PostureFailure[];
}

export const POSTURE_STATUSES = ['pass', 'fail', 'error', 'skipped'] as const;
export type PostureStatus = (typeof POSTURE_STATUSES)[number];

/** A check's outcome in one posture run. */
export interface PostureCheckResult {
  checkId: string;
  scope: PostureScope;
  severity: PostureSeverity;
  /** skipped: not evaluated because it is not configured (PostureCheck.skip); not in the score. */
  status: PostureStatus;
  failures: PostureFailure[];
  /** Set when status is error (the inventory it needs could not be read, or the check threw) or skipped (why). */
  error: string | null;
}
