/**
 * Custom GPTs and projects: every config version (name, description, instructions, starters,
 * tools, knowledge files), sharing, and the posture cases built on them. The first GPTs and
 * projects are built for the posture checks (public vs private, unknown vs allowed action domain,
 * findings vs clean, inactive owner, owner who left); the rest are ordinary ones.
 */
import { Rng, ALNUM } from '../random.js';
import { KIND_IDS, type Kind } from '../plants.js';
import { pickTopic, paragraph } from '../text.js';
import { US_PER_DAY, US_PER_MIN } from '../times.js';
import { PII_KINDS } from '../files/plant-text.js';
import type { PostureCheckId, SimUser } from '../types.js';
import { type ObjectGenContext, SIM_ALLOWED_ACTION_DOMAINS, SIM_UNKNOWN_ACTION_DOMAIN } from './context.js';
import { knowledgeFile } from './knowledge.js';
import type { Permissions, Recipient, SimConfig, SimGpt, SimTool, TextField, Visibility } from './model.js';
import { clean, decoy, joined, planted, sentence } from './text.js';

type OwnerPlan = 'active' | 'inactive-shared' | 'inactive-private' | 'left';

interface GptPlan {
  visibility: Visibility;
  owner: OwnerPlan;
  action: 'allowed' | 'unknown' | null;
  content: 'planted' | 'clean';
  versions: number;
  files: number;
  cases: [PostureCheckId, 'fail' | 'pass', string][];
}

const DESIGNED_GPTS: GptPlan[] = [
  { visibility: 'anyone-with-link', owner: 'active', action: 'unknown', content: 'planted', versions: 2, files: 1, cases: [
    ['shared-publicly', 'fail', 'shared with anyone with the link'],
    ['action-domain-not-allowed', 'fail', `custom action calls ${SIM_UNKNOWN_ACTION_DOMAIN}`],
    ['instructions-or-files-contain-findings', 'fail', 'planted values in instructions and a knowledge file'],
  ] },
  { visibility: 'invite-only', owner: 'active', action: 'allowed', content: 'clean', versions: 1, files: 0, cases: [
    ['shared-publicly', 'pass', 'invite-only'],
    ['action-domain-not-allowed', 'pass', `custom action calls ${SIM_ALLOWED_ACTION_DOMAINS[0] as string}`],
    ['instructions-or-files-contain-findings', 'pass', 'no values in any version, no knowledge files'],
    ['owner-left', 'pass', 'owner is a listed user'],
  ] },
  { visibility: 'gpt-store', owner: 'active', action: null, content: 'planted', versions: 3, files: 1, cases: [['shared-publicly', 'fail', 'published to the GPT store']] },
  { visibility: 'workspace', owner: 'inactive-shared', action: null, content: 'planted', versions: 1, files: 0, cases: [['shared-publicly', 'pass', 'shared with the workspace only']] },
  { visibility: 'invite-only', owner: 'inactive-private', action: null, content: 'planted', versions: 1, files: 0, cases: [] },
  { visibility: 'workspace', owner: 'left', action: null, content: 'planted', versions: 2, files: 1, cases: [['owner-left', 'fail', 'owner_id is not among /users']] },
];

const DESIGNED_PROJECTS: GptPlan[] = [
  { visibility: 'anyone-with-link', owner: 'active', action: null, content: 'planted', versions: 2, files: 1, cases: [
    ['shared-publicly', 'fail', 'project shared with anyone with the link'],
    ['instructions-or-files-contain-findings', 'fail', 'planted values in instructions and a knowledge file'],
  ] },
  { visibility: 'workspace', owner: 'active', action: null, content: 'clean', versions: 1, files: 0, cases: [
    ['shared-publicly', 'pass', 'shared with the workspace only'],
    ['instructions-or-files-contain-findings', 'pass', 'no values in any version, no knowledge files'],
    ['owner-left', 'pass', 'owner is a listed user'],
  ] },
  { visibility: 'invite-only', owner: 'left', action: null, content: 'planted', versions: 1, files: 1, cases: [['owner-left', 'fail', 'owner_id is not among /users']] },
];

