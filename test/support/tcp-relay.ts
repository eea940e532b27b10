// A loopback TCP relay that records every byte it carries, both ways: what an eavesdropper
// on the wire between two peers would see.
import { connect, createServer, type Server, type Socket } from "node:net";

export interface TcpRelay {
  /** tcp://127.0.0.1:<port> to connect to instead of the target. */
  readonly endpoint: string;
  /** Every byte carried so far, in either direction. */
  wire(): Buffer;
  close(): Promise<void>;
}

/** Relays each connection made to it to `target` (tcp://host:port). */
export async function startTcpRelay(target: string): Promise<TcpRelay> {
  const { hostname, port } = new URL(target.replace(/^tcp:/, "http:"));
  const chunks: Buffer[] = [];
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy()); // the other side's close ends both
  };
  const server: Server = createServer((inbound) => {
    const outbound = connect(Number(port), hostname);
    track(inbound);
    track(outbound);
    const pipe = (from: Socket, to: Socket) => {
      from.on("data", (data: Buffer) => {
        chunks.push(Buffer.from(data));
        to.write(data);
      });
      from.on("close", () => to.destroy());
    };
    pipe(inbound, outbound);
    pipe(outbound, inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port: relayPort } = server.address() as { port: number };
  return {
    endpoint: `tcp://127.0.0.1:${relayPort}`,
    wire: () => Buffer.concat(chunks),
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
