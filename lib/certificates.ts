// CURVE certificates on disk, in the ZPL text format czmq and pyzmq use: `<name>.key` holds
// the public key (to hand out), `<name>.key_secret` both keys (to keep).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { curveKeypair } from "./library";
import { requireString } from "./validate";

/** A CURVE certificate, its keys as 40-character Z85 text. */
export interface Certificate {
  /** The public key. */
  publicKey: string;
  /** Present only in a secret certificate file. */
  secretKey?: string;
}

/**
 * Writes a new key pair as `<directory>/<name>.key` and `<name>.key_secret` and returns
 * the two paths.
 */
export function createCertificates(directory: string, name: string): { publicFile: string; secretFile: string } {
  requireString("directory", directory);
  requireString("name", name);
  const { publicKey, secretKey } = curveKeypair();
  mkdirSync(directory, { recursive: true });
  const publicFile = join(directory, `${name}.key`);
  const secretFile = join(directory, `${name}.key_secret`);
  const header = (kind: string) =>
    `#   ZeroMQ CURVE ${kind} Certificate\n#   Written by zmq-napi on ${new Date().toISOString()}\n\nmetadata\ncurve\n`;
  writeFileSync(publicFile, `${header("Public")}    public-key = "${publicKey}"\n`);
  writeFileSync(secretFile, `${header("**Secret**")}    public-key = "${publicKey}"\n    secret-key = "${secretKey}"\n`, {
    mode: 0o600,
  });
  return { publicFile, secretFile };
}

/** Reads a certificate file (public or secret). */
export function loadCertificate(file: string): Certificate {
  // Paths are strings only: Node 20's readFileSync(path, "utf8") aborts the whole process
  // (CHECK in ReadFileUtf8) on some Buffer paths, as test/hostile-input.test.ts found.
  requireString("file", file);
  const text = readFileSync(file, "utf8");
  const key = (name: string) => new RegExp(`^\\s*${name}\\s*=\\s*"([^"]{40})"`, "m").exec(text)?.[1];
  const publicKey = key("public-key");
  if (publicKey === undefined) throw new Error(`${file} holds no CURVE public-key`);
  const secretKey = key("secret-key");
  return secretKey === undefined ? { publicKey } : { publicKey, secretKey };
}

/** The public keys of every `*.key` certificate in a directory. */
export function loadPublicKeys(directory: string): string[] {
  requireString("directory", directory);
  return readdirSync(directory)
    .filter((file) => file.endsWith(".key"))
    .map((file) => loadCertificate(join(directory, file)).publicKey);
}
