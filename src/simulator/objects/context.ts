/** What the object generators share: the seed, the clock, the users, and where cases are listed. */
import type { Cycler, Kind } from '../plants.js';
import type { PlantContext } from '../files/plant-text.js';
import type { PostureCase, SimUser } from '../types.js';

export interface ObjectGenContext {
  seed: number;
  nowUs: number;
  plant: PlantContext;
  /** Active users still in the workspace: owners of everything not built for a posture case. */
  active: SimUser[];
  /** Kinds in shuffled rounds, so every kind is planted in objects too. */
  kinds: Cycler<Kind>;
  cases: PostureCase[];
}

/** The custom-action domains the simulator means as allowed (a leakwatch test configures this list). */
export const SIM_ALLOWED_ACTION_DOMAINS: readonly string[] = ['api.acme-corp.example', 'hooks.acme-corp.example', 'calendar.acme-corp.example'];
/** The domain the "unknown action domain" posture case calls. */
export const SIM_UNKNOWN_ACTION_DOMAIN = 'exfil-collector.example.net';
