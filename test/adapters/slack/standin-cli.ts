/**
 * Runs the local Slack stand-in on its own, for checking `npm start` by hand (loopback only).
 *
 *   npx tsx test/adapters/slack/standin-cli.ts [port] [botToken] [appToken]
 *   # then: SLACK_BOT_TOKEN=xoxb-x SLACK_SIGNING_SECRET=s SLACK_API_URL=http://127.0.0.1:<port>/api/ npm start
 *
 * It prints every Web API call and response_url post as it arrives. Drive it with the control API:
 * `GET /control/calls`, `GET /control/responses`, `POST /control/envelope` (Socket Mode).
 */
import { SlackStandIn } from './standin.ts';

const [portArg, botToken = 'xoxb-x', appToken = 'xapp-x'] = process.argv.slice(2);
const slack = await SlackStandIn.start({ port: Number(portArg ?? 8991), botToken, appToken });
process.stdout.write(`Slack stand-in: SLACK_API_URL=${slack.apiUrl} (bot token ${botToken}, app token ${appToken})\n`);
let calls = 0;
let responses = 0;
let sockets = 0;
const report = (): false => {
  for (; calls < slack.calls.length; calls++) {
    const c = slack.calls[calls]!;
    process.stdout.write(`api ${c.method} -> ${c.status} ${JSON.stringify({ ...c.params, token: undefined }).slice(0, 400)}\n`);
  }
  for (; responses < slack.responses.length; responses++) {
    process.stdout.write(`response_url ${slack.responses[responses]!.id}: ${JSON.stringify(slack.responses[responses]!.body).slice(0, 400)}\n`);
  }
  if (slack.sockets.length !== sockets) {
    sockets = slack.sockets.length;
    process.stdout.write(`socket mode connections: ${slack.openSockets.length} open\n`);
  }
  return false;
};
void slack.waitFor(report);
process.once('SIGINT', () => void slack.stop().then(() => process.exit(0)));
process.once('SIGTERM', () => void slack.stop().then(() => process.exit(0)));
