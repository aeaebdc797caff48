// `mltrainer doctor`: checks the database (it opens, its migrations, every table), the home's lock and free disk
// space, and the configured services, and prints what is wrong. Exit status 0 when all is well, 1 otherwise.
import type { Command } from 'commander';
import { cliIo } from '../cli-io.ts';
import { CliExit, fail, printJson } from '../run-command.ts';

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('check the database, its migrations, the home lock, free disk space and the configured services')
    .option('--no-network', 'do not contact the configured services')
    .option('--json', 'print {"ok": bool, "checks": [{"name", "ok", "detail"}]}')
    .action(async (opts: { network: boolean; json?: boolean }) => {
      const { ConfigError, loadConfig, redact } = await import('../../config.ts');
      const { runDoctor } = await import('../doctor/run-doctor.ts');
      const env = cliIo().env;
      let config;
      try {
        config = loadConfig(env);
      } catch (err) {
        if (err instanceof ConfigError) fail(err.message);
        throw err;
      }
      const report = await runDoctor(config, env, { network: opts.network });
      // Details quote files, drivers and URLs: scrub every secret the environment holds, whatever path they came by.
      for (const c of report.checks) c.detail = redact(c.detail, config.secretValues);
      if (opts.json) printJson(report);
      else {
        const width = Math.max(...report.checks.map((c) => c.name.length));
        const lines = report.checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'}  ${c.name.padEnd(width)}  ${c.detail}`);
        const problems = report.checks.filter((c) => !c.ok).length;
        lines.push(problems === 0 ? 'all is well' : `${problems} problem${problems === 1 ? '' : 's'} found`);
        cliIo().stdout.write(lines.join('\n') + '\n');
      }
      if (!report.ok) throw new CliExit(1);
    });
}
