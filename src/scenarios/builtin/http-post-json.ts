import { CLIENT_HEADERS, DEFAULT_MOCKS } from './common.js';

const RESPONSE = '{"id":42,"name":"widget","count":2}';

/** A POST whose JSON body arrives in two chunks (two proxy_on_request_body calls). */
export const httpPostJson = {
  name: 'http-post-json',
  description: 'POST /api/items with a JSON body in two chunks; a JSON 201 from the upstream.',
  request: {
    method: 'POST',
    path: '/api/items',
    authority: 'example.com',
    headers: { ...CLIENT_HEADERS, 'content-type': 'application/json' },
    body: ['{"name":"widget",', '"count":2}'],
  },
  upstream: {
    status: 201,
    headers: { 'content-type': 'application/json', 'content-length': String(RESPONSE.length) },
    body: RESPONSE,
  },
  mocks: DEFAULT_MOCKS,
};
