import { FILTERED, scrubEvent } from './scrub-event.util';

const KEY = 'pd-api-token-0123456789';

describe('scrubEvent', () => {
  it('drops the user, the request body and cookies, and masks credentials in headers', () => {
    const event = {
      user: { email: 'jane@example.com', ip_address: '203.0.113.9' },
      request: {
        method: 'POST',
        url: 'https://hermes.example/tc2/callback/',
        data: { name: 'Jane Doe' },
        cookies: { hermes_session: 'abc' },
        headers: { authorization: 'token abc', cookie: 'hermes_session=abc', 'x-api-token': KEY, 'webhook-signature': 'f00', 'user-agent': 'TC2' },
      },
    };
    expect(scrubEvent(event, [KEY])).toEqual({
      request: {
        method: 'POST',
        url: 'https://hermes.example/tc2/callback/',
        headers: { authorization: FILTERED, cookie: FILTERED, 'x-api-token': FILTERED, 'webhook-signature': FILTERED, 'user-agent': 'TC2' },
      },
    });
    expect(event.user).toBeDefined();
  });

  it('masks personal data by key, and emails, secrets and sensitive query values in any string', () => {
    const event = {
      exception: { values: [{ type: 'Error', value: `Pipedrive refused jane.doe+x@example.com with token ${KEY}` }] },
      breadcrumbs: [
        { category: 'http', data: { url: 'http://pd.test/api/v2/persons/search?term=jane%40example.com&fields=email', method: 'GET' } },
        { category: 'http', data: { url: 'http://pd.test/api/v2/persons/search?fields=phone&term=%2B447700900123' } },
        { message: `GET /auth/google/callback?code=4/abc&state=xyz&other=1 and /support-link/validate/?s=sig&e=1&c=2` },
      ],
      extra: { contact: { first_name: 'Jane', last_name: 'Doe', phone: '+44 7700 900123', emails: ['a@b.test'], pipeline: 'PAYG' } },
      tags: { job_kind: 'pipedrive.company-sync', company_id: '42' },
      contexts: { runtime: { name: 'node', version: 'v20' } },
    };
    const scrubbed = scrubEvent(event, [KEY, 'short']);
    expect(scrubbed.exception.values[0].value).toBe(`Pipedrive refused ${FILTERED} with token ${FILTERED}`);
    expect(scrubbed.breadcrumbs[0].data!.url).toBe(`http://pd.test/api/v2/persons/search?term=${FILTERED}&fields=email`);
    expect(scrubbed.breadcrumbs[1].data!.url).toBe(`http://pd.test/api/v2/persons/search?fields=phone&term=${FILTERED}`);
    expect(scrubbed.breadcrumbs[2].message).toBe(
      `GET /auth/google/callback?code=${FILTERED}&state=${FILTERED}&other=1 and /support-link/validate/?s=${FILTERED}&e=1&c=2`,
    );
    expect(scrubbed.extra.contact).toEqual({ first_name: FILTERED, last_name: FILTERED, phone: FILTERED, emails: FILTERED, pipeline: 'PAYG' });
    expect(scrubbed.tags).toEqual(event.tags);
    expect(scrubbed.contexts).toEqual(event.contexts);
  });

  it('masks a secret also where it was percent-encoded into a URL', () => {
    const secret = 'a/b+c=d-0123456789';
    const scrubbed = scrubEvent({ message: `fetch http://x.test/?key=${encodeURIComponent(secret)}` }, [secret]);
    expect(scrubbed.message).toBe(`fetch http://x.test/?key=${FILTERED}`);
  });
});
