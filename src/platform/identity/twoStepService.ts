import { createHash, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { Database } from '../../db/index.js';
import { recordAudit } from '../audit.js';
import { RuleError } from '../http.js';
import { roleOf, type Actor } from '../roles.js';
import { advanceTwoStep, deleteTwoStep, replaceRecoveryCodes, saveTwoStep, twoStepOf, unusedRecoveryCodes, useRecoveryCode } from './identityRepository.js';
import type { SignInThrottle } from './signInThrottle.js';
import { createSecretBox } from './secretBox.js';

const PERIOD_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** Recovery codes are compared without case, spaces or dashes. */
const normaliseRecovery = (code: string) => code.toUpperCase().replace(/[\s-]/g, '');

function totpFor(secretBase32: string, label = 'OpenPCC', issuer = 'OpenPCC') {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(secretBase32) });
}

/** The 30-second step a 6-digit code belongs to (window of one step either side), or undefined. */
export function acceptedStep(secretBase32: string, code: string, at: Date): number | undefined {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const delta = totpFor(secretBase32).validate({ token, timestamp: at.getTime(), window: 1 });
  return delta === null ? undefined : Math.floor(at.getTime() / 1000 / PERIOD_SECONDS) + delta;
}

function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

export type TwoStepCheck = { ok: true; usedRecoveryCode: boolean } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'throttled'; waitSeconds: number };

/**
 * Two-step verification by authenticator app (TOTP, RFC 6238: SHA-1, 6 digits, 30 seconds, as
 * every authenticator app expects), with single-use recovery codes kept hashed. Each accepted
 * code's step is recorded so a code cannot be used twice; wrong codes are throttled like
 * passwords.
 */
export function createTwoStepService(database: Database, opts: { sessionSecret: string; throttle: SignInThrottle }) {
  const box = createSecretBox(opts.sessionSecret);
  const { throttle } = opts;

  async function status(userId: string) {
    const row = await twoStepOf(database.db, userId);
    if (!row || !box.open(row.secretEncrypted)) return { enabled: false as const };
    return { enabled: true as const, enabledAt: row.enabledAt, recoveryCodesLeft: await unusedRecoveryCodes(database.db, userId) };
  }

  async function isEnabled(userId: string): Promise<boolean> {
    return (await status(userId)).enabled;
  }

  /** A new secret for someone setting up, with what their app needs: text, otpauth URI and QR code (SVG). */
  async function newSetup(accountLabel: string, issuer: string, secretBase32 = new Secret({ size: 20 }).base32) {
    const uri = totpFor(secretBase32, accountLabel, issuer).toString();
    const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { secret: secretBase32, secretGrouped: secretBase32.match(/.{1,4}/g)!.join(' '), uri, qrSvg };
  }

  async function issueRecoveryCodes(tx: Parameters<typeof replaceRecoveryCodes>[0], userId: string) {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await replaceRecoveryCodes(
      tx,
      userId,
      codes.map((c) => sha256(normaliseRecovery(c))),
    );
    return codes;
  }

  /** Turns two-step verification on once the person has typed a code from their app; returns the recovery codes (shown once). */
  async function enable(actor: Actor, secretBase32: string, code: string): Promise<string[] | undefined> {
    if (!actor.id) throw new RuleError('Sign in first');
    const step = acceptedStep(secretBase32, code, throttle.now());
    if (step === undefined) return undefined;
    const userId = actor.id;
    return database.transaction(async (tx) => {
      await saveTwoStep(tx, userId, box.seal(secretBase32), step, throttle.now());
      const codes = await issueRecoveryCodes(tx, userId);
      await recordAudit(tx, actor, { action: 'user.two-step-on', entityType: 'user', entityId: userId, summary: 'Turned on two-step verification' });
      return codes;
    });
  }

  /** Checks a code from the app or a recovery code at sign-in, throttled per account and source. */
  async function verify(user: { id: string; email: string; role: string }, code: string, source: string, requestId?: string): Promise<TwoStepCheck> {
    const key = `two-step:${user.id}`;
    const wait = await throttle.waitSeconds(key, source);
    if (wait > 0) return { ok: false, reason: 'throttled', waitSeconds: wait };
    const row = await twoStepOf(database.db, user.id);
    const secret = row && box.open(row.secretEncrypted);
    const actor: Actor = { id: user.id, label: user.email, role: roleOf(user.role), requestId };
    let result: TwoStepCheck = { ok: false, reason: 'invalid' };
    if (secret) {
      const step = acceptedStep(secret, code, throttle.now());
      if (step !== undefined && (await advanceTwoStep(database.db, user.id, step))) {
        result = { ok: true, usedRecoveryCode: false };
      } else if (step === undefined && normaliseRecovery(code).length === 10) {
        result = await database.transaction(async (tx) => {
          if (!(await useRecoveryCode(tx, user.id, sha256(normaliseRecovery(code)), throttle.now()))) return { ok: false, reason: 'invalid' } as const;
          await recordAudit(tx, actor, { action: 'user.recovery-code-used', entityType: 'user', entityId: user.id, summary: 'Signed in with a recovery code' });
          return { ok: true, usedRecoveryCode: true } as const;
        });
      }
    }
    if (result.ok) {
      await throttle.succeed(key, source);
      return result;
    }
    const outcome = await throttle.fail(key, source);
    return outcome.waitSeconds > 0 ? { ok: false, reason: 'throttled', waitSeconds: outcome.waitSeconds } : result;
  }

  async function regenerateRecoveryCodes(actor: Actor): Promise<string[]> {
    const userId = actor.id;
    if (!userId || !(await isEnabled(userId))) throw new RuleError('Two-step verification is not on');
    return database.transaction(async (tx) => {
      const codes = await issueRecoveryCodes(tx, userId);
      await recordAudit(tx, actor, {
        action: 'user.recovery-codes-new',
        entityType: 'user',
        entityId: userId,
        summary: 'Made new recovery codes (the old ones no longer work)',
      });
      return codes;
    });
  }

  /** Turns it off for this person (their own choice, or an administrator for someone who lost their phone). */
  async function disable(actor: Actor, userId: string): Promise<void> {
    await database.transaction(async (tx) => {
      await deleteTwoStep(tx, userId);
      await recordAudit(tx, actor, {
        action: 'user.two-step-off',
        entityType: 'user',
        entityId: userId,
        summary: actor.id === userId ? 'Turned off two-step verification' : 'An administrator turned off two-step verification for this account',
      });
    });
  }

  return { status, isEnabled, newSetup, enable, verify, regenerateRecoveryCodes, disable };
}
export type TwoStepService = ReturnType<typeof createTwoStepService>;
