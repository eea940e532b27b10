import { native } from "./native";
import { requireString } from "./validate";

/** The version of the libzmq in use, e.g. `[4, 3, 4]`. */
export function version(): [number, number, number] {
  return native.version();
}

/** Whether libzmq was built with a capability: "ipc", "pgm", "tipc", "norm", "curve", "gssapi", "draft". */
export function has(capability: string): boolean {
  return native.has(requireString("capability", capability));
}

/** A new CURVE key pair, both keys as 40-character Z85 text. */
export function curveKeypair(): { publicKey: string; secretKey: string } {
  return native.curveKeypair();
}

/** The public key that belongs to a Z85 secret key. */
export function curvePublic(secretKey: string): string {
  return native.curvePublic(requireString("secretKey", secretKey));
}

/** Z85-encodes bytes whose length is a multiple of 4. */
export function z85Encode(data: Buffer | Uint8Array): string {
  if (!(data instanceof Uint8Array)) throw new TypeError("data must be a Buffer or Uint8Array");
  return native.z85Encode(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
}

/** Decodes Z85 text whose length is a multiple of 5. */
export function z85Decode(text: string): Buffer {
  return native.z85Decode(requireString("text", text));
}
