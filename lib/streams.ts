// A socket as a stream: Node's Readable and Writable and their Web Streams equivalents, in
// object mode, one message per chunk. Each is built on the socket's own operations with a
// signal of its own, so a stream torn down never loses a message its socket still holds:
// the receive it had pending is cancelled (lib/call-options.ts), not left to swallow one.
import { Readable, Writable } from "node:stream";
import { StreamTeardown } from "./diagnostics";
import { internalsOf } from "./engine/registry";
import { isEndOfSocket } from "./errors";
import type { MessageLike, Socket } from "./socket";
import { requireInt } from "./validate";

/** `sock.readable()`'s, `sock.writable()`'s and their Web Streams' options. */
export interface SocketStreamOptions {
  /**
   * Whether the stream's end closes the socket (default true): destroying a Node stream,
   * cancelling or aborting a Web stream, and a writable's normal end all do, with the
   * socket's LINGER honoured for messages still queued. `false` leaves the socket as it
   * was: a receive or send the stream had waiting is cancelled, and the messages a readable
   * took and did not deliver go back to the socket, first for its next receives.
   */
  close?: boolean;
  /**
   * Messages the stream itself buffers before it applies backpressure: 16 by default; a
   * readableStream with `{ close: false }` reads nothing ahead (0, the only value it takes).
   */
  highWaterMark?: number;
}

/** A Node stream's options: those of every socket stream, and a signal that destroys it. */
export interface SocketNodeStreamOptions extends SocketStreamOptions {
  /** Destroys the stream when it aborts, as Node's own streams' `signal` option does. */
  signal?: AbortSignal;
}

const DEFAULT_HIGH_WATER_MARK = 16;

// A stream's options, checked; `web`: a Web stream's, which take no signal. The caller
// gives the highWaterMark its default.
function readOptions(options: unknown, web: boolean): { close: boolean; highWaterMark?: number; signal?: AbortSignal } {
  if (typeof options !== "object" || options === null) throw new TypeError("stream options must be an object");
  const { close = true, highWaterMark, signal } = options as SocketNodeStreamOptions;
  if (typeof close !== "boolean") throw new TypeError("close must be a boolean");
  if (web && signal !== undefined) throw new TypeError("a Web stream takes no signal: cancel or abort it");
  return { close, highWaterMark: highWaterMark === undefined ? undefined : requireInt("highWaterMark", highWaterMark, 0), signal };
}

/**
 * The socket's messages as a Readable (object mode, each chunk one message's frames). It
 * ends when the socket is closed or its context terminated, and errors with any other error
 * a receive meets (RCVTIMEO's EAGAIN included).
 */
export function readableOf(socket: Socket, options: SocketNodeStreamOptions): Readable {
  const { close, highWaterMark = DEFAULT_HIGH_WATER_MARK, signal } = readOptions(options, false);
  const cancel = new AbortController();
  const bounds = { signal: cancel.signal };
  const internals = internalsOf(socket);
  let receiving = false;
  // With { close: false }, the messages pushed last: the stream's buffer holds the last
  // `readableLength` of them, which destroy() gives back to the socket.
  let pushed: Buffer[][] = [];
  return new Readable({
    objectMode: true,
    highWaterMark,
    signal,
    read(size) {
      if (receiving) return;
      receiving = true;
      // Every message already waiting, up to what the stream wants: one promise for many.
      socket.recvMany(Math.max(1, size), bounds).then(
        (messages) => {
          receiving = false;
          if (this.destroyed) return internals.giveBack(messages); // (a closed socket takes nothing)
          for (const message of messages) this.push(message);
          if (close) return;
          pushed.push(...messages);
          if (pushed.length > this.readableLength) pushed = pushed.slice(pushed.length - this.readableLength);
        },
        (error: unknown) => {
          receiving = false;
          if (this.destroyed) return; // cancelled by destroy(): nothing was taken
          if (isEndOfSocket(error)) this.push(null);
          else this.destroy(error as Error);
        },
      );
    },
    destroy(error, callback) {
      cancel.abort(new StreamTeardown());
      if (close) socket.close();
      else if (this.readableLength > 0) internals.giveBack(pushed.slice(pushed.length - this.readableLength));
      pushed = [];
      callback(error);
    },
  });
}

