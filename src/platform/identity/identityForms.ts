import { z } from 'zod';
import { MAX_PASSWORD_LENGTH, passwordProblem } from './password.js';

const email = z.string().trim().min(1, 'Enter your email address').max(320).email('Enter an email address in the correct format, like name@example.com');

export const signInForm = z.object({
  email,
  password: z
    .string()
    .min(1, 'Enter your password')
    .max(MAX_PASSWORD_LENGTH * 2, 'Enter a correct email address and password'),
  returnTo: z.string().optional(),
});

export const forgotForm = z.object({ email });

/** A new password typed twice: long enough, not common, the same both times. */
export const newPasswordForm = z
  .object({
    password: z.string({ error: 'Enter a new password' }).superRefine((v, ctx) => {
      const problem = v ? passwordProblem(v) : 'Enter a new password';
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    confirm: z.string({ error: 'Confirm your password' }).min(1, 'Confirm your password'),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'Passwords must match' });

export const changePasswordForm = z
  .object({
    current: z
      .string({ error: 'Enter your current password' })
      .min(1, 'Enter your current password')
      .max(MAX_PASSWORD_LENGTH * 2),
  })
  .and(newPasswordForm);

export const codeForm = z.object({
  code: z
    .string({ error: 'Enter the code' })
    .trim()
    .min(1, 'Enter the 6-digit code from your authenticator app, or a recovery code')
    .max(40, 'Enter the 6-digit code from your authenticator app, or a recovery code'),
});

export const totpForm = z.object({
  code: z
    .string({ error: 'Enter the 6-digit code from your authenticator app' })
    .trim()
    .regex(/^\d{3}\s?\d{3}$/, 'Enter the 6-digit code from your authenticator app'),
});

export const turnOffForm = z.object({
  password: z
    .string()
    .max(MAX_PASSWORD_LENGTH * 2)
    .optional(),
});

export const securityForm = z.object({
  requireTwoStep: z.enum(['yes', 'no'], { error: 'Select whether two-step verification is required' }).transform((v) => v === 'yes'),
  localAccounts: z.enum(['yes', 'no'], { error: 'Select whether people can sign in with a password' }).transform((v) => v === 'yes'),
});
