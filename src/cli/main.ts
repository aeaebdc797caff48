// The `mltrainer` command line: every subcommand, parsed with commander.
import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.ts';
import { registerAutopilotCommand } from './commands/autopilot-command.ts';
import { registerBacktestCommand } from './commands/backtest-command.ts';
import { registerChatCommand } from './commands/chat-command.ts';
import { registerDataCommand } from './commands/data-command.ts';
import { registerDoctorCommand } from './commands/doctor-command.ts';
import { registerBackupCommands } from './commands/backup-command.ts';
import { registerReportCommand } from './commands/report-command.ts';
import { registerEvaluateCommand } from './commands/evaluate-command.ts';
import { registerLeaderboardCommand } from './commands/leaderboard-command.ts';
import { registerModelsCommand } from './commands/models-command.ts';
import { registerStartCommand } from './commands/start-command.ts';
import { registerWorkerCommand } from './commands/worker-command.ts';
import { CliExit } from './run-command.ts';
import { cliIo, withCliIo, type CliIo } from './cli-io.ts';

export function buildProgram(): Command {
  // commander's own lines (help, version, argument errors) go to the run's streams; its subcommands inherit this
  const program = new Command('mltrainer')
    .description('mlTrainer: ML models, backtests and paper trading on real market data, in chat')
    .version(VERSION)
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: (s) => cliIo().stdout.write(s), writeErr: (s) => cliIo().stderr.write(s) })
    .exitOverride();
  registerStartCommand(program);
  registerChatCommand(program);
  registerDataCommand(program);
  registerAutopilotCommand(program);
  registerReportCommand(program);
  registerEvaluateCommand(program);
  registerLeaderboardCommand(program);
  registerModelsCommand(program);
  registerBacktestCommand(program);
  registerDoctorCommand(program);
  registerBackupCommands(program);
  registerWorkerCommand(program);
  return program;
}

/** Runs one command line (`argv` as process.argv: node, script, args...); the exit status is returned, not set. */
export async function runCli(argv: string[], io?: CliIo): Promise<number> {
  if (io) return withCliIo(io, () => runCli(argv));
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CliExit) return err.code;
    // commander has already printed its one line (unknown option, missing argument) or the help/version text.
    if (err instanceof CommanderError) return err.exitCode;
    throw err;
  }
}
