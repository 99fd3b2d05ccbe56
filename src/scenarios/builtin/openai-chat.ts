import { CLIENT_HEADERS, DEFAULT_MOCKS } from './common.js';

/** The chat completion an OpenAI-compatible upstream answers (higress.md §2.2). */
const COMPLETION = JSON.stringify({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 9, completion_tokens: 1, total_tokens: 10 },
});

/**
 * The founding case (higress#1847): an OpenAI chat completion request through an LLM gateway
 * plugin that returns StopIteration from the request headers to rewrite the body.
 */
export const openaiChat = {
  name: 'openai-chat',
  description: 'POST /v1/chat/completions with an OpenAI JSON body; a JSON chat completion with usage from the upstream.',
  request: {
    method: 'POST',
    path: '/v1/chat/completions',
    authority: 'example.com',
    headers: { ...CLIENT_HEADERS, 'content-type': 'application/json', authorization: 'Bearer sk-client' },
    body: '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}',
  },
  upstream: {
    status: 200,
    headers: { 'content-type': 'application/json', 'content-length': String(COMPLETION.length) },
    body: COMPLETION,
  },
  mocks: DEFAULT_MOCKS,
};
