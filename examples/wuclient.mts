// Weather update client
// Connects SUB socket to tcp://localhost:5556
// Collects weather updates and finds avg temp in zipcode
import * as zmq from "zmq-napi";
import { sRecv } from "./zhelpers.mjs";

const context = zmq.init(1);

// Socket to talk to server
console.log("Collecting updates from weather server…");
const subscriber = context.socket(zmq.SUB);
// Not in the C client: an optional second argument is the endpoint, so the client can
// also listen to the weather proxy (wuproxy), e.g. `wuclient "10001 " tcp://localhost:8100`
subscriber.connect(process.argv[3] ?? "tcp://localhost:5556");

// Subscribe to zipcode, default is NYC, 10001
const filter = process.argv.length > 2 ? process.argv[2] : "10001 ";
subscriber.setsockopt(zmq.SUBSCRIBE, filter);

// Process 100 updates
let updateNbr: number;
let totalTemp = 0;
for (updateNbr = 0; updateNbr < 100; updateNbr++) {
  const string = await sRecv(subscriber);
  const [zipcode, temperature, relhumidity] = string.split(" ").map(Number); // sscanf "%d %d %d"
  totalTemp += temperature;
}
console.log(`Average temperature for zipcode '${filter}' was ${Math.trunc(totalTemp / updateNbr)}F`);

subscriber.close();
await context.term();
