import { AddressInfo } from 'node:net';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { Tc2Simulator, tc2ClientEvent, tc2DeletedClientEvent, tc2WebhookBody } from '@hermes/sandbox';
import { isValidTc2Signature, tc2WebhookSignature } from './tc2-signature.util';

const KEY = 'tc2-secret-key';

describe('tc2WebhookSignature / isValidTc2Signature', () => {
  it('is the lower-case hex HMAC-SHA256 of the raw body keyed with the API key', () => {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    expect(tc2WebhookSignature('what do ya want for nothing?', 'Jefe')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    expect(tc2WebhookSignature(Buffer.from('{"a":1}'), KEY)).toBe(tc2WebhookSignature('{"a":1}', KEY));
  });

  it('accepts only the signature of exactly these bytes with this key', () => {
    const body = Buffer.from('{"events":[],"_request_time":1700000000}');
    const signature = tc2WebhookSignature(body, KEY);

    expect(isValidTc2Signature(body, signature, KEY)).toBe(true);
    expect(isValidTc2Signature(Buffer.from('{"events": [], "_request_time": 1700000000}'), signature, KEY)).toBe(false);
    expect(isValidTc2Signature(body, signature, 'another-key')).toBe(false);
    expect(isValidTc2Signature(body, signature.toUpperCase(), KEY)).toBe(false);
    expect(isValidTc2Signature(body, signature.slice(0, -1), KEY)).toBe(false);
    expect(isValidTc2Signature(body, '', KEY)).toBe(false);
    expect(isValidTc2Signature(body, undefined, KEY)).toBe(false);
  });
});

describe('webhooks sent by the TC2 simulator', () => {
  const sim = new Tc2Simulator({ apiKey: KEY });
  let receiver: Server;
  let receiverUrl: string;
  let received: { headers: IncomingHttpHeaders; raw: Buffer }[];

  beforeAll(async () => {
    await sim.start();
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, raw: Buffer.concat(chunks) });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/tc2/callback/`;
  });

  afterAll(async () => {
    await sim.stop();
    await new Promise((resolve) => receiver.close(resolve));
  });

  beforeEach(() => {
    sim.reset();
    received = [];
  });

  it('signs the exact bytes it sends, so the receiver verifies them with tc2-signature.util', async () => {
    const client = sim.seedClient({ user: { first_name: 'Zoë', last_name: 'Ångström' } });
    const body = tc2WebhookBody([tc2ClientEvent(client, { action: 'CREATED_A_CLIENT' }), tc2DeletedClientEvent(client)]);

    const delivery = await sim.sendWebhook(receiverUrl, body);

    expect(delivery).toMatchObject({ status: 200, responseBody: '{"status":"ok"}' });
    const [{ headers, raw }] = received;
    expect(raw.toString('utf8')).toBe(delivery.rawBody);
    expect(headers['webhook-signature']).toBe(delivery.signature);
    expect(isValidTc2Signature(raw, headers['webhook-signature'] as string, KEY)).toBe(true);
    expect(JSON.parse(raw.toString('utf8'))).toEqual(body);
  });

  it('sends a string body verbatim, whitespace included', async () => {
    const rawBody = '{ "events": [],\n  "_request_time": 1700000000 }';

    await sim.sendWebhook(receiverUrl, rawBody);

    expect(received[0].raw.toString('utf8')).toBe(rawBody);
    expect(isValidTc2Signature(received[0].raw, received[0].headers['webhook-signature'] as string, KEY)).toBe(true);
  });

  it('can send a wrong or no signature, which the check refuses', async () => {
    const body = tc2WebhookBody([]);

    await sim.sendWebhook(receiverUrl, body, { signing: 'wrong' });
    await sim.sendWebhook(receiverUrl, body, { signing: 'missing' });

    const [wrong, missing] = received;
    expect(wrong.headers['webhook-signature']).toMatch(/^[0-9a-f]{64}$/);
    expect(isValidTc2Signature(wrong.raw, wrong.headers['webhook-signature'] as string, KEY)).toBe(false);
    expect(missing.headers['webhook-signature']).toBeUndefined();
    expect(isValidTc2Signature(missing.raw, undefined, KEY)).toBe(false);
    expect(sim.deliveries.map((d) => d.signature === null)).toEqual([false, true]);
  });
});
