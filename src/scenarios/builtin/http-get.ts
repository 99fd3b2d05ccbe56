import { CLIENT_HEADERS, DEFAULT_MOCKS } from './common.js';

/** A GET with no body: request headers arrive with end_of_stream = true. */
export const httpGet = {
  name: 'http-get',
  description: 'GET / with no body; a plain text 200 from the upstream.',
  request: { method: 'GET', path: '/', authority: 'example.com', headers: CLIENT_HEADERS },
  upstream: {
    status: 200,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'content-length': '3' },
    body: 'ok\n',
  },
  mocks: DEFAULT_MOCKS,
};
