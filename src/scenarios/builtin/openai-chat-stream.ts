import { CLIENT_HEADERS, DEFAULT_MOCKS } from './common.js';

function event(delta: object, finish: string | null, extra: object = {}): string {
  const chunk = { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', ...extra };
  return `data: ${JSON.stringify({ ...chunk, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
}

const FIRST = event({ role: 'assistant', content: 'hel' }, null);
const SECOND = event({ content: 'lo' }, 'stop');
const USAGE = `data: ${JSON.stringify({
  id: 'c1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [],
  usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 },
})}\n\n`;
/** Split inside the JSON of the second event: a plugin parsing SSE must buffer it. */
const SPLIT = 40;

/** Streaming chat completion: text/event-stream in several chunks, ending with data: [DONE]. */
export const openaiChatStream = {
  name: 'openai-chat-stream',
  description:
    'POST /v1/chat/completions with "stream": true; a text/event-stream answer in five chunks, one event split across two, ending data: [DONE].',
  request: {
    method: 'POST',
    path: '/v1/chat/completions',
    authority: 'example.com',
    headers: { ...CLIENT_HEADERS, 'content-type': 'application/json', accept: 'text/event-stream', authorization: 'Bearer sk-client' },
    body: '{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"hi"}]}',
  },
  upstream: {
    status: 200,
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
    body: [FIRST, SECOND.slice(0, SPLIT), SECOND.slice(SPLIT), USAGE, 'data: [DONE]\n\n'],
  },
  mocks: DEFAULT_MOCKS,
};
