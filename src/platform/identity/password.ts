import { createRequire } from 'node:module';
import argon2 from 'argon2';
import type { PasswordHashing } from '../../config.js';

// The list is read from the package on first use (require is synchronous, as the checks are): it
// is half a megabyte of code that decompresses its word lists as it loads, which every command
// and start would otherwise wait for, password or not.
const requirePackage = createRequire(import.meta.url);
type LanguageCommon = typeof import('@zxcvbn-ts/language-common');

/**
 * How hard a password is to hash (config.passwordHashing). `standard` is argon2id with the
 * library's defaults (64 MiB, three passes: OWASP's recommended parameters), for every real use.
 * `test` is the lowest cost, used only when NODE_ENV is test, so a suite that signs in hundreds of
 * times does not spend most of its time hashing. A hash records its own parameters, so either verifies.
 */
export type { PasswordHashing };

const COSTS: Record<PasswordHashing, { memoryCost?: number; timeCost?: number; parallelism?: number }> = {
  standard: {},
  test: { memoryCost: 1024, timeCost: 1, parallelism: 1 },
};

/**
 * A hash of a password nobody has, at each cost: checked when the e-mail is unknown, so the answer
 * takes as long as for a real account and its time does not say which addresses have one.
 */
export const DECOY_HASH: Record<PasswordHashing, string> = {
  standard: '$argon2id$v=19$m=65536,p=4,t=3$c29tZXNhbHQ$kt2c2BKC0rST8olh+TC1GEKWVajEmtBhbc77eYO0q5g',
  test: '$argon2id$v=19$m=1024,p=1,t=1$c29tZXNhbHQ$mWGSaqO1Lgsf/OUByhOwgm5J96Vwgl68PpfWDXIoG10',
};

export function hashPassword(password: string, hashing: PasswordHashing = 'standard'): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, ...COSTS[hashing] });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;
export const PASSWORD_RULES = `at least ${MIN_PASSWORD_LENGTH} characters, and not a commonly used password`;

/**
 * The common passwords refused (NCSC and NIST SP 800-63B advice: check against a list of
 * passwords known from breaches instead of composition rules). Source: the 49,000 most common
 * passwords of the `@zxcvbn-ts/language-common` package (MIT), loaded on first use.
 */
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  if (!common) {
    const { dictionary }: LanguageCommon = requirePackage('@zxcvbn-ts/language-common');
    common = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  }
  return common;
}

/** A common password, one repeated (`passwordpassword`), or one character over and over. */
export function isCommonPassword(password: string): boolean {
  const p = password.toLowerCase();
  const list = commonPasswords();
  if (list.has(p) || /^(.)\1*$/.test(p)) return true;
  for (let size = 1; size <= p.length / 2; size++) {
    if (p.length % size === 0 && p.slice(0, size).repeat(p.length / size) === p && list.has(p.slice(0, size))) return true;
  }
  return false;
}

export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `Password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer`;
  if (isCommonPassword(password)) return 'This password is too common. Choose one that is harder to guess, for example three random words';
  return undefined;
}
