import { describe, expect, it } from 'vitest';
import { NotUtf8, utf8Text } from './text.js';

describe('utf8Text', () => {
  it('returns UTF-8 text as it is', () => {
    expect(utf8Text(Buffer.from('a,b\n€,ü\n'))).toBe('a,b\n€,ü\n');
  });

  it('names the line and column of the first byte that is not UTF-8', () => {
    const latin1 = Buffer.concat([Buffer.from('name,amount\nCaf'), Buffer.from([0xe9]), Buffer.from(',12\n')]);
    expect(() => utf8Text(latin1)).toThrow(NotUtf8);
    expect(() => utf8Text(latin1)).toThrow('The file is not UTF-8 text: line 2, column 4 holds a byte that is not UTF-8');
  });
});
