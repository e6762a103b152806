/**
 * A local Compliance API: a seeded synthetic workspace served over loopback HTTP, with ground
 * truth for scoring DLP results and switches for the failures a real deployment meets.
 */
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { Faults, type FaultOptions } from './faults.js';
import { Rng } from './random.js';
import { RateLimiter, type RateLimits } from './rate-limit.js';
import { createSimServer } from './server.js';
import { UrlSigner } from './signing.js';
import { SimState, type SimStats } from './state.js';
import { US_PER_DAY } from './times.js';
import type { AppendResult, GroundTruth, ObjectChange, ObjectDeletion, SimUser } from './types.js';
import { addMemory, removeUser, setSharing, setUserStatus, updateConfig, type ConfigChange, type SharingChange } from './objects/mutate.js';
import { Workspace, generateWorkspace, type AppendOptions, type WorkspaceOptions } from './workspace.js';
import { SimOrg } from './admin/org.js';

export type { FaultOptions } from './faults.js';
export type {
  AppendResult, BrokenKind, DecoyValue, FileDecoy, FilePlanted, FileTruth, GroundTruth, PlantedValue,
  KnowledgeFileTruth, ObjectChange, ObjectDecoy, ObjectDeletion, ObjectInventory, ObjectPlanted, ObjectSourceKind, PostureCase, PostureCheckId,
} from './types.js';
export type { ConfigChange, SharingChange } from './objects/mutate.js';
export type { ObjectCounts } from './objects/store.js';
export type { Visibility } from './objects/model.js';
export { SIM_COMPANY_DOMAINS } from './workspace.js';
export { SIM_ALLOWED_ACTION_DOMAINS, SIM_UNKNOWN_ACTION_DOMAIN } from './objects/context.js';
export { SIM_EXTERNAL_DOMAIN } from './objects/users.js';
export type { AppendOptions, WorkspaceOptions } from './workspace.js';
export type { SimStats } from './state.js';
export { Workspace, generateWorkspace };
export { KIND_IDS as PLANTED_KINDS } from './plants.js';
export type { AdminGroundTruth, AdminCheckTruth, SimOrg } from './admin/org.js';

export interface SimulatorOptions extends WorkspaceOptions {
  /** Log files whose end_time is older than now - retention are not listed. Default 30. */
  logsRetentionDays?: number;
  /** Requests must send `Authorization: Bearer <apiKey>`. Default 'sim-key-' + a hex string derived from the seed. */
  apiKey?: string;
  /** false: every API read answers 403 (missing scope read). Default true. */
  readScope?: boolean;
  /** false: DELETE answers 403 (missing scope delete). Default true. */
  deleteScope?: boolean;
  /** Loopback only. Default '127.0.0.1'. */
  host?: string;
  /** Default 0 (ephemeral). */
  port?: number;
  /** true: /conversations answers 404 "deprecated, use /logs". Default false. */
  conversationsClosed?: boolean;
  /** Per key and endpoint class, sliding 60 s window. Default {listPerMinute: 50, getPerMinute: 100}; false = off. */
  rateLimits?: RateLimits | false;
  /** Default: none. */
  faults?: FaultOptions;
  /** If set, the ground truth JSON is written there at start and after each append. */
  groundTruthPath?: string;
  /** Built file bytes kept for re-serving (least recently used go first). Default 64 MiB. */
  fileCacheBytes?: number;
  /** The Administration API's key (Bearer on /v1/organization/...). Default 'sk-admin-' + hex derived from the seed. */
  adminKey?: string;
  /** Audit logging of the simulated organization. Default false (so audit-logging-disabled fires). */
  auditLogging?: boolean;
}

