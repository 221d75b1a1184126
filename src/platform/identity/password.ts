import argon2 from 'argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

/** argon2id with the library's defaults (OWASP-recommended parameters). */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
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
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
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
