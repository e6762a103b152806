import { describe, expect, it } from 'vitest';
import type { InventoryGpt, InventoryUser, WorkspaceInventory } from '../../../src/inventory/types.js';
import {
  WORKSPACE_CHECKS, actionDomainNotAllowed, automationPromptContainsFindings, codexEnvironmentStoresSecrets, inactiveUserOwnsSharedGpt,
  instructionsOrFilesContainFindings, ownerLeft, sharedPublicly, userExternalDomain, workspaceParams, type WorkspacePostureParams,
} from '../../../src/inventory/posture/workspace-checks.js';
import { domainListed, emailDomain, normalizeDomain } from '../../../src/inventory/posture/domains.js';
import { evaluateChecks } from '../../../src/inventory/posture/evaluate.js';
import { failureShare, postureScore } from '../../../src/inventory/posture/score.js';
import { diffPosture } from '../../../src/inventory/posture/diff.js';
import type { PostureCheckResult } from '../../../src/inventory/posture/types.js';

const PARAMS: WorkspacePostureParams = { allowedActionDomains: ['acme.example'], companyDomains: ['acme.example'] };

function user(id: string, over: Partial<InventoryUser> = {}): InventoryUser {
  return { id, email: `${id}@acme.example`, name: id, role: 'standard-user', status: 'active', createdAt: null, lastActivity: null, findings: 0, ...over };
}

function gpt(id: string, over: Partial<InventoryGpt> = {}): InventoryGpt {
  return {
    kind: 'gpt', id, name: `GPT ${id}`, ownerId: 'u1', ownerEmail: 'u1@acme.example', createdAt: null, updatedAt: null, configId: `cnf-${id}`,
    visibility: 'invite-only', permissions: null, recipients: [], tools: [], actionDomains: [], fileIds: [], lastActivity: null,
    findings: 0, openTextFindings: 0, openFileFindings: 0, openRules: [], ...over,
  };
}

function inventory(over: Partial<WorkspaceInventory> = {}): WorkspaceInventory {
  return {
    workspaceId: 'ws', refreshedAt: '2026-01-01T00:00:00.000Z', users: [user('u1'), user('u2')], gpts: [], projects: [], automations: [], codexEnvironments: [],
    unavailable: {}, ...over,
  };
}

const subjects = (failures: { subject: { type: string; id: string } }[]): string[] => failures.map((f) => `${f.subject.type}:${f.subject.id}`);

