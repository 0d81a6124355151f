// The one place that talks to Quarry's REST API (docs/api.md): it adds the key, turns error
// responses into ApiError, and hides the three transports the UI needs (JSON, event streams
// read with fetch, and uploads through XMLHttpRequest for their progress events).
import { readEventStream } from './sse.js';

const KEY_STORAGE = 'quarry.apiKey';

/** The API key lives in sessionStorage: it is gone when the browser session ends. */
export const apiKey = {
  get: () => sessionStorage.getItem(KEY_STORAGE) || '',
  set: (key) => sessionStorage.setItem(KEY_STORAGE, key),
  clear: () => sessionStorage.removeItem(KEY_STORAGE),
};

/** An HTTP error answer; `problem` is the RFC 7807 body when the server sent one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

/** What to tell a person about a failed call: the server's `detail` always says what to do. */
export function describeError(error) {
  if (!(error instanceof ApiError)) {
    return `Cannot reach the Quarry server (${error?.message || error}). Check that it is running.`;
  }
  const detail = error.problem?.detail || error.problem?.title || '';
  switch (error.status) {
    case 401:
      return 'The key was refused: check it or ask an admin for one.';
    case 403:
      return `Your key does not allow this: ${detail || 'ask an admin of this knowledge base for a key with more rights.'}`;
    case 413:
      return detail || 'Too large: the file or the number of files is over the server limit.';
    case 415:
      return detail || 'Quarry cannot read this type of file: try PDF, Word, HTML, Markdown or text.';
    default:
      return detail || `The server answered ${error.status}.`;
  }
}

// Every 401 means the key is wrong or gone, wherever it happens: main.js listens for this
// to bring the key form back.
function reportUnauthorized() {
  window.dispatchEvent(new CustomEvent('quarry:unauthorized'));
}

function authHeaders(extra = {}) {
  const key = apiKey.get();
  return key ? { Authorization: `Bearer ${key}`, ...extra } : { ...extra };
}

async function errorFrom(response) {
  let problem = null;
  try {
    const text = await response.text();
    problem = text ? JSON.parse(text) : null;
  } catch {
    problem = null;
  }
  if (response.status === 401) reportUnauthorized();
  return new ApiError(response.status, problem);
}

/** fetch with the key, an Accept type and an optional JSON body; throws ApiError unless 2xx. */
async function send(method, path, accept, json, options) {
  const headers = authHeaders({ Accept: accept });
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: json === undefined ? undefined : JSON.stringify(json),
    ...options,
  });
  if (!response.ok) throw await errorFrom(response);
  return response;
}

/**
 * Sends a JSON request and returns the parsed answer (null for 204).
 * @throws {ApiError} for any non-2xx answer
 */
export async function request(method, path, { json, signal } = {}) {
  const response = await send(method, path, 'application/json', json, { signal });
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/**
 * Opens an event stream (GET, or POST with a JSON body) and calls onEvent({event, data}) for
 * each event until the server closes it or `signal` aborts. If the server answers with plain
 * JSON instead of a stream, that answer is delivered as one `done` event. onOpen is called once
 * the server has accepted the request.
 * @throws {ApiError} when the server refuses the request
 */
export async function stream(method, path, { json, signal, onEvent, onOpen }) {
  const response = await send(method, path, 'text/event-stream', json, { signal, cache: 'no-store' });
  onOpen?.();
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('text/event-stream')) {
    await readEventStream(response, onEvent);
  } else {
    onEvent({ event: 'done', data: await response.json() });
  }
}

/**
 * Sends one file as a multipart `file` part with XMLHttpRequest, because fetch() reports no
 * upload progress. `filename` may carry a folder path ("guides/setup.md"); the server keeps it.
 * @param {(loaded: number, total: number) => void} onProgress
 * @returns {Promise<any>} the parsed JSON answer
 * @throws {ApiError} for any non-2xx answer, or a plain Error when the network fails
 */
export function upload(method, path, file, filename, onProgress) {
  return new Promise((resolve, reject) => {
    const body = new FormData();
    body.append('file', file, filename);
    const xhr = new XMLHttpRequest();
    xhr.open(method, path);
    for (const [name, value] of Object.entries(authHeaders({ Accept: 'application/json' }))) {
      xhr.setRequestHeader(name, value);
    }
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => reject(new Error('the upload was interrupted'));
    xhr.onload = () => {
      let parsed = null;
      try {
        parsed = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        parsed = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(parsed);
      } else {
        if (xhr.status === 401) reportUnauthorized();
        reject(new ApiError(xhr.status, parsed));
      }
    };
    xhr.send(body);
  });
}

/**
 * Fetches a resource that needs the Authorization header as a Blob, so the page can save it
 * through an object URL (a plain link could not carry the key).
 * @throws {ApiError} for any non-2xx answer
 */
export async function fetchBlob(path) {
  const response = await fetch(path, { headers: authHeaders() });
  if (!response.ok) throw await errorFrom(response);
  return response.blob();
}

/** Path helpers, so callers never build URLs by hand (every id is URL-encoded). */
export const paths = {
  kbs: () => '/api/kbs',
  kb: (kb) => `/api/kbs/${encodeURIComponent(kb)}`,
  documents: (kb, page = 0, size = 100) =>
    `/api/kbs/${encodeURIComponent(kb)}/documents?page=${page}&size=${size}`,
  document: (kb, id) => `/api/kbs/${encodeURIComponent(kb)}/documents/${encodeURIComponent(id)}`,
  documentContent: (kb, id) =>
    `/api/kbs/${encodeURIComponent(kb)}/documents/${encodeURIComponent(id)}/content`,
  documentText: (kb, id) =>
    `/api/kbs/${encodeURIComponent(kb)}/documents/${encodeURIComponent(id)}/text`,
  documentUpload: (kb) => `/api/kbs/${encodeURIComponent(kb)}/documents`,
  events: (kb) => `/api/kbs/${encodeURIComponent(kb)}/events`,
  search: (kb) => `/api/kbs/${encodeURIComponent(kb)}/search`,
  ask: (kb) => `/api/kbs/${encodeURIComponent(kb)}/ask`,
  conversations: (kb) => `/api/kbs/${encodeURIComponent(kb)}/conversations`,
  conversation: (kb, id) =>
    `/api/kbs/${encodeURIComponent(kb)}/conversations/${encodeURIComponent(id)}`,
  conversationAsk: (kb, id) =>
    `/api/kbs/${encodeURIComponent(kb)}/conversations/${encodeURIComponent(id)}/ask`,
  keys: (kb) => `/api/keys?kb=${encodeURIComponent(kb)}`,
  newKey: () => '/api/keys',
  key: (id) => `/api/keys/${encodeURIComponent(id)}`,
};
