/**
 * All objects beyond chats of one workspace, generated from the seed after the chat history (from
 * their own random streams: with `objects: false` everything else is the same), and what DELETE
 * and the test mutations changed since.
 */
import { Rng } from '../random.js';
import { Cycler, KIND_IDS } from '../plants.js';
import { US_PER_S } from '../times.js';
import type { ObjectDeletion, PostureCase, SimConversation, SimUser } from '../types.js';
import type { ObjectGenContext } from './context.js';
import { buildGpts } from './gpts.js';
import { buildObjectLogs } from './logs.js';
import type { ObjectLogFile, ObjectLogType, SimAutomation, SimCanvas, SimCodexEnvironment, SimCodexTask, SimGpt, SimKnowledgeFile, SimMemory, SimRecording } from './model.js';
import { buildCanvases, buildMemories, buildRecordings } from './personal.js';
import { prepareUsers } from './users.js';
import { buildAutomations, buildCodexEnvironments, buildCodexTasks } from './work.js';

export interface ObjectCounts {
  /** Default 8 (the first 6 are built for posture checks). */
  gpts?: number;
  /** Default 4 (the first 3 are built for posture checks). */
  projects?: number;
  /** Share of users with memories. Default 0.3. */
  memoryShare?: number;
  /** Default 6. */
  canvases?: number;
  /** Default 6 (the first 2 are built for posture checks). */
  automations?: number;
  /** Default 4. */
  recordings?: number;
  /** Default 6. */
  codexTasks?: number;
  /** Default 4 (the first 2 are built for posture checks). */
  codexEnvironments?: number;
  /** CODEX_LOG events. Default 12. */
  codexLogEvents?: number;
  /** CUSTOM_AGENTS_LOG events. Default 10. */
  agentLogEvents?: number;
}

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class WorkspaceObjects {
  readonly gpts: SimGpt[] = [];
  readonly projects: SimGpt[] = [];
  readonly gptsById = new Map<string, SimGpt>();
  readonly knowledgeById = new Map<string, SimKnowledgeFile>();
  readonly memories: SimMemory[] = [];
  readonly canvases: SimCanvas[] = [];
  readonly automations: SimAutomation[] = [];
  readonly recordings: SimRecording[] = [];
  readonly codexTasks: SimCodexTask[] = [];
  readonly codexEnvironments: SimCodexEnvironment[] = [];
  readonly logFiles: ObjectLogFile[] = [];
  readonly logFilesById = new Map<string, ObjectLogFile>();
  readonly cases: PostureCase[] = [];
  /** GPTs/projects and knowledge files removed by DELETE. */
  readonly deletedIds = new Set<string>();
  readonly deletions: ObjectDeletion[] = [];
  /** Gives the mutation helpers distinct random streams. */
  mutations = 0;

  constructor(readonly seed: number, readonly nowUs: number) {}

  static empty(seed: number, nowUs: number): WorkspaceObjects {
    return new WorkspaceObjects(seed, nowUs);
  }

  static generate(seed: number, nowUs: number, users: SimUser[], conversations: readonly SimConversation[], counts: ObjectCounts): WorkspaceObjects {
    const o = new WorkspaceObjects(seed, nowUs);
    const userCases = prepareUsers(seed, users, conversations);
    const active = users.filter((u) => u.status === 'active');
    const ctx: ObjectGenContext = {
      seed, nowUs, plant: { nowS: Math.floor(nowUs / US_PER_S) }, active: active.length > 0 ? active : users,
      kinds: new Cycler(new Rng(seed, 'object-kinds'), KIND_IDS), cases: o.cases,
    };
    o.addGpts(buildGpts(ctx, 'gpt', counts.gpts ?? 8, userCases.owners));
    o.addGpts(buildGpts(ctx, 'project', counts.projects ?? 4, userCases.owners));
    o.memories.push(...buildMemories(ctx, users, counts.memoryShare ?? 0.3));
    o.canvases.push(...buildCanvases(ctx, counts.canvases ?? 6));
    o.automations.push(...buildAutomations(ctx, counts.automations ?? 6));
    o.recordings.push(...buildRecordings(ctx, counts.recordings ?? 4));
    o.codexEnvironments.push(...buildCodexEnvironments(ctx, counts.codexEnvironments ?? 4));
    o.codexTasks.push(...buildCodexTasks(ctx, counts.codexTasks ?? 6, o.codexEnvironments.map((e) => e.id)));
    for (const f of buildObjectLogs(ctx, counts.codexLogEvents ?? 12, counts.agentLogEvents ?? 10, o.codexTasks.map((t) => t.id), o.gpts)) {
      o.logFiles.push(f);
      o.logFilesById.set(f.id, f);
    }
    o.userCases(userCases);
    return o;
  }

  private addGpts(list: SimGpt[]): void {
    for (const g of list) {
      (g.kind === 'gpt' ? this.gpts : this.projects).push(g);
      this.gptsById.set(g.id, g);
      for (const c of g.configs) for (const f of c.files) this.knowledgeById.set(f.id, f);
    }
    this.gpts.sort(byId);
    this.projects.sort(byId);
  }

  private userCases(u: ReturnType<typeof prepareUsers>): void {
    const push = (c: PostureCase): void => void this.cases.push(c);
    if (u.external) push({ checkId: 'user-external-domain', subjectType: 'user', subjectId: u.external.id, expect: 'fail', note: `e-mail at ${u.external.email.split('@')[1] as string}` });
    if (u.companyUser) push({ checkId: 'user-external-domain', subjectType: 'user', subjectId: u.companyUser.id, expect: 'pass', note: 'e-mail at the company domain' });
    const owns = (user: SimUser | null): boolean => user !== null && this.gpts.some((g) => g.ownerId === user.id);
    if (owns(u.owners.inactiveShared)) {
      push({ checkId: 'inactive-user-owns-shared-gpt', subjectType: 'user', subjectId: (u.owners.inactiveShared as SimUser).id, expect: 'fail', note: 'inactive, owns a GPT shared with the workspace' });
    }
    if (owns(u.owners.inactivePrivate)) {
      push({ checkId: 'inactive-user-owns-shared-gpt', subjectType: 'user', subjectId: (u.owners.inactivePrivate as SimUser).id, expect: 'pass', note: 'inactive, owns only an invite-only GPT shared with nobody' });
    }
  }

  /** Live GPTs or projects, by id. */
  live(kind: 'gpt' | 'project'): SimGpt[] {
    return (kind === 'gpt' ? this.gpts : this.projects).filter((g) => !this.deletedIds.has(g.id));
  }

  gpt(kind: 'gpt' | 'project', id: string): SimGpt | undefined {
    const g = this.gptsById.get(id);
    return g && g.kind === kind && !this.deletedIds.has(id) ? g : undefined;
  }

  /** A knowledge file still served: its owner lives and it was not deleted. */
  knowledgeFile(kind: 'gpt' | 'project', id: string): SimKnowledgeFile | undefined {
    const f = this.knowledgeById.get(id);
    if (!f || f.ownerKind !== kind || this.deletedIds.has(id) || this.deletedIds.has(f.ownerId)) return undefined;
    return f;
  }

  memoryOf(userId: string): SimMemory | undefined {
    return this.memories.find((m) => m.userId === userId);
  }

  logs(type: ObjectLogType): ObjectLogFile[] {
    return this.logFiles.filter((f) => f.eventType === type);
  }
}