/**
 * A Writable that sends each chunk (anything `send` takes; an array is one multipart
 * message). A write is done once libzmq has taken the message, so at the socket's
 * high-water mark writes wait, the stream's buffer fills and `write()` returns false: the
 * socket's HWM is the stream's backpressure. A send's error (the socket closed: ENOTSOCK)
 * is the stream's.
 */
export function writableOf(socket: Socket, options: SocketNodeStreamOptions): Writable {
  const { close, highWaterMark = DEFAULT_HIGH_WATER_MARK, signal } = readOptions(options, false);
  const cancel = new AbortController();
  const bounds = { signal: cancel.signal };
  return new Writable({
    objectMode: true,
    highWaterMark,
    signal,
    write(chunk: MessageLike, _encoding, callback) {
      let sent: boolean;
      try {
        sent = socket.trySend(chunk); // taken now: done now, without a promise
      } catch (error) {
        return callback(error as Error);
      }
      if (sent) return callback();
      socket.send(chunk, bounds).then(
        () => callback(),
        (error: Error) => callback(error),
      );
    },
    destroy(error, callback) {
      cancel.abort(new StreamTeardown()); // a send still waiting sends nothing
      if (close) socket.close();
      callback(error);
    },
  });
}

/**
 * As `readableOf`, a Web ReadableStream; `cancel()` is what destroy() is to the Node one.
 * One that leaves its socket open reads nothing ahead (its queue could not be given back):
 * each read is one receive.
 */
export function readableStreamOf(socket: Socket, options: SocketStreamOptions): ReadableStream<Buffer[]> {
  const { close, highWaterMark = close ? DEFAULT_HIGH_WATER_MARK : 0 } = readOptions(options, true);
  if (!close && highWaterMark > 0) {
    throw new RangeError("a readableStream with { close: false } reads nothing ahead: its highWaterMark is 0");
  }
  const cancel = new AbortController();
  const bounds = { signal: cancel.signal };
  const internals = internalsOf(socket);
  return new ReadableStream<Buffer[]>(
    {
      async pull(controller) {
        let messages: Buffer[][];
        try {
          messages = await socket.recvMany(Math.max(1, controller.desiredSize ?? 1), bounds);
        } catch (error) {
          if (cancel.signal.aborted) return;
          if (isEndOfSocket(error)) controller.close();
          else controller.error(error);
          if (close) socket.close();
          return;
        }
        if (cancel.signal.aborted) return internals.giveBack(messages); // cancelled as they came
        for (const message of messages) controller.enqueue(message);
      },
      cancel() {
        cancel.abort(new StreamTeardown());
        if (close) socket.close();
      },
    },
    new CountQueuingStrategy({ highWaterMark }),
  );
}

/** As `writableOf`, a Web WritableStream; `close()` and `abort()` end it as end() and destroy(). */
export function writableStreamOf(socket: Socket, options: SocketStreamOptions): WritableStream<MessageLike> {
  const { close, highWaterMark = DEFAULT_HIGH_WATER_MARK } = readOptions(options, true);
  const cancel = new AbortController();
  const bounds = { signal: cancel.signal };
  const end = () => {
    if (close) socket.close();
  };
  const failed = (error: unknown) => {
    end();
    throw error;
  };
  return new WritableStream<MessageLike>(
    {
      start(controller) {
        // abort() of the stream reaches the sink only once the write in progress is done,
        // which at the high-water mark may be never: its signal comes at once.
        // (The types of @types/node lack the signal every Node in `engines` has.)
        (controller as WritableStreamDefaultController & { readonly signal: AbortSignal }).signal.addEventListener("abort", () => {
          cancel.abort(new StreamTeardown());
          end();
        });
      },
      write(chunk) {
        try {
          if (socket.trySend(chunk)) return;
        } catch (error) {
          failed(error);
        }
        return socket.send(chunk, bounds).catch(failed);
      },
      close: end,
      // (No abort(): the stream's signal, above, comes first, and did all it would do.)
    },
    new CountQueuingStrategy({ highWaterMark }),
  );
}