export interface Simulator {
  /** Base URL for the client, e.g. 'http://127.0.0.1:41234/v1'. */
  url: string;
  workspaceId: string;
  apiKey: string;
  groundTruth(): GroundTruth;
  append(opts: AppendOptions): AppendResult;
  setConversationsClosed(closed: boolean): void;
  setFaults(f: FaultOptions): void;
  /** The Administration API's key. */
  adminKey: string;
  /** The organization behind the workspace (Administration API): ground truth and mutations. */
  admin: SimOrg;
  /** Conversations removed by DELETE so far. */
  deletedConversations(): string[];
  /** A new config version of a GPT (newest first): what it plants (see ConfigChange). */
  updateGpt(id: string, change?: ConfigChange): ObjectChange;
  /** A new config version of a project. */
  updateProject(id: string, change?: ConfigChange): ObjectChange;
  /** Visibility and/or recipients of a GPT or project. */
  setGptSharing(id: string, change: SharingChange): void;
  setUserStatus(id: string, status: SimUser['status']): void;
  /** The user leaves /users; what they own keeps their id (an owner who left). */
  removeUser(id: string): void;
  /** A new memory entry with a planted value for the user, updated now. */
  addMemory(userId: string): ObjectChange;
  /** GPT/project DELETE calls answered so far, in order. */
  objectDeletions(): ObjectDeletion[];
  stats(): SimStats;
  close(): Promise<void>;
}

function loopbackHost(host: string): string {
  if (host === 'localhost') return '127.0.0.1';
  if (host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return host;
  throw new Error(`simulator: host must be a loopback address (127.0.0.1, ::1 or localhost), got ${JSON.stringify(host)}`);
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const host = loopbackHost(opts.host ?? '127.0.0.1');
  const ws = generateWorkspace(opts);
  const apiKey = opts.apiKey ?? `sim-key-${new Rng(ws.seed, 'api-key').hex(24)}`;
  const faults = new Faults(opts.faults ?? {});
  const limiter = new RateLimiter(opts.rateLimits === undefined ? { listPerMinute: 50, getPerMinute: 100 } : opts.rateLimits);
  const state = new SimState(ws, apiKey, opts.readScope ?? true, opts.conversationsClosed ?? false, (opts.logsRetentionDays ?? 30) * US_PER_DAY, faults, limiter, new UrlSigner(), opts.fileCacheBytes);
  const writeTruth = (): void => {
    if (opts.groundTruthPath) writeFileSync(opts.groundTruthPath, JSON.stringify(ws.groundTruth(), null, 2));
  };

  state.deleteScope = opts.deleteScope ?? true;
  const org = new SimOrg(ws.seed, ws.users, ws.nowUs, opts.adminKey, opts.auditLogging ?? false);
  const server = createSimServer(state, org);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const hostPart = addr.family === 'IPv6' || addr.address.includes(':') ? `[${addr.address}]` : addr.address;
  state.origin = `http://${hostPart}:${addr.port}`;
  writeTruth();

  const mutated = <T>(result: T): T => {
    writeTruth();
    return result;
  };

  let closing: Promise<void> | undefined;
  return {
    url: `${state.origin}/v1`,
    workspaceId: ws.workspaceId,
    apiKey,
    groundTruth: () => ws.groundTruth(),
    append: (o) => {
      const result = ws.append(o, Date.now() * 1000);
      writeTruth();
      return result;
    },
    setConversationsClosed: (closed) => {
      state.conversationsClosed = closed;
    },
    setFaults: (f) => faults.set(f),
    adminKey: org.adminKey,
    admin: org,
    deletedConversations: () => [...state.deleted],
    updateGpt: (id, change = {}) => mutated(updateConfig(ws, 'gpt', id, change, state.nowUs())),
    updateProject: (id, change = {}) => mutated(updateConfig(ws, 'project', id, change, state.nowUs())),
    setGptSharing: (id, change) => mutated(setSharing(ws, id, change)),
    setUserStatus: (id, status) => mutated(setUserStatus(ws, id, status)),
    removeUser: (id) => mutated(removeUser(ws, id)),
    addMemory: (userId) => mutated(addMemory(ws, userId, state.nowUs())),
    objectDeletions: () => structuredClone(ws.objects.deletions),
    stats: () => structuredClone(state.stats),
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
