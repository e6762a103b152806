/**
 * The synthetic workspace: users, conversations, log files and the ground truth, generated from
 * one seed with no I/O, plus `append` for new activity. The server only reads from it.
 */
import { Rng, ALNUM } from './random.js';
import { Cycler, KIND_IDS, DECOY_MAKERS } from './plants.js';
import { type ConversationDraft, type GenContext, continueConversation, customUserTurn, generateConversation, userTurn } from './conversation-gen.js';
import { groupLogFiles, type LogFile } from './log-files.js';
import * as text from './text.js';
import type { Topic } from './text.js';
import { FIRST_NAMES, LAST_NAMES } from './values.js';
import { US_PER_DAY, US_PER_H, US_PER_MIN, US_PER_MS, US_PER_S, dateToUs, usToIso } from './times.js';
import type { AppendResult, GroundTruth, SimConversation, SimFile, SimMessage, SimUser, UserRole } from './types.js';
import { UPLOAD_TYPES } from './files/generate.js';
import { attachExtraFiles } from './files/broken-files.js';
import type { HugeCsvPlan } from './files/huge-csv.js';
import { fileTruth } from './files/truth.js';
import type { AppendOptions, WorkspaceOptions } from './workspace-options.js';
import { WorkspaceObjects } from './objects/store.js';
import { objectGroundTruth } from './objects/truth.js';

export type { AppendOptions, WorkspaceOptions } from './workspace-options.js';

/** The company domains the simulator's users get (one per seed); every other domain is external. */
export const SIM_COMPANY_DOMAINS: readonly string[] = ['northwind-labs.com', 'globex-corp.com', 'initech.io', 'umbrella-logistics.com', 'stark-components.de', 'vandelay-imports.com'];

