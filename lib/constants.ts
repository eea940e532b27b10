// Every ZMQ_* constant of the zmq.h the addon was built against (generated), plus the
// Guide's libzmq 2.x option names that libzmq 4 dropped.
export * from "./generated/constants";
/** ZMQ_HWM (libzmq 2.x): setting it sets both SNDHWM and RCVHWM. */
export { HWM } from "./options";
/** ZMQ_SWAP (libzmq 2.x): removed in 3.0; setting it throws an error that says what to do. */
export { SWAP } from "./options";
