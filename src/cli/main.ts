// The command line: `bigstep <command> [flags]`. Every failure the user can cause ends in one clear
// line on stderr and a non-zero exit, never a stack trace.

import { CapacityError, ConfigError, DataError } from '../core/config-error';
import { presetDescription, presetNames, presetRaw } from '../core/presets';
import { UsageError } from './args';
import { printable } from './printable';
import { mergeCommand } from './merge-command';
import { sweepCommand } from './sweep-command';

const HELP = `Usage: bigstep <command> [options]

Commands:
  sweep     run a sweep of stepsizes (bigstep sweep --help)
  merge     join the shards of a sweep (bigstep merge --help)
  presets   list the named experiments and their configs

Run "bigstep <command> --help" for a command's options.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(HELP);
      return command === undefined ? 2 : 0;
    case 'sweep':
      return sweepCommand(rest);
    case 'merge':
      return mergeCommand(rest);
    case 'presets':
      if (rest.includes('--help') || rest.includes('-h')) {
        process.stdout.write('Usage: bigstep presets\n\nLists every preset with its description and config (JSON).\n');
        return 0;
      }
      if (rest.length > 0) throw new UsageError(`presets takes no arguments, got "${rest.join(' ')}"`);
      for (const name of presetNames()) {
        process.stdout.write(`${name}: ${presetDescription(name)}\n${JSON.stringify(presetRaw(name), null, 2)}\n\n`);
      }
      return 0;
    default:
      throw new UsageError(`unknown command "${command}"; expected one of sweep, merge, presets (see bigstep --help)`);
  }
}

const argv = process.argv.slice(2);
main(argv).then(
  (code) => process.exit(code),
  (err: unknown) => {
    // A user's mistake (config, data, flags, paths, checkpoints, shards): one line, exit 2.
    if (err instanceof UsageError || err instanceof ConfigError || err instanceof DataError || err instanceof CapacityError) {
      process.stderr.write(`bigstep: ${printable(oneLine(err.message))}\n`);
      process.exit(2);
    }
    // A fault of bigstep's own: one line too, the stack only when asked for.
    const e = err instanceof Error ? err : new Error(String(err));
    const detail = argv.includes('--debug') ? (e.stack ?? e.message) : `${oneLine(e.message)} (run again with --debug for the stack)`;
    process.stderr.write(`bigstep: internal error: ${printable(detail)}\n`);
    process.exit(1);
  },
);

/** The first line of a message, cut to a readable length. */
function oneLine(message: string): string {
  const first = message.split('\n')[0];
  return first.length > 1000 ? `${first.slice(0, 997)}...` : first;
}