const GPT_NAMES = ['Policy Helper for {team}', 'Contract Reviewer', 'Ticket Triage Assistant', '{lang} Code Reviewer', 'Travel Planner for {team}', 'Sales Email Drafter', 'Onboarding Buddy', 'Forecast Explainer', 'Meeting Notes Summariser', 'Vendor Questionnaire Helper'];
const PROJECT_NAMES = ['{quarter} Planning', 'Migration of {product}', '{company} Renewal', 'Offsite in {city}', 'Hiring for {team}', 'Launch of {product}'];
const DESCRIPTIONS = ['Answers questions about {product} for the {team} team.', 'Drafts and reviews documents for {company}.', 'Helps the {team} team with everyday questions.', 'Summarises threads and proposes next steps.'];
const INTROS = ['You are an assistant for the {team} team at {company}.', 'You help colleagues with questions about {product}.', 'You review drafts for the {team} team and keep a neutral tone.'];
const RULES = ['Keep answers short and cite the internal page you used.', 'Never promise dates on behalf of the {team} team.', 'Ask for missing context before drafting anything long.', 'Escalate anything about {doc} to legal.'];
const STARTERS = ['Summarise the latest update on {product}.', 'Draft a reply to {name} about {doc}.', 'What changed in {quarter} for the {team} team?', 'Plan the next sync with {company}.'];
const PLANT_PREFIXES = ['When you call the internal API, use these credentials: ', 'Escalation contact for billing issues: ', 'For testing, the service account is configured as follows. ', 'Reference record: '];

const EXTERNAL_TOOLS: SimTool['type'][] = ['code_interpreter', 'browser', 'dall-e', 'memory'];

function nextKind(ctx: ObjectGenContext, from: readonly Kind[]): Kind {
  for (let i = 0; i < KIND_IDS.length * 2; i++) {
    const k = ctx.kinds.next();
    if (from.includes(k)) return k;
  }
  return from[0] as Kind;
}

function instructions(ctx: ObjectGenContext, rng: Rng, content: GptPlan['content'], decoyToo: boolean): TextField {
  const topic = pickTopic(rng);
  const parts = [sentence(rng, INTROS), paragraph(rng, topic)];
  const plants = content === 'planted' ? [planted(rng, ctx.plant, 'text', { prefix: rng.pick(PLANT_PREFIXES), kinds: [nextKind(ctx, KIND_IDS)] })] : [];
  const rules = [sentence(rng, RULES), sentence(rng, RULES)];
  return joined([...parts, ...plants, ...rules, decoyToo ? decoy(rng) : null], '\n');
}

function lineField(ctx: ObjectGenContext, rng: Rng, templates: readonly string[], plant: boolean): TextField {
  if (!plant) return clean(sentence(rng, templates));
  return joined([sentence(rng, templates), planted(rng, ctx.plant, 'line', { kinds: [nextKind(ctx, PII_KINDS)] })]);
}

function customAction(rng: Rng, domain: string, createdUs: number): SimTool {
  const spec = { openapi: '3.1.0', info: { title: 'Internal actions', version: 'v1' }, servers: [{ url: `https://${domain}` }], paths: { '/records': { post: { operationId: 'createRecord' } } } };
  return { type: 'custom_action', createdUs, actionDomain: domain, openapiRaw: JSON.stringify(spec), privacyPolicyUrl: `https://${domain}/privacy`, authType: rng.pick(['none', 'api_key', 'oauth'] as const) };
}

function permissions(rng: Rng): Permissions {
  return { can_read: true, can_view_config: rng.chance(0.5), can_write: rng.chance(0.2) };
}

function recipients(rng: Rng, pool: readonly SimUser[], ownerId: string, n: number): Recipient[] {
  const others = rng.shuffle(pool.filter((u) => u.id !== ownerId)).slice(0, n);
  return others.map((u) => ({ id: u.id, email: u.email, permissions: permissions(rng) }));
}

export interface OwnerChoice {
  inactiveShared: SimUser | null;
  inactivePrivate: SimUser | null;
  /** A user id and e-mail that /users does not list. */
  left: { id: string; email: string };
}

