/**
 * Scheduled and agent work: automations (a prompt ChatGPT re-sends on a schedule), Codex tasks
 * (the prompt and pasted code) and Codex environments (environment variables, secrets and a setup
 * script). The first automation and the first two environments are built for posture checks.
 */
import { Rng, ALNUM } from '../random.js';
import { pickTopic, paragraph } from '../text.js';
import { US_PER_DAY, US_PER_MIN } from '../times.js';
import { ENV_KINDS, PII_KINDS, drawValue, labelFor, spanOf } from '../files/plant-text.js';
import type { ObjectGenContext } from './context.js';
import type { SimAutomation, SimCodexEnvironment, SimCodexTask, TextField } from './model.js';
import { clean, decoy, joined, planted, sentence } from './text.js';

const AUTOMATION_TITLES = ['Daily {product} digest', 'Weekly {team} status', 'Monday briefing for {company}', 'Reminder about {doc}'];
const AUTOMATION_PROMPTS = ['Every morning, summarise new tickets about {product} and list the three most urgent.', 'Draft the weekly status for the {team} team from my notes.', 'Remind me which questions about {doc} are still open.'];
const SCHEDULES = ['FREQ=DAILY;BYHOUR=8;BYMINUTE=0', 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=30', 'FREQ=WEEKLY;BYDAY=FR;BYHOUR=16;BYMINUTE=0', 'FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=7;BYMINUTE=0'];
const TASK_TITLES = ['Fix flaky test in {product}', 'Refactor retry loop', 'Add pagination to the {team} export', 'Upgrade {lang} dependencies'];
const TASK_PROMPTS = ['The integration tests for {product} fail on the second run, find out why and fix it.', 'Refactor the retry loop so it backs off exponentially and add a unit test.', 'Add cursor pagination to the export endpoint used by the {team} team.'];
const REPOS = ['acme/billing-service', 'acme/partner-portal', 'acme/data-warehouse', 'acme/mobile-app'];
const CLEAN_VARS: [string, string][] = [['NODE_ENV', 'production'], ['LOG_LEVEL', 'info'], ['AWS_REGION', 'eu-west-1'], ['FEATURE_FLAGS', 'exports,search'], ['TZ', 'UTC']];

export function buildAutomations(ctx: ObjectGenContext, count: number): SimAutomation[] {
  const out: SimAutomation[] = [];
  for (let i = 0; i < count; i++) {
    const rng = new Rng(ctx.seed, `automation-${i}`);
    const plant = i === 0 || (i > 1 && rng.chance(0.5));
    const prompt = plant
      ? joined([sentence(rng, AUTOMATION_PROMPTS), planted(rng, ctx.plant, 'line', { prefix: 'Send it to the account with ', kinds: PII_KINDS })])
      : joined([sentence(rng, AUTOMATION_PROMPTS), i > 1 && rng.chance(0.3) ? decoy(rng) : null]);
    const a: SimAutomation = {
      id: `auto_${rng.hex(24)}`, userId: rng.pick(ctx.active).id, createdUs: ctx.nowUs - rng.int(2, 60) * US_PER_DAY - rng.int(0, US_PER_DAY - 1),
      title: clean(sentence(rng, AUTOMATION_TITLES)), prompt, schedule: rng.pick(SCHEDULES), isEnabled: rng.chance(0.8),
    };
    out.push(a);
    if (i === 0) ctx.cases.push({ checkId: 'automation-prompt-contains-findings', subjectType: 'automation', subjectId: a.id, expect: 'fail', note: 'planted value in the prompt' });
    if (i === 1) ctx.cases.push({ checkId: 'automation-prompt-contains-findings', subjectType: 'automation', subjectId: a.id, expect: 'pass', note: 'clean title and prompt' });
  }
  return out;
}

export function buildCodexTasks(ctx: ObjectGenContext, count: number, environmentIds: readonly string[]): SimCodexTask[] {
  const out: SimCodexTask[] = [];
  for (let i = 0; i < count; i++) {
    const rng = new Rng(ctx.seed, `codex-task-${i}`);
    const createdUs = ctx.nowUs - rng.int(1, 30) * US_PER_DAY - rng.int(0, US_PER_DAY - 1);
    const prompt = rng.chance(0.6)
      ? joined([sentence(rng, TASK_PROMPTS), planted(rng, ctx.plant, 'text', { prefix: 'The config I use locally:\n', kinds: ENV_KINDS })], '\n')
      : joined([sentence(rng, TASK_PROMPTS), paragraph(rng, pickTopic(rng))], '\n');
    out.push({
      id: `task_e_${rng.hex(32)}`, createdUs, updatedUs: createdUs + rng.int(1, 600) * US_PER_MIN, createdById: rng.pick(ctx.active).id,
      title: clean(sentence(rng, TASK_TITLES)), prompt, environmentId: environmentIds.length > 0 ? rng.pick(environmentIds) : null, repo: rng.pick(REPOS),
    });
  }
  // Newest update first, as the API lists them.
  return out.sort((a, b) => b.updatedUs - a.updatedUs);
}

/** A secret value as an environment holds it: the bare value (a connection string whole). */
function envValue(ctx: ObjectGenContext, rng: Rng): { name: string; field: TextField } {
  const piece = drawValue(rng, 'line', ctx.plant, ENV_KINDS);
  return { name: labelFor(rng, piece.kind).label, field: { text: piece.before + piece.value + piece.after, spans: [spanOf(piece, piece.before.length)] } };
}

function unique(name: string, taken: Set<string>): string {
  let n = name;
  for (let k = 2; taken.has(n); k++) n = `${name}_${k}`;
  taken.add(n);
  return n;
}

export function buildCodexEnvironments(ctx: ObjectGenContext, count: number): SimCodexEnvironment[] {
  const out: SimCodexEnvironment[] = [];
  for (let i = 0; i < count; i++) {
    const rng = new Rng(ctx.seed, `codex-env-${i}`);
    const withSecrets = i === 0 || (i > 1 && rng.chance(0.7));
    const taken = new Set<string>();
    const envVars: [string, TextField][] = rng.shuffle([...CLEAN_VARS]).slice(0, rng.int(1, 3)).map(([k, v]) => [unique(k, taken), clean(v)]);
    if (i > 1 && rng.chance(0.5)) {
      const v = envValue(ctx, rng);
      envVars.push([unique(v.name, taken), v.field]);
    }
    const secrets: [string, TextField][] = [];
    for (let k = withSecrets ? rng.int(1, 3) : 0; k > 0; k--) {
      const v = envValue(ctx, rng);
      secrets.push([unique(v.name, taken), v.field]);
    }
    const setupLines = ['#!/usr/bin/env bash', 'set -euo pipefail', 'npm ci'];
    const setup = i > 1 && rng.chance(0.5)
      ? joined([...setupLines, planted(rng, ctx.plant, 'line', { prefix: 'export ', kinds: ENV_KINDS }), 'npm run build'], '\n')
      : clean([...setupLines, 'npm run build'].join('\n'));
    const createdUs = ctx.nowUs - rng.int(10, 120) * US_PER_DAY - rng.int(0, US_PER_DAY - 1);
    const env: SimCodexEnvironment = {
      id: `env_${rng.chars(ALNUM, 24)}`, name: `${rng.pick(REPOS).split('/')[1] as string} ${rng.pick(['dev', 'ci', 'staging'])}`,
      createdUs, updatedUs: createdUs + rng.int(0, 9) * US_PER_DAY, createdById: rng.pick(ctx.active).id, repo: rng.pick(REPOS), envVars, secrets, setup,
    };
    out.push(env);
    if (i === 0) ctx.cases.push({ checkId: 'codex-environment-stores-secrets', subjectType: 'codex_environment', subjectId: env.id, expect: 'fail', note: 'secrets map is not empty' });
    if (i === 1) ctx.cases.push({ checkId: 'codex-environment-stores-secrets', subjectType: 'codex_environment', subjectId: env.id, expect: 'pass', note: 'no secrets, clean variables and setup' });
  }
  // Newest first, as the API lists them.
  return out.sort((a, b) => b.createdUs - a.createdUs || (a.id < b.id ? 1 : -1));
}
