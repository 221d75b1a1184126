import { describe, expect, it } from 'vitest';
import { createSecretBox } from './secretBox.js';

describe('secret box', () => {
  const box = createSecretBox('a-session-secret-of-at-least-32-characters');
  it('opens what it sealed, and nothing sealed under another secret or altered', () => {
    const sealed = box.seal('JBSWY3DPEHPK3PXP');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open(sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(createSecretBox('another-session-secret-of-32-characters!').open(sealed)).toBeUndefined();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(box.open(parts.join('.'))).toBeUndefined();
    expect(box.open('not sealed')).toBeUndefined();
  });
});
