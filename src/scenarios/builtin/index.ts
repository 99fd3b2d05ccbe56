import { bareRequest } from './bare-request.js';
import { httpGet } from './http-get.js';
import { httpPostJson } from './http-post-json.js';
import { openaiChat } from './openai-chat.js';
import { openaiChatStream } from './openai-chat-stream.js';

/** Built-in scenarios in the order they run by default (authored form; validated on load). */
export const BUILTIN_SCENARIOS: readonly unknown[] = [httpGet, httpPostJson, openaiChat, openaiChatStream, bareRequest];

export const BUILTIN_NAMES: readonly string[] = [httpGet.name, httpPostJson.name, openaiChat.name, openaiChatStream.name, bareRequest.name];
