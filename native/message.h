// zmq_msg_t: the JavaScript Message class and MsgBox, the heap home of a message's bytes
// (the conversions between JS values and frames are in frames.h).
#pragma once

#include <napi.h>
#include <zmq.h>

#include <memory>
#include <string>

#include "util/type_tag.h"

namespace zmqnapi {

// A zmq_msg_t at a stable heap address. Buffers handed to JavaScript as views of a
// message's bytes hold a reference to the box, so the bytes (even a very small message's,
// which libzmq stores inside the zmq_msg_t itself) outlive any send, close or GC of the
// Message they came from.
struct MsgBox {
  MsgBox() {
    zmq_msg_init(&msg);
    zmq_msg_init(&received);
  }
  ~MsgBox() {
    zmq_msg_close(&msg);
    zmq_msg_close(&received);
  }
  MsgBox(const MsgBox&) = delete;
  MsgBox& operator=(const MsgBox&) = delete;

  // Makes `msg` a copy of its own when libzmq shares its bytes with other messages (a PUB's
  // fan-out over inproc), keeping the received frame in `received` for its more flag and
  // metadata. False, with zmq_errno set, when the copy cannot be made.
  bool MakePrivate();
  // The frame whose more flag and metadata this box's bytes came with.
  zmq_msg_t* origin() { return kept_received ? &received : &msg; }

  zmq_msg_t msg;       // the bytes
  zmq_msg_t received;  // see MakePrivate; empty otherwise
  bool kept_received = false;
};

// The routing id and group (draft API) of `from`, onto `to`; nothing without the draft API.
void CopyDraftProperties(zmq_msg_t* to, zmq_msg_t* from);

// A group name (draft API: a RADIO's, a DISH's) as libzmq takes it: text of at most
// ZMQ_GROUP_MAX_LENGTH bytes, without NUL. Throws a TypeError or RangeError otherwise.
std::string RequireGroup(Napi::Env env, Napi::Value value);

// Whether libzmq shares this message's bytes with another message (ZMQ_SHARED).
bool IsShared(zmq_msg_t* msg);

// Makes `to` (initialised, closed first) a message of its own with a copy of `from`'s bytes
// and of its routing id and group (draft API); 0, or -1 with errno set (`to` is then empty).
int InitCopyOf(zmq_msg_t* to, zmq_msg_t* from);

// A Buffer viewing the box's bytes without copying them.
Napi::Buffer<char> ViewOf(Napi::Env env, const std::shared_ptr<MsgBox>& box);

class Message : public Napi::ObjectWrap<Message> {
 public:
  static constexpr const char* kClassName = "Message";
  static constexpr const napi_type_tag& kTypeTag = kMessageTag;
  static Napi::Function Init(Napi::Env env);
  explicit Message(const Napi::CallbackInfo& info);
  ~Message();

  static Message* FromValue(Napi::Value value);  // nullptr when value is no Message (see Socket)
  bool closed() const { return closed_; }
  size_t size() const { return zmq_msg_size(&box_->msg); }  // an open Message's
  static Napi::Object NewFromBox(Napi::Env env, std::shared_ptr<MsgBox> box);

  // zmq_msg_send of this message, without a copy. As in C, a successful send empties it,
  // and the `data` view handed out before is detached (length 0): nothing can write the
  // bytes a receiver now holds (see SendOn). Returns -1 with zmq_errno set.
  int SendOn(void* socket, int flags);

 private:
  Napi::Value Data(const Napi::CallbackInfo& info);
  Napi::Value Size(const Napi::CallbackInfo& info);
  Napi::Value More(const Napi::CallbackInfo& info);
  Napi::Value ToString(const Napi::CallbackInfo& info);
  Napi::Value Copy(const Napi::CallbackInfo& info);
  Napi::Value Gets(const Napi::CallbackInfo& info);
  // message_draft.cc: the draft API's routing id (SERVER, PEER) and group (RADIO, DISH)
  Napi::Value RoutingId(const Napi::CallbackInfo& info);
  void SetRoutingId(const Napi::CallbackInfo& info);
  Napi::Value Group(const Napi::CallbackInfo& info);
  void SetGroup(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value Closed(const Napi::CallbackInfo& info);

  MsgBox& Checked(Napi::Env env);
  void Reset();  // a fresh empty box; drops the cached view
  // Whether the box's only other holder is this Message's `data` view, still attached.
  bool HasOnlyItsView();
  // Tells V8 how many bytes outside its heap this object holds (the box's), so that a run of
  // large Messages nobody keeps brings on the collections that free them.
  void Account(Napi::Env env);

  std::shared_ptr<MsgBox> box_;
  Napi::Reference<Napi::Buffer<char>> view_;  // `data`, made once: one view per box
  bool closed_ = false;
  int64_t accounted_ = 0;  // bytes last reported by Account
};

}  // namespace zmqnapi
