// A minimal Redis client (RESP2 over one TCP connection) for the inbox benchmark's baseline: it
// sends commands, pipelined when given several, and parses the replies, with nothing in between
// (no pool, no retries, no command objects), so its round trip is as close to the bare server as
// a client in this process gets.

import net from 'node:net';

const CRLF = Buffer.from('\r\n');

function encode(args) {
  const parts = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = Buffer.from(String(arg));
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, CRLF);
  }
  return Buffer.concat(parts);
}

// One reply from buffer at offset: { value, next }, or null when the buffer holds only part of it.
function parse(buffer, offset) {
  const lineEnd = buffer.indexOf(CRLF, offset);
  if (lineEnd < 0) return null;
  const type = String.fromCharCode(buffer[offset]);
  const line = buffer.toString('utf8', offset + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+': return { value: line, next };
    case '-': return { value: new Error(line), next };
    case ':': return { value: Number(line), next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, next };
      if (buffer.length < next + length + 2) return null;
      return { value: buffer.toString('utf8', next, next + length), next: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, next };
      const items = [];
      let at = next;
      for (let i = 0; i < count; i++) {
        const item = parse(buffer, at);
        if (item === null) return null;
        items.push(item.value);
        at = item.next;
      }
      return { value: items, next: at };
    }
    default:
      throw new Error(`unexpected RESP type '${type}'`);
  }
}

export class RespClient {
  #socket;
  #buffer = Buffer.alloc(0);
  #waiting = [];

  constructor(socket) {
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.#read(chunk));
    socket.on('error', (err) => this.#failAll(err));
    socket.on('close', () => this.#failAll(new Error('connection to Redis closed')));
  }

  static connect(port, host = '127.0.0.1') {
    return new Promise((resolve, reject) => {
      const socket = net.createConnection({ port, host }, () => {
        socket.off('error', reject);
        resolve(new RespClient(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Sends the commands in one write; resolves with their replies in order (errors as Error values). */
  pipeline(commands) {
    const replies = commands.map(() => new Promise((resolve, reject) => this.#waiting.push({ resolve, reject })));
    this.#socket.write(Buffer.concat(commands.map(encode)));
    return Promise.all(replies);
  }

  /** One command; rejects when Redis answers with an error. */
  async command(...args) {
    const [reply] = await this.pipeline([args]);
    if (reply instanceof Error) throw reply;
    return reply;
  }

  close() {
    this.#socket.end();
  }

  #read(chunk) {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    let offset = 0;
    while (offset < this.#buffer.length && this.#waiting.length > 0) {
      const reply = parse(this.#buffer, offset);
      if (reply === null) break;
      offset = reply.next;
      this.#waiting.shift().resolve(reply.value);
    }
    this.#buffer = offset === this.#buffer.length ? Buffer.alloc(0) : this.#buffer.subarray(offset);
  }

  #failAll(err) {
    for (const waiter of this.#waiting.splice(0)) waiter.reject(err);
  }
}
