// The CommonJS side of test/pack/consumer.mts: the `require` condition's types resolve too.
import zmq = require("zmq-napi");

export function requireWorks(): boolean {
  // @ts-expect-error: version() is a [major, minor, patch] tuple
  const wrong: string = zmq.version();
  void wrong;
  const [major]: [number, number, number] = zmq.version();
  return major === 4;
}
