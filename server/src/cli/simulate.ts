import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connect.js';
import { bootstrap } from '../bootstrap.js';
import { randomPassword } from '../features/auth/passwords.js';
import { NotEmptyError, simulateYear } from '../sim/run.js';
import { PROFILES, profilePlan, type ProfileName } from '../sim/profiles.js';
import { isStartupError, UsageError } from './common.js';

/**
 * `npm run simulate -- --year 2014 --profile cangzhou-2014` fills the empty database BAOSONG_DATA or DATABASE_URL
 * names with a year of work made through the product's services, then freezes the year's assessment.
 * `--profile random --seed S --units N` makes a plausible year of any size. Every simulated user gets the same
 * password (`--password`, else a random one printed at the end).
 */

export const SIMULATE_USAGE = `usage: npm run simulate -- --year YYYY --profile cangzhou-2014|random [--seed S] [--units N] [--password P] [--quiet]`;

export interface SimulateCommand {
  year: number;
  profile: ProfileName;
  seed: number;
  units: number;
  password: string | null;
  quiet: boolean;
}

export function parseSimulateArgs(argv: string[]): SimulateCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        year: { type: 'string' },
        profile: { type: 'string' },
        seed: { type: 'string', default: '1' },
        units: { type: 'string', default: '20' },
        password: { type: 'string' },
        quiet: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const year = Number(values.year);
  if (!values.year || !Number.isInteger(year) || year < 2000 || year > 2100) throw new UsageError('--year YYYY is required');
  if (!(PROFILES as readonly string[]).includes(values.profile ?? '')) throw new UsageError(`--profile must be one of ${PROFILES.join(', ')}`);
  const profile = values.profile as ProfileName;
  if (profile === 'cangzhou-2014' && year !== 2014) throw new UsageError('the cangzhou-2014 profile is the year 2014');
  const seed = Number(values.seed);
  const units = Number(values.units);
  if (!Number.isInteger(seed)) throw new UsageError('--seed must be a whole number');
  if (!Number.isInteger(units) || units < 1 || units > 2000) throw new UsageError('--units must be a whole number from 1 to 2000');
  return { year, profile, seed, units, password: values.password ?? null, quiet: values.quiet };
}

async function main(): Promise<void> {
  let cmd: SimulateCommand;
  try {
    cmd = parseSimulateArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`${e.message}\n${SIMULATE_USAGE}`);
    process.exit(2);
  }
  try {
    const config = loadConfig();
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const boot = await bootstrap(database, config.adminPassword);
      if (boot.generatedPassword) console.log(`administrator "admin" created; initial password: ${boot.generatedPassword} (change it at first login)`);
      const plan = profilePlan(cmd.profile, { year: cmd.year, seed: cmd.seed, units: cmd.units });
      const password = cmd.password ?? randomPassword(14);
      const s = await simulateYear(database, plan, { password, log: cmd.quiet ? undefined : (l) => console.log(`  ${l}`) });
      console.log(
        `simulated ${s.year} (${cmd.profile}) in ${(s.ms / 1000).toFixed(1)} s: ${s.units} units, ${s.users} users, ${s.articles} articles (${s.adopted} adopted), ` +
          `${s.issues} issues, ${s.forwardings} forwardings, ${s.outcomes} upstream outcomes, ${s.instructions} instructions, ` +
          `${s.solicitations} solicitations, ${s.followups} follow-ups; the ${s.year} assessment is frozen.`,
      );
      console.log(`users: ${s.usernames.editor} (editor), ${s.usernames.issuer} (issuer), ${s.usernames.leader} (leader), reporters u001r1…; password for all: ${s.password}`);
    } finally {
      await database.close();
    }
  } catch (e) {
    if (e instanceof NotEmptyError) {
      console.error(`Cannot simulate: ${e.message}.`);
      process.exit(1);
    }
    if (isStartupError(e)) {
      console.error(`Cannot simulate: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
}

if (import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1] ?? '').href) await main();
