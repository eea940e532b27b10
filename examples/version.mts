// Report 0MQ version
import * as zmq from "zmq-napi";

const [major, minor, patch] = zmq.version();
console.log(`Current 0MQ version is ${major}.${minor}.${patch}`);
