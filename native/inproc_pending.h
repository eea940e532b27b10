// Inproc connections that wait for a bind, per libzmq context, so that sockets closed while
// waiting can finish.
//
// A connect to an inproc endpoint nobody has bound leaves a pipe in the context's list of
// pending connections, and the socket a debt that only a bind of that endpoint pays (libzmq
// counts a command it must receive from the binder). Closed with the debt unpaid, the socket
// never finishes closing: its mailbox fd and its socket slot stay taken until zmq_ctx_term,
// which pays every debt by creating a socket for each pending connection, all at once, and
// aborts (ctx.cpp:169) once that runs out of slots (about 512 such sockets by default).
//
// This table mirrors libzmq's view of the inproc endpoints bound and waited on through this
// addon (its users' sockets; not a proxy's own control pair, libzmq's monitor sockets or the
// settling socket below, none of which connects to an unbound inproc endpoint). When the
// last open socket waiting on an endpoint closes, a short-lived socket binds the endpoint
// and unbinds it at once: the bind hands it every pending connection there, all of closed
// sockets, which then finish. An endpoint some open socket still waits on is left alone, so
// that socket still connects when a real bind comes; messages closed sockets had queued to it
// are dropped (nobody could take them but a bind that might never come).
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>

namespace zmqnapi {

enum class EndpointVerb { kBind, kUnbind, kConnect, kDisconnect };

class InprocPending {
 public:
  explicit InprocPending(void* ctx) : ctx_(ctx) {}

  // zmq_bind/unbind/connect/disconnect(socket, endpoint). On an inproc endpoint the call is
  // made and recorded under the lock, so that a bind or close on another thread sharing the
  // context sees the table as libzmq's own.
  int Apply(EndpointVerb verb, void* socket, const std::string& endpoint);
  // zmq_connect_peer (draft API), recorded as a connect: the peer's routing id, or 0 with
  // errno set (ENOTSUP in a build without the draft API).
  uint32_t ConnectPeer(void* socket, const std::string& endpoint);

  // zmq_close(socket); then forgets it, and settles every endpoint it was the last to wait on.
  void Close(void* socket);

  // Before zmq_ctx_shutdown or zmq_ctx_term: settles every endpoint still waited on, open
  // waiters too. libzmq's term would connect them to sockets of its own anyway, one per
  // pending connection; after a shutdown nothing can bind, and the context cannot make the
  // socket that settles them. Endpoints an open ROUTER disconnected from are left to libzmq.
  // With every socket slot taken, waits up to `wait_for_slot` for libzmq to free one.
  void SettleAll(std::chrono::milliseconds wait_for_slot = std::chrono::milliseconds(0));

  // The table's lock also gates the context against its termination on another thread:
  // once zmq_ctx_term may begin (Seal, just before it), no new socket is made and no shutdown
  // is begun, since zmq_ctx_term frees the context the moment its last socket has closed.
  // zmq_socket, or nullptr with errno ETERM once sealed.
  void* NewSocket(int type);
  // SettleAll, then zmq_ctx_shutdown (nothing once sealed: term has shut it down).
  int Shutdown();
  // Right before zmq_ctx_term: from now on nothing is settled (libzmq's term does it) and
  // NewSocket and Shutdown refuse.
  void Seal();

 private:
  struct Endpoint {
    void* bound_by = nullptr;
    // Open sockets that connected while nobody had bound it, each with whether it is a
    // ROUTER that has disconnected since (see Disconnected).
    std::unordered_map<void*, bool> waiting;
  };

  // One pass of SettleAll; false when an endpoint is left for want of a socket slot.
  bool SettleAllOnce();
  void Record(EndpointVerb verb, void* socket, const std::string& endpoint);
  class Settler;  // the short-lived socket of a bind and unbind (inproc_pending.cc)
  void SettleOwed(Settler& settler);
  void Disconnected(Endpoint& entry, void* socket);
  // Takes `endpoint` off the list of those `socket` binds or waits on.
  void Unlist(void* socket, const std::string& endpoint);
  // Drops the record of `endpoint` once it says nothing.
  void ForgetIfEmpty(const std::string& endpoint);

  void* const ctx_;
  std::mutex mutex_;
  std::unordered_map<std::string, Endpoint> endpoints_;
  // The inproc endpoints each socket binds or waits on, for Close.
  std::unordered_map<void*, std::set<std::string>> endpoints_of_;
  // Endpoints whose waiters have all closed, which no socket could be made to settle yet.
  std::set<std::string> owed_;
  bool sealed_ = false;  // see Seal
};

}  // namespace zmqnapi
