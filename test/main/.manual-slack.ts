// Hand check of the Slack "Done when" runs (not a test; deleted after use).
import { spawn } from 'node:child_process';
import { SlackStandIn, signedRequest, slashCommandPayload, appMentionPayload } from '../adapters/slack/standin.ts';
const socket = process.argv[2] === 'socket';
const slack = await SlackStandIn.start({ botToken: 'xoxb-x', appToken: 'xapp-x', port: 8991 });
const env: Record<string, string> = { ...process.env as Record<string, string>, SLACK_BOT_TOKEN: 'xoxb-x', SLACK_API_URL: slack.apiUrl };
if (socket) env.SLACK_APP_TOKEN = 'xapp-x'; else env.SLACK_SIGNING_SECRET = 's';
console.log('stand-in', slack.apiUrl, socket ? 'socket' : 'http');
const child = spawn('npm', ['start'], { cwd: '/work/main', env, stdio: ['ignore', 'inherit', 'pipe'], detached: true });
let err = '';
child.stderr.on('data', (d) => (err += d));
const until = async (s: string) => { while (!err.includes(s)) await new Promise((r) => setTimeout(r, 100)); };
await until('Slack adapter started');
const { id, url } = slack.newResponseUrl();
if (socket) {
  const ack = await slack.sendEnvelope('slash_commands', slashCommandPayload({ text: 'GPUs', responseUrl: url }));
  console.log('ACK', JSON.stringify(ack));
  await slack.sendEnvelope('events_api', appMentionPayload({ text: '<@UQUOTEBOT> quote GPUs', user: 'U0OTHER' }));
} else {
  const r = await signedRequest('http://127.0.0.1:3000/slack/events', { form: slashCommandPayload({ text: 'GPUs', responseUrl: url }) }, { secret: 's' });
  console.log('slash HTTP', r.status, JSON.stringify(r.text));
  const m = await signedRequest('http://127.0.0.1:3000/slack/events', { json: appMentionPayload({ text: '<@UQUOTEBOT> quote GPUs', user: 'U0OTHER' }) }, { secret: 's' });
  console.log('mention HTTP', m.status, JSON.stringify(m.text));
}
const reply = await slack.waitFor(() => slack.responsesTo(id)[0]);
console.log('SLASH RESPONSE', JSON.stringify(reply, null, 1).slice(0, 2500));
const post = await slack.waitFor(() => slack.callsOf('chat.postMessage')[0] ?? slack.callsOf('chat.postEphemeral')[0]);
console.log('MENTION', post.method, JSON.stringify({ ...post.params, token: undefined }, null, 1).slice(0, 2500));
process.kill(-child.pid!, 'SIGTERM');
const code = await new Promise((r) => child.on('close', (c, s) => r([c, s])));
console.log('EXIT', code, 'open sockets', slack.openSockets.length);
console.log(err.split('\n').map((l) => { try { const j = JSON.parse(l); return `${j.level} ${j.msg}`; } catch { return l; } }).filter(Boolean).join('\n'));
await slack.stop();
