import { describe, expect, it } from 'vitest';
import { isCommonPassword, passwordProblem } from './password.js';

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