function compareConv(a: SimConversation, b: SimConversation): number {
  return a.updateUs - b.updateUs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export class Workspace {
  readonly seed: number;
  readonly workspaceId: string;
  /** The generation-time "now" (µs); the server's clock moves on from it. */
  readonly nowUs: number;
  readonly messagesPerLogFile: number;
  readonly logFileWindowUs: number;
  readonly users: SimUser[] = [];
  readonly usersById = new Map<string, SimUser>();
  readonly conversations: SimConversation[] = [];
  readonly conversationsById = new Map<string, SimConversation>();
  readonly filesById = new Map<string, SimFile>();
  readonly logFiles: LogFile[] = [];
  readonly logFilesById = new Map<string, LogFile>();
  /** The streamed huge CSV's generator plan, by content key. */
  readonly hugePlans = new Map<string, HugeCsvPlan>();
  /** GPTs, projects, memories, canvases, automations, recordings, Codex and agent logs. */
  readonly objects: WorkspaceObjects;
  private readonly topics = new Map<string, Topic>();
  private ordered: SimConversation[] = [];
  private orderIndex = new Map<string, number>();
  private readonly ctx: GenContext;
  private messageCount = 0;
  private nullContent = 0;
  private latestEventUs = 0;
  private appendCount = 0;

  constructor(opts: WorkspaceOptions = {}) {
    this.seed = opts.seed ?? 42;
    this.nowUs = dateToUs(opts.now ?? new Date());
    this.messagesPerLogFile = Math.max(1, opts.messagesPerLogFile ?? 200);
    this.logFileWindowUs = (opts.logFileHours ?? 6) * US_PER_H;
    this.workspaceId = opts.workspaceId ?? new Rng(this.seed, 'workspace').uuid();
    this.ctx = {
      nowUs: this.nowUs,
      kinds: new Cycler(new Rng(this.seed, 'plan-kinds'), KIND_IDS),
      decoys: new Cycler(new Rng(this.seed, 'plan-decoys'), DECOY_MAKERS),
      planted: [],
      decoyValues: [],
      files: {
        enabled: opts.files ?? true,
        rate: opts.fileRate ?? 0.06,
        seed: this.seed,
        nowS: Math.floor(this.nowUs / US_PER_S),
        types: new Cycler(new Rng(this.seed, 'file-types'), UPLOAD_TYPES),
        uploads: [],
      },
    };
    this.makeUsers(Math.max(1, opts.users ?? 50), opts.historyDays ?? 90);
    this.makeHistory(Math.max(0, opts.conversations ?? 300), opts.historyDays ?? 90);
    // Last, from their own streams: with them off, everything above is the same.
    const extra = attachExtraFiles(this.conversations, this.nowUs, this.seed, opts.brokenFiles ?? true, opts.hugeFileBytes ?? 0);
    for (const f of extra.files) this.filesById.set(f.id, f);
    for (const [key, plan] of extra.hugePlans) this.hugePlans.set(key, plan);
    this.objects = opts.objects === false ? WorkspaceObjects.empty(this.seed, this.nowUs) : WorkspaceObjects.generate(this.seed, this.nowUs, this.users, this.conversations, opts.objects ?? {});
  }

  private makeUsers(n: number, historyDays: number): void {
    const rng = new Rng(this.seed, 'users');
    const domain = rng.pick(SIM_COMPANY_DOMAINS);
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) {
      const first = rng.pick(FIRST_NAMES), last = rng.pick(LAST_NAMES);
      let local = `${first}.${last}`.toLowerCase();
      for (let k = 2; seen.has(local); k++) local = `${first}.${last}${k}`.toLowerCase();
      seen.add(local);
      const role: UserRole = i === 0 ? 'account-owner' : i <= Math.max(1, Math.floor(n / 20)) ? 'account-admin' : 'standard-user';
      this.users.push({
        id: `user-${rng.chars(ALNUM, 24)}`, email: `${local}@${domain}`, name: `${first} ${last}`,
        createdUs: this.nowUs - (historyDays + rng.int(1, 400)) * US_PER_DAY - rng.int(0, US_PER_DAY),
        role, status: rng.chance(0.06) && i > 0 ? 'inactive' : 'active',
      });
    }
    this.users.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const u of this.users) this.usersById.set(u.id, u);
  }

  /** Heavy users write most conversations, as in any real workspace. */
  private pickUser(rng: Rng): SimUser {
    return this.users[Math.floor(this.users.length * rng.float() ** 1.6)] as SimUser;
  }

  private makeHistory(n: number, historyDays: number): void {
    const drafts: ConversationDraft[] = [];
    const earliest = this.nowUs - historyDays * US_PER_DAY;
    const latestStart = this.nowUs - US_PER_H;
    const latestEnd = this.nowUs - US_PER_MIN;
    for (let i = 0; i < n; i++) {
      const rng = new Rng(this.seed, 1_000_000 + i);
      const draft = generateConversation(this.ctx, rng, this.pickUser(rng));
      const msgs = draft.conv.messages;
      const span = (msgs[msgs.length - 1] as SimMessage).timeUs;
      let start = earliest + Math.floor(rng.float() * (latestStart - earliest));
      if (start + span > latestEnd) start = latestEnd - span;
      for (const m of msgs) m.timeUs += start;
      drafts.push(draft);
    }
    // Distinct event times keep log file end times distinct and the feed's order total.
    const all = drafts.flatMap((d) => d.conv.messages).sort((a, b) => a.timeUs - b.timeUs);
    for (let i = 1; i < all.length; i++) {
      const prev = all[i - 1] as SimMessage, cur = all[i] as SimMessage;
      if (cur.timeUs <= prev.timeUs) cur.timeUs = prev.timeUs + 1;
    }
    const migrationRng = new Rng(this.seed, 'migrations');
    for (const d of drafts) {
      const c = d.conv;
      const first = c.messages[0] as SimMessage, last = c.messages[c.messages.length - 1] as SimMessage;
      c.createdUs = first.timeUs - d.createdLeadUs;
      c.lastActiveUs = last.timeUs;
      c.updateUs = last.timeUs + d.updateLagUs;
      // A migration touches the hidden update time without any new message.
      if (d.migrated && c.updateUs < latestStart) c.updateUs += Math.floor(migrationRng.float() * (latestStart - c.updateUs));
      this.addConversation(c, d.topic);
    }
    this.addLogFiles(all, new Rng(this.seed, 'logs'));
    this.reorder();
  }

  private addConversation(c: SimConversation, topic: Topic): void {
    this.conversations.push(c);
    this.conversationsById.set(c.id, c);
    this.topics.set(c.id, topic);
    for (const m of c.messages) this.indexMessage(m);
  }

  private indexMessage(m: SimMessage): void {
    this.messageCount++;
    if (m.content === null) this.nullContent++;
    if (m.timeUs > this.latestEventUs) this.latestEventUs = m.timeUs;
    for (const f of m.files) {
      f.createdUs = m.timeUs - 2 * US_PER_S;
      this.filesById.set(f.id, f);
    }
  }

  private addLogFiles(events: readonly SimMessage[], rng: Rng): LogFile[] {
    const files = groupLogFiles(rng, events, this.messagesPerLogFile, this.logFileWindowUs);
    for (const f of files) {
      this.logFiles.push(f);
      this.logFilesById.set(f.id, f);
    }
    return files;
  }

  private reorder(): void {
    this.ordered = [...this.conversations].sort(compareConv);
    this.orderIndex = new Map(this.ordered.map((c, i) => [c.id, i]));
  }

  /** Conversations by hidden update time, then id: the listing's order. */
  get listingOrder(): readonly SimConversation[] {
    return this.ordered;
  }

  /** Position of a conversation in listingOrder, or undefined. */
  positionOf(id: string): number | undefined {
    return this.orderIndex.get(id);
  }

  get latestEvent(): number {
    return this.latestEventUs;
  }

  /**
   * New activity at `at` (clamped to 1 ms after the latest event, so the feed stays ordered):
   * new conversations and new messages in existing ones, 1 ms apart, in new log files only.
   */
  append(opts: AppendOptions, realNowUs: number): AppendResult {
    this.appendCount++;
    const rng = new Rng(this.seed, `append-${this.appendCount}`);
    let cursor = Math.max(opts.at ? dateToUs(opts.at) : realNowUs, this.latestEventUs + US_PER_MS);
    const nextTime = (): number => {
      const t = cursor;
      cursor += US_PER_MS;
      return t;
    };
    const plantedFrom = this.ctx.planted.length, decoysFrom = this.ctx.decoyValues.length;
    const newMessages: SimMessage[] = [];
    const touched = new Set<SimConversation>();
    const existing = [...this.conversations];
    for (let i = 0; i < (opts.newConversations ?? 0); i++) {
      const crng = new Rng(this.seed, `append-${this.appendCount}-conv-${i}`);
      const owner = this.pickUser(crng);
      const topic = text.pickTopic(crng);
      const c: SimConversation = {
        id: crng.uuid(), userId: owner.id, userEmail: owner.email, title: text.title(crng, topic),
        createdUs: 0, lastActiveUs: 0, updateUs: 0, gptId: null, projectId: null, isPinned: false, isTemporary: false, messages: [],
      };
      const first = userTurn(this.ctx, crng, c, topic, true, null, nextTime(), owner.name);
      c.messages.push(first);
      newMessages.push(first, ...continueConversation(this.ctx, crng, c, topic, crng.int(0, 3), nextTime, owner.name));
      c.createdUs = first.timeUs - US_PER_MS / 2;
      this.conversations.push(c);
      this.conversationsById.set(c.id, c);
      this.topics.set(c.id, topic);
      touched.add(c);
    }
    let remaining = opts.newMessagesInExisting ?? 0;
    while (remaining > 0 && existing.length > 0) {
      const c = rng.pick(existing);
      const n = Math.min(remaining, 2);
      const owner = this.usersById.get(c.userId) as SimUser;
      newMessages.push(...continueConversation(this.ctx, rng, c, this.topics.get(c.id) ?? 'meetings', n, nextTime, owner.name));
      remaining -= n;
      touched.add(c);
    }
    for (const content of opts.texts ?? []) {
      const c = existing.length > 0 ? rng.pick(existing) : null;
      if (c === null) break;
      const msg = customUserTurn(rng, c, content, nextTime());
      c.messages.push(msg);
      newMessages.push(msg);
      touched.add(c);
    }
    for (const m of newMessages) this.indexMessage(m);
    for (const c of touched) {
      const last = c.messages[c.messages.length - 1] as SimMessage;
      c.lastActiveUs = last.timeUs;
      c.updateUs = Math.max(c.updateUs, last.timeUs + 1);
    }
    newMessages.sort((a, b) => a.timeUs - b.timeUs);
    this.addLogFiles(newMessages, rng);
    this.reorder();
    return {
      conversationIds: [...touched].map((c) => c.id),
      messageIds: newMessages.map((m) => m.id),
      planted: this.ctx.planted.slice(plantedFrom),
      decoys: this.ctx.decoyValues.slice(decoysFrom),
      files: newMessages.flatMap((m) => m.files.map(fileTruth)),
    };
  }

  groundTruth(): GroundTruth {
    return {
      seed: this.seed,
      workspaceId: this.workspaceId,
      now: usToIso(this.nowUs),
      planted: [...this.ctx.planted],
      decoys: [...this.ctx.decoyValues],
      files: [...this.filesById.values()].map(fileTruth),
      messages: this.messageCount,
      conversations: this.conversations.length,
      users: this.users.length,
      nullContentMessages: this.nullContent,
      ...objectGroundTruth(this.objects, this.users),
    };
  }
}

export function generateWorkspace(opts: WorkspaceOptions = {}): Workspace {
  return new Workspace(opts);
}
