/**
 * One nested file (an archive entry, an e-mail attachment): its failures become a problem at
 * its entry, and extraction of its container goes on with the next one.
 */
import { type Ctx, type Ev, underEntry } from './context.js';
import { asExtractError, ExtractError } from './error.js';

/** Extracts the child `name`, whose bytes `load` gives (within the limits), one level below `ctx`. */
export async function* extractChild(ctx: Ctx, name: string, load: () => Promise<Buffer>): AsyncGenerator<Ev> {
  const depth = ctx.depth + 1;
  if (depth > ctx.limits.maxDepth) {
    yield childProblem(name, new ExtractError('ARCHIVE_LIMIT', `nested deeper than ${ctx.limits.maxDepth} levels: not read`));
    return;
  }
  try {
    const buffer = await load();
    yield* underEntry(ctx.nested({ buffer }, name), name);
  } catch (err) {
    yield childProblem(name, asExtractError(err, 'content'));
  }
}

export function childProblem(name: string, err: ExtractError): Ev {
  return { type: 'problem', problem: { code: err.code, message: `entry ${name}: ${err.message}`, location: { entry: [name] } } };
}
