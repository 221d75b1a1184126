import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('applies defaults for development', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.dataDir).toBe('./data');
    expect(c.demoData).toBe(true);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.pgliteSharedBuffers).toBe('32MB');
  });

  it('takes a size for the embedded database buffer cache, and refuses anything else', () => {
    expect(loadConfig({ PGLITE_SHARED_BUFFERS: '256MB' }).pgliteSharedBuffers).toBe('256MB');
    expect(() => loadConfig({ PGLITE_SHARED_BUFFERS: 'lots' })).toThrow(/PGLITE_SHARED_BUFFERS: must be a size such as 32MB/);
  });

  it('reports every problem at once', () => {
    try {
      loadConfig({ PORT: 'abc', NODE_ENV: 'production', DEMO_DATA: 'maybe' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      expect(problems).toMatch(/PORT/);
      expect(problems).toMatch(/DEMO_DATA/);
    }
  });

  it('hashes passwords at the standard cost except under test', () => {
    expect(loadConfig({}).passwordHashing).toBe('standard');
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), BASE_URL: 'https://pcc.example' }).passwordHashing).toBe('standard');
    expect(loadConfig({ NODE_ENV: 'test' }).passwordHashing).toBe('test');
  });

  it('requires secrets in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET: is required in production/);
    const c = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), BASE_URL: 'https://pcc.example' });
    expect(c.secureCookies).toBe(true);
  });

  it('treats DEMO_DATA=false as off', () => {
    expect(loadConfig({ DEMO_DATA: 'false' }).demoData).toBe(false);
  });

  it('trusts no proxy unless TRUST_PROXY says which', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.4,::1,loopback' }).trustProxy).toEqual(['10.0.0.0/8', '192.168.1.4', '::1', 'loopback']);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33,proxy.example' })).toThrow(/TRUST_PROXY: .*not valid: 10\.0\.0\.0\/33, proxy\.example/);
  });
});