function buildOne(ctx: ObjectGenContext, kind: 'gpt' | 'project', index: number, plan: GptPlan, owners: OwnerChoice): SimGpt | null {
  const rng = new Rng(ctx.seed, `${kind}-${index}`);
  const owner = plan.owner === 'left' ? owners.left : plan.owner === 'inactive-shared' ? owners.inactiveShared : plan.owner === 'inactive-private' ? owners.inactivePrivate : rng.pick(ctx.active);
  if (!owner) return null;
  const id = kind === 'gpt' ? `g-${rng.chars(ALNUM, 9)}` : `g-p-${rng.hex(32)}`;
  const createdUs = ctx.nowUs - rng.int(20, 300) * US_PER_DAY - rng.int(0, US_PER_DAY - 1);
  const name = sentence(rng, kind === 'gpt' ? GPT_NAMES : PROJECT_NAMES);
  const toolTypes = rng.shuffle([...EXTERNAL_TOOLS]).slice(0, rng.int(0, 2));
  const action = plan.action === 'unknown' ? SIM_UNKNOWN_ACTION_DOMAIN : plan.action === 'allowed' ? (SIM_ALLOWED_ACTION_DOMAINS[0] as string) : null;
  const configs: SimConfig[] = [];
  let files: SimConfig['files'] = [];
  let t = createdUs;
  for (let v = 0; v < plan.versions; v++) {
    const vr = new Rng(ctx.seed, `${kind}-${index}-v${v}`);
    const configId = `${kind === 'gpt' ? 'gzm_cnf_' : 'pr_cnf_'}${vr.chars(ALNUM, 24)}`;
    const planting = plan.content === 'planted';
    if (planting && v < plan.files) files = [...files, knowledgeFile(ctx, vr, kind, id, configId, t)];
    const tools: SimTool[] = toolTypes.map((type) => ({ type, createdUs: createdUs }));
    if (action && kind === 'gpt') tools.push(customAction(vr, action, createdUs));
    configs.push({
      id: configId, createdUs: t, name: clean(name),
      description: lineField(ctx, vr, DESCRIPTIONS, planting && vr.chance(0.3)),
      instructions: instructions(ctx, vr, plan.content, planting && vr.chance(0.4)),
      starters: Array.from({ length: vr.int(2, 4) }, (_, i) => lineField(ctx, vr, STARTERS, planting && i === 0 && vr.chance(0.4))),
      categories: vr.shuffle(['productivity', 'writing', 'programming', 'research']).slice(0, vr.int(1, 2)),
      author: kind === 'gpt' ? { id: owner.id, email: owner.email } : null,
      tools, files,
    });
    t += vr.int(1, 10) * US_PER_DAY + vr.int(0, 60) * US_PER_MIN;
  }
  const visibility = plan.visibility;
  const shareWith = plan.owner === 'inactive-private' ? 0 : visibility === 'invite-only' ? rng.int(0, 3) : rng.int(0, 1);
  return {
    kind, id, createdUs, ownerId: owner.id, ownerEmail: owner.email, builderName: name, visibility,
    permissions: permissions(rng), recipients: recipients(rng, ctx.active, owner.id, shareWith), configs: configs.reverse(),
  };
}

function randomPlan(rng: Rng, kind: 'gpt' | 'project'): GptPlan {
  return {
    visibility: rng.pick(['invite-only', 'workspace', 'workspace-with-link'] as const), owner: 'active',
    action: kind === 'gpt' && rng.chance(0.4) ? 'allowed' : null, content: rng.chance(0.75) ? 'planted' : 'clean',
    versions: rng.int(1, 3), files: rng.int(0, 2), cases: [],
  };
}

/** `count` GPTs or projects: the designed ones first (as many as fit), then ordinary ones. */
export function buildGpts(ctx: ObjectGenContext, kind: 'gpt' | 'project', count: number, owners: OwnerChoice): SimGpt[] {
  const designed = kind === 'gpt' ? DESIGNED_GPTS : DESIGNED_PROJECTS;
  const out: SimGpt[] = [];
  for (let i = 0; i < count; i++) {
    const plan = designed[i] ?? randomPlan(new Rng(ctx.seed, `${kind}-plan-${i}`), kind);
    const g = buildOne(ctx, kind, i, plan, owners);
    if (!g) continue;
    out.push(g);
    for (const [checkId, expect, note] of plan.cases) ctx.cases.push({ checkId, subjectType: kind, subjectId: g.id, expect, note });
  }
  return out;
}
