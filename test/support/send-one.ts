// One message to a child's socket, from a context of its own that ends after it.
import * as zmq from "zmq-napi";

export async function sendOne(endpoint: string, text: string): Promise<void> {
  const ctx = new zmq.Context();
  const push = ctx.socket(zmq.PUSH);
  push.connect(endpoint);
  await push.send(text);
  push.close();
  await ctx.term();
}
