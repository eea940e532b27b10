// Type test of the typed options (lib/options.ts, lib/context-options.ts): never run, only
// type-checked by `npm run lint` (tsc --noEmit -p tsconfig.json, whose include has test/).
// Each @ts-expect-error line must be an error: with setsockopt/getsockopt or ctx.set/get
// typed `number`/`unknown` again, tsc reports it as an unused directive, and the lint fails.
import * as zmq from "zmq-napi";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const exactly = <A, B>(proof: Equal<A, B>): void => void proof;

export function socketOptions(sock: zmq.Socket, computed: number): void {
  // A getsockopt is typed by the option's kind.
  exactly<number, ReturnType<typeof sock.getsockopt<typeof zmq.RCVHWM>>>(true);
  const hwm: number = sock.getsockopt(zmq.RCVHWM);
  const more: boolean = sock.getsockopt(zmq.RCVMORE);
  const endpoint: string = sock.getsockopt(zmq.LAST_ENDPOINT);
  const routingId: Buffer = sock.getsockopt(zmq.ROUTING_ID);
  const maxMessage: bigint = sock.getsockopt(zmq.MAXMSGSIZE);
  const affinity: bigint = sock.getsockopt(zmq.AFFINITY);
  const serverKey: string = sock.getsockopt(zmq.CURVE_SERVERKEY);
  const legacyHwm: number = sock.getsockopt(zmq.HWM);
  const draft: number = sock.getsockopt(zmq.ROUTER_NOTIFY);
  void [hwm, more, endpoint, routingId, maxMessage, affinity, serverKey, legacyHwm, draft];

  // @ts-expect-error: RCVHWM is a number, not a string
  const wrong: string = sock.getsockopt(zmq.RCVHWM);
  // @ts-expect-error: ROUTING_ID comes back as a Buffer
  const wrongId: string = sock.getsockopt(zmq.ROUTING_ID);
  void [wrong, wrongId];

  // A setsockopt takes what the option's kind takes.
  sock.setsockopt(zmq.RCVHWM, 1000);
  sock.setsockopt(zmq.ROUTING_ID, "peer-1");
  sock.setsockopt(zmq.ROUTING_ID, Buffer.from("peer-1"));
  sock.setsockopt(zmq.SUBSCRIBE, "");
  sock.setsockopt(zmq.IMMEDIATE, true);
  sock.setsockopt(zmq.IMMEDIATE, 1);
  sock.setsockopt(zmq.MAXMSGSIZE, 1n << 20n);
  sock.setsockopt(zmq.MAXMSGSIZE, 1 << 20);
  sock.setsockopt(zmq.HWM, 1000);
  sock.setsockopt(zmq.HELLO_MSG, Buffer.from("hello"));

  // @ts-expect-error: RCVHWM takes a number
  sock.setsockopt(zmq.RCVHWM, "1000");
  // @ts-expect-error: ROUTING_ID takes a Buffer or a string
  sock.setsockopt(zmq.ROUTING_ID, 5);
  // @ts-expect-error: IMMEDIATE is a flag (a boolean, or 0/1)
  sock.setsockopt(zmq.IMMEDIATE, 2);
  // @ts-expect-error: a draft option is typed too (IN_BATCH_SIZE: a number)
  sock.setsockopt(zmq.IN_BATCH_SIZE, "8192");
  // @ts-expect-error: TYPE is read-only
  sock.setsockopt(zmq.TYPE, 1);
  // @ts-expect-error: LAST_ENDPOINT is read-only
  sock.setsockopt(zmq.LAST_ENDPOINT, "tcp://127.0.0.1:5555");
  // @ts-expect-error: SUBSCRIBE is write-only
  sock.getsockopt(zmq.SUBSCRIBE);
  // @ts-expect-error: a number that is no socket option
  sock.getsockopt(9999);

  // ZMQ_SWAP is gone (libzmq 3.0): it throws, so reading it gives `never`.
  exactly<never, ReturnType<typeof sock.getsockopt<typeof zmq.SWAP>>>(true);

  // A computed option (a plain number) takes and gives unknown, checked at run time.
  sock.setsockopt(computed, "anything");
  const value: unknown = sock.getsockopt(computed);
  exactly<unknown, typeof value>(true);
  // @ts-expect-error: a computed option's value is unknown, not a number
  const notKnown: number = sock.getsockopt(computed);
  void notKnown;
}

export function contextOptions(ctx: zmq.Context, computed: number): void {
  ctx.set(zmq.IO_THREADS, 2);
  ctx.set(zmq.THREAD_AFFINITY_CPU_ADD, 0);
  const ioThreads: number = ctx.get(zmq.IO_THREADS);
  const messageSize: number = ctx.get(zmq.MSG_T_SIZE);
  ctx.set(computed, 1);
  const computedValue: number = ctx.get(computed);
  void [ioThreads, messageSize, computedValue];

  // @ts-expect-error: MSG_T_SIZE is read-only
  ctx.set(zmq.MSG_T_SIZE, 64);
  // @ts-expect-error: THREAD_AFFINITY_CPU_ADD is write-only
  ctx.get(zmq.THREAD_AFFINITY_CPU_ADD);
  // @ts-expect-error: a socket option is no context option
  ctx.set(zmq.RCVHWM, 1000);
  // @ts-expect-error: context values are numbers
  ctx.set(zmq.IO_THREADS, "2");
  // @ts-expect-error: ctx.get gives a number
  const wrong: string = ctx.get(zmq.MAX_SOCKETS);
  void wrong;
}
