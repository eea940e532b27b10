// What a send takes, checked before anything reaches the addon: a frame is bytes or a
// Message, a multipart message a non-empty array of frames.
import { native } from "./native";
import type { MessageLike } from "./socket";
import { isBytes } from "./validate";

/** Throws a TypeError unless `data` is a frame or a non-empty array of frames. */
export function checkMessage(data: MessageLike): void {
  if (Array.isArray(data)) {
    if (data.length === 0) throw new TypeError("a multipart message needs at least one frame");
    for (const frame of data) checkFrame(frame);
  } else {
    checkFrame(data);
  }
}

function checkFrame(frame: unknown): void {
  if (!isBytes(frame) && !(frame instanceof native.Message)) {
    throw new TypeError(
      `a frame must be a Buffer, string, TypedArray, ArrayBuffer or Message, got ${frame === null ? "null" : typeof frame}`,
    );
  }
}
