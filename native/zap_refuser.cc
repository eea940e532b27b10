#include "zap_refuser.h"

#include <zmq.h>

#include <cerrno>
#include <cstring>
#include <thread>
#include <vector>

#include "util/thread_signals.h"

namespace zmqnapi {

namespace {

// One ZAP request's frames (version, request id, domain, address, identity, mechanism,
// credentials…); false once the context is terminated (or the socket otherwise fails).
bool ReceiveRequest(void* rep, std::vector<std::string>* frames) {
  frames->clear();
  for (bool more = true; more;) {
    zmq_msg_t frame;
    zmq_msg_init(&frame);
    int rc;
    do {
      rc = zmq_msg_recv(&frame, rep, 0);
    } while (rc < 0 && zmq_errno() == EINTR);
    if (rc < 0) {
      zmq_msg_close(&frame);
      return false;
    }
    frames->emplace_back(static_cast<const char*>(zmq_msg_data(&frame)), zmq_msg_size(&frame));
    more = zmq_msg_more(&frame) != 0;
    zmq_msg_close(&frame);
  }
  return true;
}

// The ZAP reply that refuses: version, request id, 400, a reason, no user id, no metadata.
bool SendRefusal(void* rep, const std::vector<std::string>& request) {
  static const char kReason[] = "no Authenticator running: its thread has ended";
  const std::string version = request.empty() ? "1.0" : request[0];
  const std::string id = request.size() > 1 ? request[1] : "";
  const std::string parts[] = {version, id, "400", kReason, "", ""};
  for (size_t i = 0; i < 6; i++) {
    int flags = i + 1 < 6 ? ZMQ_SNDMORE : 0;
    int rc;
    do {
      rc = zmq_send(rep, parts[i].data(), parts[i].size(), flags);
    } while (rc < 0 && zmq_errno() == EINTR);
    if (rc < 0) return false;
  }
  return true;
}

void Refuse(void* rep) {
  BlockProcessSignals();
  std::vector<std::string> request;
  while (ReceiveRequest(rep, &request) && SendRefusal(rep, request)) {
  }
  zmq_close(rep);  // ETERM: the context's term can now finish
}

}  // namespace

void HandZapEndpointToRefuser(void* ctx, void* holder) {
  // Unbound and bound again in two calls on this thread, the endpoint is without a handler
  // for as short a time as libzmq allows (an inproc unbind takes effect at once).
  if (zmq_unbind(holder, kZapEndpoint.c_str()) != 0) return;
  void* rep = zmq_socket(ctx, ZMQ_REP);
  if (rep == nullptr) return;
  int linger = 0;
  zmq_setsockopt(rep, ZMQ_LINGER, &linger, sizeof(linger));
  if (zmq_bind(rep, kZapEndpoint.c_str()) != 0) {
    zmq_close(rep);
    return;
  }
  std::thread(Refuse, rep).detach();  // the socket moves to that thread (a full barrier)
}

}  // namespace zmqnapi
