import { describe, expect, it } from 'vitest';
import { runGuichet } from '../support/cli.ts';

describe('the guichet command line', () => {
  it('prints usage and exits 2 on an unknown command', async () => {
    const r = await runGuichet(['frobnicate'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'frobnicate'/);
  });

  it('prints usage and exits 2 without a command', async () => {
    const r = await runGuichet([], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Usage: guichet/);
  });

  it('rejects an unknown option with exit 2', async () => {
    const r = await runGuichet(['status', '--frob'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--frob'/);
  });

  it('requires a path for import', async () => {
    const r = await runGuichet(['import'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing required argument/);
  });

  it.each(['start', 'migrate', 'import', 'messages', 'status'])('has --help for %s, exit 0', async (command) => {
    const r = await runGuichet([command, '--help'], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Usage: guichet ${command}`));
  });

  it('stops on a bad configuration with a message naming the variable (exit 78)', async () => {
    const r = await runGuichet(['status'], { DATABASE_URL: 'mysql://nope' });
    expect(r.code).toBe(78);
    expect(r.stderr).toMatch(/DATABASE_URL/);
    const imap = await runGuichet(['status'], { IMAP_URL: 'imap://nopassword@host' });
    expect(imap.code).toBe(78);
    expect(imap.stderr).toMatch(/IMAP_URL/);
  });
});
