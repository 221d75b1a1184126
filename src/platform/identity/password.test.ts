import { describe, expect, it } from 'vitest';
import argon2 from 'argon2';
import { DECOY_HASH, hashPassword, isCommonPassword, passwordProblem, verifyPassword } from './password.js';

describe('password rules', () => {
  it('refuses short and over-long passwords', () => {
    expect(passwordProblem('short-pass')).toBe('Password must be at least 12 characters');
    expect(passwordProblem('x'.repeat(201))).toBe('Password must be 200 characters or fewer');
  });

  it.each(['qwertyuiop12345', '1qaz2wsx3edc', 'QAZWSXEDCRFV', 'passwordpassword', 'aaaaaaaaaaaaaaaa', '123456123456'])(
    'refuses the common password %s',
    (p) => {
      expect(isCommonPassword(p)).toBe(true);
      expect(passwordProblem(p)).toMatch(/too common/);
    },
  );

  it('accepts a long uncommon password', () => {
    expect(passwordProblem('correct-horse-battery-staple')).toBeUndefined();
    expect(passwordProblem('demo-password-2026')).toBeUndefined();
  });
});

describe('password hashing', () => {
  it('hashes at the standard cost (argon2id, 64 MiB, three passes) unless told it is a test', async () => {
    const standard = await hashPassword('correct-horse-battery-staple');
    expect(standard).toMatch(/^\$argon2id\$v=19\$m=65536,p=4,t=3\$/);
    const cheap = await hashPassword('correct-horse-battery-staple', 'test');
    expect(cheap).toMatch(/^\$argon2id\$v=19\$m=1024,p=1,t=1\$/);
    expect(await verifyPassword(cheap, 'correct-horse-battery-staple')).toBe(true);
    expect(await verifyPassword(cheap, 'wrong-horse-battery-staple')).toBe(false);
  });

  it('has a real decoy hash at each cost, so an unknown e-mail costs as much as a known one', async () => {
    const params = (hash: string) => hash.split('$').slice(0, 4).join('$'); // $argon2id$v=19$m=…,p=…,t=…
    for (const cost of ['standard', 'test'] as const) {
      expect(params(DECOY_HASH[cost]), cost).toBe(params(await hashPassword('anything-at-all', cost)));
      expect(await argon2.verify(DECOY_HASH[cost], 'decoy-password-nobody-has'), cost).toBe(true);
    }
  });
});