describe('workspace posture checks: each fires on its case and stays quiet on its counter-example', () => {
  it('shared-publicly: anyone-with-link and gpt-store GPTs and projects fail; invite-only, workspace and workspace-with-link pass', () => {
    const inv = inventory({
      gpts: [gpt('g-link', { visibility: 'anyone-with-link' }), gpt('g-store', { visibility: 'gpt-store' }), gpt('g-ws', { visibility: 'workspace' }),
        gpt('g-wsl', { visibility: 'workspace-with-link' }), gpt('g-inv')],
      projects: [gpt('g-p-link', { kind: 'project', visibility: 'anyone-with-link' }), gpt('g-p-ws', { kind: 'project', visibility: 'workspace' })],
    });
    const f = sharedPublicly.evaluate(inv, PARAMS);
    expect(subjects(f)).toEqual(['gpt:g-link', 'gpt:g-store', 'project:g-p-link']);
    expect(f[0]!.evidence.visibility).toBe('anyone-with-link');
    expect(f[1]!.summary).toContain('GPT store');
    expect(f[0]!.user).toEqual({ id: 'u1', email: 'u1@acme.example' });
  });

  it('action-domain-not-allowed: a domain outside the list fails; the listed domain and its subdomains pass; a look-alike fails', () => {
    const inv = inventory({
      gpts: [gpt('g-ok', { actionDomains: ['acme.example', 'api.acme.example'] }), gpt('g-bad', { actionDomains: ['api.acme.example', 'exfil.example.net'] }),
        gpt('g-lookalike', { actionDomains: ['evilacme.example'] }), gpt('g-none')],
    });
    const f = actionDomainNotAllowed.evaluate(inv, PARAMS);
    expect(subjects(f)).toEqual(['gpt:g-bad', 'gpt:g-lookalike']);
    expect(f[0]!.evidence.domains_not_allowed).toEqual(['exfil.example.net']);
    // An empty allowlist allows nothing.
    expect(subjects(actionDomainNotAllowed.evaluate(inv, { ...PARAMS, allowedActionDomains: [] }))).toEqual(['gpt:g-ok', 'gpt:g-bad', 'gpt:g-lookalike']);
  });

  it('instructions-or-files-contain-findings: open findings in texts or knowledge files fail; none pass', () => {
    const inv = inventory({
      gpts: [gpt('g-text', { openTextFindings: 2, openRules: ['aws-access-key'] }), gpt('g-clean', { findings: 3 })],
      projects: [gpt('g-p-file', { kind: 'project', openFileFindings: 1, openRules: ['us-ssn'] })],
    });
    const f = instructionsOrFilesContainFindings.evaluate(inv, PARAMS);
    expect(subjects(f)).toEqual(['gpt:g-text', 'project:g-p-file']);
    expect(f[0]!.evidence).toMatchObject({ text_findings: 2, file_findings: 0, rules: ['aws-access-key'] });
  });

  it('automation-prompt-contains-findings: an automation with open findings fails, a clean one passes', () => {
    const base = { userId: 'u1', userEmail: 'u1@acme.example', schedule: 'daily', enabled: true, findings: 0, openFindings: 0, openRules: [] };
    const inv = inventory({ automations: [{ ...base, id: 'a-bad', title: 'Morning report', findings: 1, openFindings: 1, openRules: ['email-address'] }, { ...base, id: 'a-ok', title: 'Standup' }] });
    const f = automationPromptContainsFindings.evaluate(inv, PARAMS);
    expect(subjects(f)).toEqual(['automation:a-bad']);
    expect(f[0]!.user).toEqual({ id: 'u1', email: 'u1@acme.example' });
  });

  it('user-external-domain: another domain fails, the company domain and its subdomains pass; not configured = skipped', () => {
    const inv = inventory({ users: [user('u1'), user('u2', { email: 'u2@eu.acme.example' }), user('u3', { email: 'x@gmail.com' }), user('u4', { email: null })] });
    const f = userExternalDomain.evaluate(inv, PARAMS);
    expect(subjects(f)).toEqual(['user:u3']);
    expect(f[0]!.evidence.domain).toBe('gmail.com');
    const [r] = evaluateChecks([userExternalDomain], inv, { ...PARAMS, companyDomains: [] });
    expect(r).toMatchObject({ status: 'skipped', failures: [] });
    expect(r!.error).toMatch(/not configured.*posture\.company_domains/);
  });

  it('inactive-user-owns-shared-gpt: an inactive owner of a shared GPT fails (the user is the subject); of an unshared one, or an active owner, passes', () => {
    const inv = inventory({
      users: [user('u1'), user('u-shared', { status: 'inactive' }), user('u-private', { status: 'inactive' }), user('u-recipients', { status: 'inactive' })],
      gpts: [gpt('g1', { ownerId: 'u-shared', visibility: 'workspace' }), gpt('g2', { ownerId: 'u-private' }), gpt('g3', { ownerId: 'u1', visibility: 'anyone-with-link' }),
        gpt('g4', { ownerId: 'u-recipients', recipients: [{ id: 'u1', email: 'u1@acme.example' }] })],
    });
    const f = inactiveUserOwnsSharedGpt.evaluate(inv, PARAMS);
    expect(subjects(f)).toEqual(['user:u-shared', 'user:u-recipients']);
    expect(f[0]!.evidence.gpts).toEqual(['g1']);
  });

  it('owner-left: an owner not among the users fails; a listed owner, or none (third-party), passes', () => {
    const inv = inventory({
      gpts: [gpt('g-left', { ownerId: 'u-gone', ownerEmail: 'gone@acme.example' }), gpt('g-here'), gpt('g-third', { ownerId: null, ownerEmail: null })],
      projects: [gpt('g-p-left', { kind: 'project', ownerId: 'u-gone' })],
    });
    expect(subjects(ownerLeft.evaluate(inv, PARAMS))).toEqual(['gpt:g-left', 'project:g-p-left']);
  });

  it('codex-environment-stores-secrets: names and count, never values; an environment without secrets passes', () => {
    const env = { name: 'ci', createdAt: null, updatedAt: null, envVarNames: ['NODE_ENV'], findings: 0 };
    const inv = inventory({ codexEnvironments: [{ ...env, id: 'env-1', secretNames: ['AWS_SECRET_ACCESS_KEY', 'NPM_TOKEN'] }, { ...env, id: 'env-2', secretNames: [] }] });
    const f = codexEnvironmentStoresSecrets.evaluate(inv, PARAMS);
    expect(subjects(f)).toEqual(['codex_environment:env-1']);
    expect(f[0]!.evidence).toEqual({ secret_count: 2, secret_names: ['AWS_SECRET_ACCESS_KEY', 'NPM_TOKEN'], env_var_count: 1 });
  });

  it('every check has a unique kebab-case id, a rationale and a remediation', () => {
    expect(WORKSPACE_CHECKS.map((c) => c.id)).toEqual([
      'shared-publicly', 'action-domain-not-allowed', 'instructions-or-files-contain-findings', 'automation-prompt-contains-findings',
      'user-external-domain', 'inactive-user-owns-shared-gpt', 'owner-left', 'codex-environment-stores-secrets',
    ]);
    for (const c of WORKSPACE_CHECKS) {
      expect(c.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(c.rationale.length).toBeGreaterThan(40);
      expect(c.remediation.length).toBeGreaterThan(30);
      expect(c.scope).toBe('workspace');
    }
  });
});

describe('posture framework', () => {
  it('a check reading a part that could not be fetched is an error, the others still run; a throwing check is an error', () => {
    const inv = inventory({ gpts: [gpt('g', { visibility: 'gpt-store' })] });
    const boom = { ...ownerLeft, id: 'boom', evaluate: () => { throw new Error('bug'); } };
    const results = evaluateChecks([sharedPublicly, codexEnvironmentStoresSecrets, boom], inv, PARAMS, { codex_environments: 'HTTP 404' });
    expect(results.map((r) => [r.checkId, r.status])).toEqual([['shared-publicly', 'fail'], ['codex-environment-stores-secrets', 'error'], ['boom', 'error']]);
    expect(results[1]!.error).toBe('codex_environments: HTTP 404');
    expect(results[2]!.error).toBe('the check failed: bug');
    expect(() => evaluateChecks([sharedPublicly, sharedPublicly], inv, PARAMS)).toThrow(/two posture checks have the id shared-publicly/);
  });

  it('score: 100 with everything passing, weighted by severity and failing subjects, skipped and errored checks left out', () => {
    const r = (severity: PostureCheckResult['severity'], status: PostureCheckResult['status'], n = 0): PostureCheckResult =>
      ({ checkId: `${severity}-${status}-${n}`, scope: 'workspace', severity, status, error: null, failures: Array.from({ length: n }, () => ({ subject: { type: 'x', id: 'y', label: null }, summary: '', evidence: {} })) });
    expect(postureScore([r('high', 'pass'), r('low', 'pass')])).toBe(100);
    expect(postureScore([r('high', 'skipped'), r('low', 'error')])).toBeNull();
    expect([failureShare(0), failureShare(1), failureShare(3), failureShare(5), failureShare(50)]).toEqual([0, 0.6, 0.8, 1, 1]);
    // high (6) fails with one subject: 6 × 0.6 = 3.6 lost of 6 + 1 = 7 -> 48.6; the skipped critical does not count.
    expect(postureScore([r('high', 'fail', 1), r('low', 'pass'), r('critical', 'skipped')])).toBe(48.6);
    // More failing subjects cost more, up to the full weight.
    expect(postureScore([r('high', 'fail', 5), r('low', 'pass')])).toBe(14.3);
    expect(postureScore([r('critical', 'fail', 1), r('low', 'fail', 9)])).toBeLessThan(postureScore([r('critical', 'pass'), r('low', 'fail', 9)])!);
  });

  it('diff: new failures, fixed ones and check errors against the last evaluated result; an error in between is not a fix', () => {
    const subject = (id: string) => ({ type: 'gpt', id, label: null });
    const fail = (ids: string[]): PostureCheckResult => ({ checkId: 'shared-publicly', scope: 'workspace', severity: 'high', status: ids.length > 0 ? 'fail' : 'pass', error: null, failures: ids.map((id) => ({ subject: subject(id), summary: `s ${id}`, evidence: {} })) });
    const prev = [{ checkId: 'shared-publicly', status: 'fail' as const, lastEvaluated: { failures: [{ subject: subject('a'), summary: 's a' }, { subject: subject('b'), summary: 's b' }] } }];
    const d = diffPosture([fail(['b', 'c'])], prev);
    expect(d.newFailures.map((f) => f.subject.id)).toEqual(['c']);
    expect(d.fixed.map((f) => f.subject.id)).toEqual(['a']);
    expect(d.statusChanges).toEqual([]);
    const erred: PostureCheckResult = { ...fail([]), status: 'error', error: 'gpts could not be read' };
    const e = diffPosture([erred], prev);
    expect(e).toEqual({ newFailures: [], fixed: [], checkErrors: [{ checkId: 'shared-publicly', error: 'gpts could not be read', wasError: false }], statusChanges: [{ checkId: 'shared-publicly', from: 'fail', to: 'error' }] });
    // After the error, comparison is still with the last evaluated failures.
    const after = diffPosture([fail(['a', 'b'])], [{ ...prev[0]!, status: 'error' }]);
    expect(after.newFailures).toEqual([]);
    expect(after.fixed).toEqual([]);
    expect(after.statusChanges).toEqual([{ checkId: 'shared-publicly', from: 'error', to: 'fail' }]);
  });

  it('domains: normalized, suffix match on a dot boundary only', () => {
    expect(normalizeDomain('HTTPS://API.Example.COM:443/path')).toBe('api.example.com');
    expect(normalizeDomain('*.example.com.')).toBe('example.com');
    expect(domainListed('a.b.example.com', ['example.com'])).toBe(true);
    expect(domainListed('notexample.com', ['example.com'])).toBe(false);
    expect(emailDomain('Someone@Sub.Example.com')).toBe('sub.example.com');
    expect(emailDomain('no-at-sign')).toBeNull();
    expect(workspaceParams({ allowed_action_domains: ['https://Api.Example.com/'], company_domains: ['Example.com'] })).toEqual({ allowedActionDomains: ['api.example.com'], companyDomains: ['example.com'] });
  });
});
