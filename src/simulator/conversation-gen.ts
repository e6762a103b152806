/**
 * One synthetic conversation: a tree of user, assistant, tool and system messages with planted
 * values and decoys woven into the text. Times come out relative to the conversation's start;
 * the workspace places them on the calendar.
 */
import { type Rng, ALNUM } from './random.js';
import { type Cycler, type Fragment, type Kind, type Span, decoyFragment, plantFragment, DECOY_MAKERS } from './plants.js';
import * as text from './text.js';
import type { Topic } from './text.js';
import { US_PER_DAY, US_PER_S } from './times.js';
import type { DecoyValue, PlantedValue, SimConversation, SimMessage, SimUser } from './types.js';
import { type FileGenContext, messageFiles } from './files/generate.js';

/** Share of user messages that carry one or two planted values. */
const PLANT_RATE = 0.15;
/** Share of user and assistant messages that carry a decoy. */
const DECOY_RATE = 0.045;
const NON_ASCII_RATE = 0.05;
const NULL_TOOL_CONTENT_RATE = 0.02;
const NULL_CREATED_RATE = 0.004;

export interface GenContext {
  nowUs: number;
  kinds: Cycler<Kind>;
  decoys: Cycler<(typeof DECOY_MAKERS)[number]>;
  planted: PlantedValue[];
  decoyValues: DecoyValue[];
  files: FileGenContext;
}

/** Internal per-conversation extras the workspace needs once times are placed. */
export interface ConversationDraft {
  conv: SimConversation;
  topic: Topic;
  createdLeadUs: number;
  updateLagUs: number;
  migrated: boolean;
}

class TextBuilder {
  text = '';
  readonly spans: Span[] = [];

  add(s: string, sep = ' '): void {
    if (s === '') return;
    this.text += this.text === '' ? s : sep + s;
  }

  addFragment(f: Fragment): void {
    const sep = this.text === '' ? '' : f.block ? '\n\n' : ' ';
    const offset = this.text.length + sep.length;
    this.text += sep + f.text;
    for (const s of f.spans) this.spans.push({ ...s, start: s.start + offset, end: s.end + offset });
  }
}

function record(ctx: GenContext, msg: SimMessage, spans: readonly Span[]): void {
  for (const s of spans) {
    const base = { conversationId: msg.conversationId, messageId: msg.id, kind: s.kind, category: s.category, start: s.start, end: s.end, value: s.value };
    if (s.reason === undefined) ctx.planted.push(base);
    else ctx.decoyValues.push({ ...base, reason: s.reason });
  }
}

function newMessage(rng: Rng, conv: SimConversation, role: SimMessage['role'], parentId: string | null, timeUs: number): SimMessage {
  return {
    id: rng.uuid(), eventId: `evt_${rng.hex(32)}`, parentId, conversationId: conv.id, timeUs,
    createdNull: rng.chance(NULL_CREATED_RATE), role, toolName: null,
    clientType: role === 'user' ? rng.pick(['web', 'web', 'desktop', 'ios', 'android']) : 'unknown',
    content: '', files: [],
  };
}

/**
 * A user message with exactly this text (a test's marker): not planted, not in the ground truth,
 * no files. Its time is never null, so it lands in the log file of its time.
 */
export function customUserTurn(rng: Rng, conv: SimConversation, content: string, timeUs: number): SimMessage {
  const last = conv.messages[conv.messages.length - 1];
  return { ...newMessage(rng, conv, 'user', last?.id ?? null, timeUs), createdNull: false, content };
}

export function userTurn(ctx: GenContext, rng: Rng, conv: SimConversation, topic: Topic, first: boolean, parentId: string | null, timeUs: number, personName: string): SimMessage {
  const msg = newMessage(rng, conv, 'user', parentId, timeUs);
  const b = new TextBuilder();
  const frags: Fragment[] = [];
  if (rng.chance(PLANT_RATE)) {
    const n = rng.chance(0.3) ? 2 : 1;
    for (let i = 0; i < n; i++) frags.push(plantFragment(ctx.kinds.next(), rng, { personName, nowS: Math.floor(ctx.nowUs / US_PER_S) }));
  }
  if (rng.chance(DECOY_RATE)) frags.splice(rng.int(0, frags.length), 0, decoyFragment(ctx.decoys.next(), rng));
  const nonAscii = rng.chance(NON_ASCII_RATE);
  // Non-ASCII text in front of a value moves its UTF-16 offset away from its byte offset.
  const prefixNonAscii = nonAscii ? rng.chance(0.6) : frags.length > 0 && rng.chance(0.15);
  if (prefixNonAscii) b.add(text.nonAsciiPhrase(rng));
  const base = first ? text.userOpener(rng, topic) : text.userFollowup(rng);
  const baseFirst = frags.length === 0 || rng.chance(0.5);
  if (baseFirst) b.add(base);
  for (const f of frags) b.addFragment(f);
  if (!baseFirst) b.add(text.closer(rng));
  if (nonAscii && !prefixNonAscii) b.add(text.nonAsciiPhrase(rng));
  msg.content = b.text;
  record(ctx, msg, b.spans);
  if (rng.chance(ctx.files.rate)) msg.files = messageFiles(ctx.files, rng, conv, msg.id, topic);
  return msg;
}

