// Argument checks, so that wrong input fails with a TypeError or RangeError and a JS stack
// before it reaches the addon.

export function requireInt(name: string, value: unknown, min = -0x80000000, max = 0x7fffffff): number {
  if (typeof value !== "number") throw new TypeError(`${name} must be a number, got ${typeof value}`);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

export function requireString(name: string, value: unknown): string {
  if (typeof value !== "string") throw new TypeError(`${name} must be a string, got ${typeof value}`);
  return value;
}

export function requireEndpoint(value: unknown): string {
  const endpoint = requireString("endpoint", value);
  if (endpoint.includes("\0")) throw new TypeError("endpoint must not contain NUL characters");
  return endpoint;
}

export function isBytes(value: unknown): boolean {
  return (
    typeof value === "string" || ArrayBuffer.isView(value) || value instanceof ArrayBuffer
  );
}
