/**
 * `npx quotebot deploy-commands`: registers the slash commands without starting the bot (the discord.js
 * guide's `deploy-commands.js` convention), guild-scoped when `DISCORD_GUILD_ID` is set (instant), else
 * global (Discord may take up to an hour to show changes).
 *
 * @example
 * const registered = await deployCommands(config, bot.commands); // PUT /applications/:id/commands
 */
import { REST, Routes, type RESTOptions } from 'discord.js';
import type { Config } from '../../config.ts';
import type { CommandSpec } from '../../core/types.ts';
import { slashCommands } from './commands.ts';

/** Options of {@link deployCommands}. */
export interface DeployOptions {
  /** Extra @discordjs/rest options (tests: short timeouts). */
  rest?: Partial<RESTOptions>;
  /** Where the summary line goes. Default: stdout. */
  print?: (line: string) => void;
}

/** A REST client for the configured token and API base. */
export function restFor(config: Config, options: Partial<RESTOptions> = {}): REST {
  const discord = config.discord;
  if (!discord) throw new Error('DISCORD_TOKEN is not set.');
  return new REST({ ...(discord.apiBase ? { api: discord.apiBase } : {}), ...options }).setToken(discord.token);
}

/** The application id: `DISCORD_APPLICATION_ID`, else asked of Discord with the bot token. */
export async function applicationId(config: Config, rest: REST): Promise<string> {
  if (config.discord?.applicationId) return config.discord.applicationId;
  try {
    const app = (await rest.get(Routes.currentApplication())) as { id: string };
    return app.id;
  } catch (error) {
    throw new Error(`Could not look up the Discord application with DISCORD_TOKEN (${describeRestError(error)}); check the token or set DISCORD_APPLICATION_ID.`);
  }
}

/** One line for a REST failure: status and Discord's message, never the token. */
export function describeRestError(error: unknown): string {
  const e = error as { status?: number; message?: string; code?: string | number };
  if (e?.status === 401) return '401 Unauthorized: the token was rejected';
  return [e?.status, e?.message ?? String(error)].filter(Boolean).join(' ');
}

/**
 * Registers every visible command of `commands` (the core's table) and returns what Discord stored.
 * Throws one clear line on failure.
 */
export async function deployCommands(config: Config, commands: readonly CommandSpec[], options: DeployOptions = {}): Promise<unknown[]> {
  const rest = restFor(config, options.rest);
  const app = await applicationId(config, rest);
  const body = slashCommands(commands);
  const guildId = config.discord?.guildId;
  const route = guildId ? Routes.applicationGuildCommands(app, guildId) : Routes.applicationCommands(app);
  let stored: unknown[];
  try {
    stored = (await rest.put(route, { body })) as unknown[];
  } catch (error) {
    throw new Error(`Registering the slash commands failed (${describeRestError(error)}).`);
  }
  const where = guildId ? `in guild ${guildId} (instant)` : 'globally (may take up to an hour to appear)';
  (options.print ?? ((line) => process.stdout.write(`${line}\n`)))(
    `Registered ${stored.length} slash command${stored.length === 1 ? '' : 's'} ${where}: ${body.map((c) => `/${c.name}`).join(', ')}`,
  );
  return stored;
}
