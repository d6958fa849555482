/**
 * What the `quotebot shard` manager knows of its shards, for a supervisor: each shard's Discord connection
 * state in the manager's one health file (`quotebot health` reads it: healthy only when every shard is
 * connected), and whether a shard lost its gateway connection for good (a fatal close: 4004, 4010-4014),
 * after which the whole manager stops and exits with {@link EXIT}.connectionLost.
 *
 * A shard reports through discord.js's own IPC events (ready, reconnecting, resume, disconnect: the
 * client's shardDisconnect, emitted only for the closes it will not recover from), its process's death,
 * and one message of ours, `{ quotebotLost: line }`, which carries the close's one-line explanation.
 *
 * @example
 * const board = new HealthBoard();
 * manager.on('shardCreate', (shard) => watchShard(shard, total, board, (line) => stopAll(line)));
 */
import type { Shard } from 'discord.js';
import type { HealthBoard } from '../health.ts';
import { EXIT } from './exit.ts';

/** The message a shard process sends its manager when its gateway connection is lost for good. */
export interface ShardLostMessage {
  quotebotLost: string;
}

/** True for a {@link ShardLostMessage}. */
export function isShardLost(message: unknown): message is ShardLostMessage {
  return typeof message === 'object' && message !== null && typeof (message as ShardLostMessage).quotebotLost === 'string';
}

/** The health entry's name of shard `id` (0-based) of `total`: `discord shard 1/2`. */
export const shardPlatform = (id: number, total: number): string => `discord shard ${id + 1}/${total}`;

/**
 * Follows one shard: its state on `board`, and `onLost(line)` once when its connection is lost for good
 * (its fatal-close line, or its process exiting with {@link EXIT}.connectionLost).
 */
export function watchShard(shard: Shard, total: number, board: HealthBoard, onLost: (line: string) => void): void {
  const name = shardPlatform(shard.id, total);
  const label = `shard ${shard.id + 1}/${total}`;
  let lostLine: string | undefined;
  const lost = (line: string): void => {
    board.set(name, 'disconnected', line);
    if (lostLine !== undefined) return;
    lostLine = line;
    onLost(`${label}: ${line}`);
  };
  board.set(name, 'connecting');
  shard.on('spawn', () => board.set(name, 'connecting'));
  shard.on('ready', () => board.set(name, 'connected'));
  shard.on('reconnecting', () => board.set(name, 'reconnecting'));
  shard.on('resume', () => board.set(name, 'connected'));
  // discord.js relays the client's shardDisconnect, which it emits only for a close it will not retry.
  shard.on('disconnect', () => board.set(name, 'disconnected', 'gateway closed for good'));
  shard.on('message', (message: unknown) => {
    if (isShardLost(message)) lost(message.quotebotLost);
  });
  shard.on('death', (child) => {
    const code = 'exitCode' in child ? child.exitCode : undefined;
    if (code === EXIT.connectionLost) lost(lostLine ?? `its Discord connection was lost for good (the shard exited with code ${code}; its log says why)`);
    else board.set(name, 'disconnected', `shard process exited${typeof code === 'number' ? ` with code ${code}` : ''}`);
  });
}
