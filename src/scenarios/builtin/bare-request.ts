import { DEFAULT_MOCKS } from './common.js';

/**
 * A request with only what HTTP requires: the pseudo-headers and the host (`:authority`); no
 * user-agent, accept, content-type or authorization. Health checks, bots and internal callers
 * send such requests; a plugin that pauses them and never resumes (one that waits for a header
 * that never comes) hangs in production while browser-like requests pass.
 */
export const bareRequest = {
  name: 'bare-request',
  description: 'GET /healthz with only the pseudo-headers and the host (no user-agent, accept or authorization).',
  request: { method: 'GET', path: '/healthz', authority: 'example.com' },
  upstream: {
    status: 200,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'content-length': '3' },
    body: 'ok\n',
  },
  mocks: DEFAULT_MOCKS,
};
