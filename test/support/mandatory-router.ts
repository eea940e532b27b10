// A ROUTER with ROUTER_MANDATORY and one DEALER peer it knows by `peerId`: the dealer has
// said hello, so the router routes to it, and a send to any other id fails EHOSTUNREACH.
import * as zmq from "zmq-napi";
import type { TestContext } from "./context";
import { within } from "./fixture-process";

export async function mandatoryRouter(
  t: TestContext,
  endpoint: string,
  peerId: string,
  options: { routerSndhwm?: number; dealerRcvhwm?: number } = {},
): Promise<[router: zmq.Socket, dealer: zmq.Socket]> {
  const router = t.socket(zmq.ROUTER);
  router.setsockopt(zmq.ROUTER_MANDATORY, true);
  if (options.routerSndhwm !== undefined) router.setsockopt(zmq.SNDHWM, options.routerSndhwm);
  router.bind(endpoint);
  const dealer = t.socket(zmq.DEALER);
  dealer.setsockopt(zmq.ROUTING_ID, peerId);
  if (options.dealerRcvhwm !== undefined) dealer.setsockopt(zmq.RCVHWM, options.dealerRcvhwm);
  dealer.connect(router.lastEndpoint);
  await dealer.send("hello");
  await within(router.recvMultipart(), "the dealer's hello");
  return [router, dealer];
}
