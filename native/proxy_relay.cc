#include "proxy_relay.h"

#include <zmq.h>

#include <cerrno>
#include <cstring>
#include <initializer_list>

namespace zmqnapi {

namespace {

// The commands libzmq 4.3.4's zmq_proxy_steerable knows, each one frame.
bool IsCommand(const zmq_msg_t* frame) {
  size_t size = zmq_msg_size(const_cast<zmq_msg_t*>(frame));
  const void* data = zmq_msg_data(const_cast<zmq_msg_t*>(frame));
  for (const char* command : {"PAUSE", "RESUME", "TERMINATE", "STATISTICS"}) {
    if (size == std::strlen(command) && std::memcmp(data, command, size) == 0) return true;
  }
  return false;
}

bool More(void* socket) {
  int more = 0;
  size_t size = sizeof(more);
  return zmq_getsockopt(socket, ZMQ_RCVMORE, &more, &size) == 0 && more != 0;
}

// The next frame of `socket`, if one is waiting, and whether more follow it.
bool RecvFrame(void* socket, zmq_msg_t* frame, bool* more) {
  zmq_msg_init(frame);
  if (zmq_msg_recv(frame, socket, ZMQ_DONTWAIT) < 0) {
    zmq_msg_close(frame);
    return false;
  }
  *more = More(socket);
  return true;
}

// After a failed RecvFrame: 0 when nothing was waiting after all, else the errno.
int RecvError() {
  return zmq_errno() == EAGAIN ? 0 : zmq_errno();
}

// Reads and drops what is left of a message whose first frame was taken.
void DropRest(void* socket) {
  zmq_msg_t frame;
  for (bool more = More(socket); more && RecvFrame(socket, &frame, &more);) zmq_msg_close(&frame);
}

// Ends the proxy for `err` (it answers TERMINATE whatever its state) and returns `err`.
int EndProxy(void* proxy_side, int err) {
  zmq_send(proxy_side, "TERMINATE", 9, ZMQ_DONTWAIT);
  return err;
}

// One command from `from` to the proxy; 0, or the errno that ends the proxy.
int PassCommand(void* from, void* proxy_side) {
  zmq_msg_t frame;
  bool more = false;
  if (!RecvFrame(from, &frame, &more)) return RecvError();
  bool valid = !more && IsCommand(&frame);
  if (more) DropRest(from);
  int err = 0;
  if (!valid) {
    err = EINVAL;
  } else if (zmq_msg_send(&frame, proxy_side, ZMQ_DONTWAIT) < 0) {
    err = zmq_errno();
  }
  zmq_msg_close(&frame);
  return err;
}

// What the proxy sent on its control socket: STATISTICS' reply, passed to `user`, or the end
// of the proxy (*ended). A reply `user` cannot take at once is dropped, as the relay must
// stay free to hear `stop`. 0, or the errno that ends the proxy.
int PassReply(void* proxy_side, void* user, bool* ended) {
  for (bool first = true;; first = false) {
    zmq_msg_t frame;
    bool more = false;
    if (!RecvFrame(proxy_side, &frame, &more)) return RecvError();
    *ended = first && !more && zmq_msg_size(&frame) == 0;
    int rc = *ended ? 0 : zmq_msg_send(&frame, user, ZMQ_DONTWAIT | (more ? ZMQ_SNDMORE : 0));
    zmq_msg_close(&frame);
    if (rc < 0) {
      if (zmq_errno() != EAGAIN) return zmq_errno();
      DropRest(proxy_side);
      return 0;
    }
    if (!more) return 0;
  }
}

}  // namespace

int RelayCommands(void* user, void* proxy_side, void* stop) {
  zmq_pollitem_t items[] = {
      {user, 0, ZMQ_POLLIN, 0}, {proxy_side, 0, ZMQ_POLLIN, 0}, {stop, 0, ZMQ_POLLIN, 0}};
  while (true) {
    if (zmq_poll(items, 3, -1) < 0) {
      if (zmq_errno() == EINTR) continue;
      return EndProxy(proxy_side, zmq_errno());  // ETERM: the user's context was terminated
    }
    int err = 0;
    if (items[1].revents & ZMQ_POLLIN) {
      bool ended = false;
      err = PassReply(proxy_side, user, &ended);
      if (ended) return 0;
    }
    if (err == 0 && (items[0].revents & ZMQ_POLLIN)) err = PassCommand(user, proxy_side);
    if (err == 0 && (items[2].revents & ZMQ_POLLIN)) err = PassCommand(stop, proxy_side);
    if (err != 0) return EndProxy(proxy_side, err);
  }
}

void ReportProxyEnd(void* control) {
  zmq_send(control, "", 0, ZMQ_DONTWAIT);
}

}  // namespace zmqnapi
