// Server-sent events parsing, kept free of DOM and network so it can be tested under Node.
// We read event streams with fetch() rather than EventSource because EventSource cannot send
// the Authorization header (see docs/api.md, "Ingestion events").

/**
 * Incremental parser for the text/event-stream format (WHATWG HTML, "Server-sent events").
 * Feed it decoded text in chunks of any size; it returns the events completed by each chunk.
 * Comment lines (": ping") are dropped; `data` lines of one event are joined with "\n".
 */
export class SseParser {
  #buffer = '';
  #eventType = '';
  #data = [];
  #hasData = false;

  /** @returns {{event: string, data: string}[]} events completed by this chunk */
  push(chunk) {
    this.#buffer += chunk;
    const events = [];
    let lineStart = 0;
    for (let i = 0; i < this.#buffer.length; i++) {
      const c = this.#buffer[i];
      if (c !== '\n' && c !== '\r') continue;
      // A "\r" at the very end may be the first half of "\r\n": wait for the next chunk.
      if (c === '\r' && i === this.#buffer.length - 1) break;
      this.#line(this.#buffer.slice(lineStart, i), events);
      if (c === '\r' && this.#buffer[i + 1] === '\n') i++;
      lineStart = i + 1;
    }
    this.#buffer = this.#buffer.slice(lineStart);
    return events;
  }

  #line(line, events) {
    if (line === '') {
      if (this.#hasData) {
        events.push({ event: this.#eventType || 'message', data: this.#data.join('\n') });
      }
      this.#eventType = '';
      this.#data = [];
      this.#hasData = false;
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.#eventType = value;
    else if (field === 'data') {
      this.#data.push(value);
      this.#hasData = true;
    }
    // "id" and "retry" are not used by Quarry's streams.
  }
}

/**
 * Reads a fetch() Response body as an event stream, calling onEvent({event, data}) for each
 * event, with `data` parsed as JSON when it is JSON. Resolves when the server ends the stream.
 */
export async function readEventStream(response, onEvent) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new SseParser();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    for (const ev of parser.push(value)) onEvent({ event: ev.event, data: parseData(ev.data) });
  }
  // A stream that ends without a final blank line still delivers its last event.
  for (const ev of parser.push('\n\n')) onEvent({ event: ev.event, data: parseData(ev.data) });
}

function parseData(data) {
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}
