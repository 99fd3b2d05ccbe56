/**
 * Pieces the built-in scenarios share. Built-ins are TypeScript modules exporting plain data in
 * the authored scenario format, so they ship inside dist/ and pass the same validation as a
 * user's file.
 */

/** Callout answers every built-in offers: an `auth` service that allows the request. */
export const DEFAULT_MOCKS = {
  http: {
    auth: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"allow":true}', delayMs: 5 },
  },
  redis: {
    redis: { reply: ':1\r\n', delayMs: 2 },
  },
};

/** Headers a typical HTTP client sends. */
export const CLIENT_HEADERS = { 'user-agent': 'curl/8.5.0', accept: '*/*' };
