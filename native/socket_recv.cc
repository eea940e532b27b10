// Socket (socket.h): the non-blocking receives, tryRecvInto (into the arena) and tryRecvMsg.
#include <zmq.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "addon.h"
#include "frames.h"
#include "socket.h"
#include "util/args.h"
#include "util/errors.h"
#include "util/retry_on_eintr.h"
#include "wire_contract.h"  // generated: scripts/wire-contract.mjs

namespace zmqnapi {

namespace {

// tryRecvInto's per-frame flags (lib/engine/inbox.ts reads them; their meaning is in
// scripts/wire-contract.mjs).
constexpr uint32_t kRecvMore = wire::RECV_MORE;
constexpr uint32_t kRecvLarge = wire::RECV_LARGE;
constexpr uint32_t kRecvRest = wire::RECV_REST;

// Frames up to this size are copied into tryRecvInto's arena; bigger ones are copied into a
// Buffer of their own (BufferFromMsg). Above a few KiB the memcpy, not the Buffer, is most
// of the cost, and a big frame would use up an arena meant for many small ones.
constexpr size_t kArenaFrameMaxBytes = wire::ARENA_FRAME_MAX_BYTES;

}  // namespace

bool Socket::RecvFrame(Napi::Env env, zmq_msg_t* msg, int flags) {
  void* socket = LiveSocket(env);
  if (RetryOnEintr([&] { return zmq_msg_recv(msg, socket, flags | ZMQ_DONTWAIT); }) < 0) {
    if (zmq_errno() == EAGAIN) return false;
    ThrowLastZmqError(env);
  }
  return true;
}

// Closes a stack zmq_msg_t on every way out, exceptions included.
struct ScopedMsg {
  ScopedMsg() { zmq_msg_init(&msg); }
  ~ScopedMsg() { zmq_msg_close(&msg); }
  zmq_msg_t msg;
};

// tryRecvInto(offset, maxMessages, maxBytes): the fast receive path, into the arena, meta
// and large of the last setRecvArena (native/recv_arena.h).
// Receives whole messages until maxMessages have come, or maxBytes (after the first), or
// none is waiting, or the arena has less than kArenaFrameMaxBytes left (after the first). A frame
// of at most kArenaFrameMaxBytes that fits is copied into `arena` from `offset` on, one after the
// other, and lib/inbox.ts slices it out: one ArrayBuffer for many frames, where a Buffer each costs
// a backing store, two mallocs and GC sweeping (most of the time a small receive takes). Other
// frames become Buffers of their own, appended to `large`. `meta` gets two words per frame: its
// size and kRecv* bits. When `meta` is nearly full mid-message, the rest of that message goes to
// `large` whole and one last pair says how many frames that is (kRecvRest). Returns the pairs
// written.
Napi::Value Socket::TryRecvInto(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RecvArena& arena = AddonData::Of(env)->recv_arena;
  if (!arena.ready()) throw Napi::Error::New(env, "tryRecvInto before setRecvArena");
  size_t offset = static_cast<size_t>(std::max(0, RequireInt(info, 0, "offset")));
  int max_messages = RequireInt(info, 1, "max");
  double max_bytes = static_cast<double>(RequireInt(info, 2, "maxBytes"));
  void* socket = LiveSocket(env);

  uint8_t* arena_data = arena.bytes;
  size_t arena_size = arena.size;
  uint32_t* words = arena.meta;
  size_t pairs = arena.pairs;
  // Taken only when a frame goes there (napi_get_reference_value).
  Napi::Array large;
  auto append_large = [&](uint32_t index, Napi::Value frame) {
    if (large.IsEmpty()) large = arena.large.Value().As<Napi::Array>();
    large.Set(index, frame);
  };
  uint32_t large_count = 0;
  size_t used = 0;
  double bytes = 0;
  ScopedMsg frame;
  // The next frame of a message begun: libzmq delivers messages whole, so it is there.
  auto next_frame = [&] {
    if (!RecvFrame(env, &frame.msg, 0)) {
      throw MakeZmqError(env, EAGAIN, "message ended before its last frame", "");
    }
  };
  for (int messages = 0; messages < max_messages && bytes < max_bytes; messages++) {
    // A message starts only with room for two pairs: a frame and, if needed, the rest.
    if (used + 2 > pairs) break;
    // Nor, after the first, without room in the arena for a frame of the size it copies:
    // the inbox then takes a fresh arena and calls again, where copying the rest into
    // Buffers of their own would cost a backing store each.
    if (messages > 0 && arena_size - std::min(offset, arena_size) < kArenaFrameMaxBytes) break;
    if (messages == 0) {
      if (!RecvFrame(env, &frame.msg, 0)) break;
    } else if (RetryOnEintr([&] { return zmq_msg_recv(&frame.msg, socket, ZMQ_DONTWAIT); }) < 0) {
      // Whatever stops a later message (nothing waiting, or EFSM: a REQ or REP may take one
      // message per send) ends the batch; the next call meets the error if it lasts.
      break;
    }
    for (;;) {
      bool more = zmq_msg_more(&frame.msg) != 0;
      size_t size = zmq_msg_size(&frame.msg);
      bytes += static_cast<double>(size);
      if (more && used + 1 == pairs) {
        // The last pair: this frame and every one after it go to `large`.
        uint32_t rest = 0;
        for (bool again = true; again; rest++) {
          again = zmq_msg_more(&frame.msg) != 0;
          append_large(large_count++, BufferFromMsg(env, &frame.msg));
          if (again) next_frame();
        }
        words[2 * used] = rest;
        words[2 * used + 1] = kRecvRest;
        used++;
        break;
      }
      uint32_t flags = more ? kRecvMore : 0;
      if (size <= kArenaFrameMaxBytes && size <= arena_size - std::min(offset, arena_size)) {
        if (size > 0) memcpy(arena_data + offset, zmq_msg_data(&frame.msg), size);
        offset += size;
      } else {
        append_large(large_count++, BufferFromMsg(env, &frame.msg));
        flags |= kRecvLarge;
      }
      words[2 * used] = static_cast<uint32_t>(size);
      words[2 * used + 1] = flags;
      used++;
      if (!more) break;
      next_frame();
    }
  }
  return Napi::Number::New(env, static_cast<double>(used));
}

// tryRecvMsg(flags): one frame as a Message (zero-copy, with metadata), or null.
Napi::Value Socket::TryRecvMsg(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto box = std::make_shared<MsgBox>();
  if (!RecvFrame(env, &box->msg, OptionalInt(info, 0, "flags", 0))) return env.Null();
  // A received Message's bytes are its receiver's alone, as a received Buffer's are.
  if (!box->MakePrivate()) ThrowLastZmqError(env);
  return Message::NewFromBox(env, std::move(box));
}

}  // namespace zmqnapi
