import type { Command } from 'commander';

/** The group command `name` of the CLI (e.g. `import`), created once and shared by every module. */
export function commandGroup(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}
