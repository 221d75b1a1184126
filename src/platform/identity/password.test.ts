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
    for (const [cost, hash] of Object.entries(DECOY_HASH)) {
      const params = argon2.needsRehash(hash, cost === 'test' ? { memoryCost: 1024, timeCost: 1, parallelism: 1 } : {});
      expect(params, cost).toBe(false);
      expect(await argon2.verify(hash, 'decoy-password-nobody-has'), cost).toBe(true);
    }
  });
});
