import { input, select } from '@inquirer/prompts';

/**
 * The only module that imports @inquirer/prompts: the questions `leakwatch init` asks on a
 * terminal. Each returns the answer; a validator returns an error text or true.
 */

export type Validate = (value: string) => string | true;

export async function askText(message: string, opts: { default?: string; validate?: Validate } = {}): Promise<string> {
  const answer = await input({ message, default: opts.default, validate: opts.validate });
  return answer.trim();
}

export async function askChoice<T extends string>(message: string, choices: readonly { value: T; name: string }[], fallback?: T): Promise<T> {
  return select<T>({ message, choices: choices.map((c) => ({ value: c.value, name: c.name })), default: fallback });
}
