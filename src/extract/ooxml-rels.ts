/** OOXML relationships: which part a part points to (slides of a presentation, notes of a slide). */
import { posix } from 'node:path';
import type { Package } from './package.js';
import { walkXml } from './xml.js';

export interface Rel { id: string; type: string; target: string }

/** The relationships of `part`, targets resolved to package part names. */
export async function relsOf(pkg: Package, part: string): Promise<Rel[]> {
  const dir = posix.dirname(part);
  const xml = await pkg.text(posix.join(dir, '_rels', `${posix.basename(part)}.rels`));
  if (xml === undefined) return [];
  const rels: Rel[] = [];
  walkXml(xml, {
    open(name, a) {
      if (name !== 'Relationship' || !a.Id || !a.Target || a.TargetMode === 'External') return;
      const target = a.Target.startsWith('/') ? a.Target.slice(1) : posix.normalize(posix.join(dir, a.Target));
      rels.push({ id: a.Id, type: a.Type ?? '', target });
    },
  });
  return rels;
}
