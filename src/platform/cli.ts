import type { Command } from 'commander';
import type { Database } from '../db/index.js';
import { verifyAuditChain } from './audit.js';

/** The group command `name` of the CLI (e.g. `import`), created once and shared by every module. */
export function commandGroup(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

/** `openpcc audit verify`: checks the audit log's chain of hashes; sets exit code 1 naming the first broken entry. */
export async function reportAuditChain(database: Pick<Database, 'query'>): Promise<void> {
  const s = await verifyAuditChain(database);
  if (s.broken) {
    const b = s.broken;
    console.error(
      `The audit log does NOT verify: entry ${b.id} (${b.at.toISOString()}, ${b.action}${b.summary ? `: ${b.summary}` : ''}) is broken: ${b.reason}.`,
    );
    process.exitCode = 1;
    return;
  }
  console.log(`The audit log verifies: ${s.entries} entries.`);
  if (s.head) console.log(`Head: entry ${s.head.id} at ${s.head.at.toISOString()}, hash ${s.head.hash}`);
}