function assistantTurn(ctx: GenContext, rng: Rng, conv: SimConversation, topic: Topic, parentId: string, timeUs: number): SimMessage {
  const msg = newMessage(rng, conv, 'assistant', parentId, timeUs);
  const b = new TextBuilder();
  const nonAscii = rng.chance(NON_ASCII_RATE);
  const nonAsciiFirst = nonAscii && rng.chance(0.5);
  if (nonAsciiFirst) b.add(text.nonAsciiPhrase(rng));
  b.add(text.assistantReply(rng, topic, rng.chance(0.03)), '\n\n');
  if (rng.chance(DECOY_RATE)) {
    const f = decoyFragment(ctx.decoys.next(), rng);
    b.addFragment({ ...f, block: true });
  }
  if (nonAscii && !nonAsciiFirst) b.add(text.nonAsciiPhrase(rng), '\n\n');
  msg.content = b.text;
  record(ctx, msg, b.spans);
  return msg;
}

function toolTurn(rng: Rng, conv: SimConversation, parentId: string, timeUs: number): SimMessage {
  const msg = newMessage(rng, conv, 'tool', parentId, timeUs);
  msg.toolName = rng.weighted([['python', 4], ['browser', 3], ['myfiles_browser', 2], ['dalle', 1]] as const);
  msg.content = rng.chance(NULL_TOOL_CONTENT_RATE) ? null : text.toolOutput(rng, msg.toolName);
  return msg;
}

/**
 * Adds `count` messages after the conversation's last one, alternating user and assistant (an
 * answer first if the last message is an unanswered prompt), each at the time `timeAt()` gives.
 * Used by append, where every new message must land at a chosen time.
 */
export function continueConversation(ctx: GenContext, rng: Rng, conv: SimConversation, topic: Topic, count: number, timeAt: () => number, personName: string): SimMessage[] {
  const added: SimMessage[] = [];
  let last = conv.messages[conv.messages.length - 1];
  for (let i = 0; i < count; i++) {
    const msg = last && last.role === 'user'
      ? assistantTurn(ctx, rng, conv, topic, last.id, timeAt())
      : userTurn(ctx, rng, conv, topic, conv.messages.length === 0, last?.id ?? null, timeAt(), personName);
    conv.messages.push(msg);
    added.push(msg);
    last = msg;
  }
  return added;
}

export function generateConversation(ctx: GenContext, rng: Rng, owner: SimUser): ConversationDraft {
  const topic = text.pickTopic(rng);
  const conv: SimConversation = {
    id: rng.uuid(), userId: owner.id, userEmail: owner.email, title: text.title(rng, topic),
    createdUs: 0, lastActiveUs: 0, updateUs: 0,
    gptId: rng.chance(0.1) ? `g-${rng.chars(ALNUM, 9)}` : null,
    projectId: rng.chance(0.08) ? `g-p-${rng.hex(32)}` : null,
    isPinned: rng.chance(0.04), isTemporary: rng.chance(0.02), messages: [],
  };
  const turns = rng.weighted([[1, 30], [2, 28], [3, 20], [4, 10], [rng.int(5, 7), 8], [rng.int(8, 15), 4]] as const);
  let t = 0;
  let parent: string | null = null;
  const push = (m: SimMessage): SimMessage => {
    conv.messages.push(m);
    return m;
  };
  if (rng.chance(0.15)) parent = push(newSystem(rng, conv)).id;
  for (let turn = 0; turn < turns; turn++) {
    if (turn > 0) t += rng.chance(0.08) ? rng.int(1, 4) * US_PER_DAY + rng.int(0, 600) * US_PER_S : rng.int(20, 2400) * US_PER_S;
    const branchParent = parent;
    let user = push(userTurn(ctx, rng, conv, topic, turn === 0, parent, t + rng.int(1, 3) * US_PER_S, owner.name));
    const abandoned = turn === turns - 1 && rng.chance(0.04);
    if (abandoned) break;
    t = user.timeUs;
    if (rng.chance(0.15)) {
      const tool = push(toolTurn(rng, conv, user.id, t + rng.int(2, 20) * US_PER_S));
      t = tool.timeUs;
      parent = tool.id;
    } else {
      parent = user.id;
    }
    let reply = push(assistantTurn(ctx, rng, conv, topic, parent, t + rng.int(3, 90) * US_PER_S));
    t = reply.timeUs;
    // An edited prompt: a sibling of the first user message, with its own answer.
    if (turn > 0 && rng.chance(0.03)) {
      user = push(userTurn(ctx, rng, conv, topic, false, branchParent, t + rng.int(30, 300) * US_PER_S, owner.name));
      reply = push(assistantTurn(ctx, rng, conv, topic, user.id, user.timeUs + rng.int(3, 90) * US_PER_S));
      t = reply.timeUs;
    }
    parent = reply.id;
  }
  return {
    conv, topic,
    createdLeadUs: rng.int(0, 3 * US_PER_S),
    updateLagUs: rng.int(0, 2 * US_PER_S),
    migrated: rng.chance(0.03),
  };
}

function newSystem(rng: Rng, conv: SimConversation): SimMessage {
  const msg = newMessage(rng, conv, 'system', null, 0);
  msg.content = text.systemPrompt(rng);
  return msg;
}
