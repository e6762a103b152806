/**
 * The user side of the posture cases, made from existing users after the chat history is built
 * (so every conversation stays the same): one user moves to an external e-mail domain, two are
 * deactivated to own GPTs (one shared, one private), and an owner who left gets an id /users
 * does not list.
 */
import { Rng, ALNUM } from '../random.js';
import type { SimConversation, SimUser } from '../types.js';
import type { OwnerChoice } from './gpts.js';

/** The domain external users get (a personal mailbox, not the company's). */
export const SIM_EXTERNAL_DOMAIN = 'outlook.com';

export interface UserCases {
  owners: OwnerChoice;
  external: SimUser | null;
  companyUser: SimUser | null;
}

export function prepareUsers(seed: number, users: SimUser[], conversations: readonly SimConversation[]): UserCases {
  const rng = new Rng(seed, 'object-users');
  const owner = users.find((u) => u.role === 'account-owner') ?? users[0];
  const domain = owner ? (owner.email.split('@')[1] as string) : 'example.com';
  const candidates = rng.shuffle(users.filter((u) => u !== owner));
  const [external, companyUser, inactiveShared, inactivePrivate] = [candidates[0] ?? null, candidates[1] ?? null, candidates[2] ?? null, candidates[3] ?? null];
  if (external) {
    const old = external.email;
    external.email = `${old.split('@')[0] as string}@${SIM_EXTERNAL_DOMAIN}`;
    external.status = 'active';
    for (const c of conversations) if (c.userId === external.id) c.userEmail = external.email;
  }
  if (companyUser) companyUser.status = 'active';
  if (inactiveShared) inactiveShared.status = 'inactive';
  if (inactivePrivate) inactivePrivate.status = 'inactive';
  return {
    owners: { inactiveShared, inactivePrivate, left: { id: `user-${rng.chars(ALNUM, 24)}`, email: `former.employee@${domain}` } },
    external, companyUser,
  };
}
