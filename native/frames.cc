#include "frames.h"

#include <atomic>
#include <cerrno>
#include <cstring>

#include "addon.h"
#include "message.h"
#include "util/errors.h"

namespace zmqnapi {

namespace {

size_t ElementSize(napi_typedarray_type type) {
  switch (type) {
    case napi_int16_array:
    case napi_uint16_array:
      return 2;
    case napi_int32_array:
    case napi_uint32_array:
    case napi_float32_array:
      return 4;
    case napi_float64_array:
    case napi_bigint64_array:
    case napi_biguint64_array:
      return 8;
    default:
      return 1;
  }
}

bool ReadBytes(Napi::Value value, const char** data, size_t* size, std::string* holder) {
  // A Buffer, TypedArray or DataView: napi_get_buffer_info takes any ArrayBufferView and
  // gives its data (offset applied) and byte length in one call: once per frame sent, the
  // cheapest of Node-API's ways (docs/PERFORMANCE.md).
  void* bytes;
  if (napi_get_buffer_info(value.Env(), value, &bytes, size) == napi_ok) {
    *data = static_cast<const char*>(bytes);
  } else if (value.IsTypedArray()) {  // where napi_get_buffer_info takes Uint8Arrays only
    napi_typedarray_type type;
    size_t length;
    napi_get_typedarray_info(value.Env(), value, &type, &length, &bytes, nullptr, nullptr);
    *data = static_cast<const char*>(bytes);
    *size = length * ElementSize(type);
  } else if (value.IsDataView()) {
    auto view = value.As<Napi::DataView>();
    *data = static_cast<const char*>(view.ArrayBuffer().Data()) + view.ByteOffset();
    *size = view.ByteLength();
  } else if (value.IsArrayBuffer()) {
    auto buffer = value.As<Napi::ArrayBuffer>();
    *data = static_cast<const char*>(buffer.Data());
    *size = buffer.ByteLength();
  } else if (value.IsString()) {
    *holder = value.As<Napi::String>().Utf8Value();
    *data = holder->data();
    *size = holder->size();
  } else {
    return false;
  }
  return true;
}

// Whether an ArrayBuffer, or the one under a view, was detached (transferred to a Worker,
// or by ArrayBuffer.prototype.transfer): its bytes are gone, and a length of 0 says so.
bool StandsOnDetached(Napi::Value value) {
  napi_env env = value.Env();
  napi_value buffer = value;
  if (value.IsTypedArray()) {
    napi_get_typedarray_info(env, value, nullptr, nullptr, nullptr, &buffer, nullptr);
  } else if (value.IsDataView()) {
    napi_get_dataview_info(env, value, nullptr, nullptr, &buffer, nullptr);
  }
  bool detached = false;
  return napi_is_detached_arraybuffer(env, buffer, &detached) == napi_ok && detached;
}

// Received frames are copied into memory V8 allocates, except the large ones that nobody
// else holds (ZMQ_SHARED is 0: not one PUB message fanned out to several subscribers, not a
// frame a proxy's capture copied). Those become a Buffer over libzmq's own bytes, which are
// then the receiver's alone: our sends copy a Buffer's bytes, and a Message goes by
// reference only when its own view, detached by the send, is all that reaches its bytes.
// Where that pays (docs/PERFORMANCE.md, PUSH → PULL): over inproc from 16 KiB, where libzmq
// hands the sender's bytes straight over and the copy is the receiver's whole work (16 KiB
// 125k → 154–167k msg/s, 64 KiB 45–54k → 79–111k, 1 MiB 2.9–3.4k → 4.7k); over a
// connection from 512 KiB (1 MiB over ipc 1.5–1.6k → 1.7–1.9k, tcp 1.4–1.8k → 1.8–1.9k).
// Below that the copy wins or ties (64 KiB over ipc 20k against 18k, 256 KiB the same): the
// bytes libzmq read into live on until the GC frees them, and its I/O thread reads the next
// frames into memory that is no longer warm.
constexpr size_t kInprocZeroCopyMinBytes = 16 * 1024;
constexpr size_t kConnectionZeroCopyMinBytes = 512 * 1024;

// Node frees an external Buffer's bytes a turn of the event loop after the GC found it
// dead, so a loop that never yields (recvSync in a Worker or a script) would pile them up
// without bound: past this many bytes not yet freed, frames are copied (V8's own memory,
// which its collections free without the loop).
constexpr size_t kZeroCopyMaxPendingBytes = 64 * 1024 * 1024;

// The bytes of zero-copy Buffers made and not yet freed. Only the main thread makes them,
// and only it frees them, but a counter of its own outlives its environment's data, which
// finalizers at exit may run after.
std::atomic<size_t> zero_copy_pending_bytes{0};
// Those made since V8 was last nudged (ZeroCopyBuffer); the main thread's alone, too.
size_t zero_copy_bytes_since_nudge = 0;

bool TakesZeroCopy(Napi::Env env, zmq_msg_t* msg, size_t size) {
  if (size < kInprocZeroCopyMinBytes || zmq_msg_get(msg, ZMQ_SHARED) != 0) return false;
  // A Worker copies: its environment's teardown frees the bytes of every Buffer it made,
  // even those moved on by ArrayBuffer.prototype.transfer() and posted to another thread.
  if (!AddonData::Of(env)->on_main_thread) return false;
  if (zero_copy_pending_bytes.load(std::memory_order_relaxed) + size > kZeroCopyMaxPendingBytes) {
    return false;
  }
  // ZMQ_SRCFD is -1 where libzmq attached no connection's file descriptor: inproc, and the
  // connections whose handshake carries no metadata (ZMTP 1.0 and 2.0 peers, udp, pgm),
  // which then take the lower size: a choice of speed only, the cap bounds either.
  return size >= kConnectionZeroCopyMinBytes || zmq_msg_get(msg, ZMQ_SRCFD) < 0;
}

// V8 collects its young generation early once the backing stores allocated since the last
// collection pass twice its size, but checks that only when it allocates one itself: a
// flood of external Buffers alone waits for the full mark-compact that external memory
// brings on every 64 MiB (36 per 3,000 frames of 1 MiB, with 10 scavenges). So once per
// kNudgeBytes of them an ArrayBuffer of V8's own is made, for that check to run: 0
// mark-compacts and ~107 scavenges for the same frames, each freeing what died young.
constexpr size_t kNudgeBytes = 1024 * 1024;

void FreeHeldFrame(napi_env, void*, void* hint) {
  auto* frame = static_cast<zmq_msg_t*>(hint);
  zero_copy_pending_bytes.fetch_sub(zmq_msg_size(frame), std::memory_order_relaxed);
  zmq_msg_close(frame);
  delete frame;
}

Napi::Buffer<char> CopyBuffer(Napi::Env env, zmq_msg_t* msg, size_t size) {
  auto buffer = Napi::Buffer<char>::Copy(env, static_cast<char*>(zmq_msg_data(msg)), size);
  zmq_msg_close(msg);
  zmq_msg_init(msg);
  return buffer;
}

Napi::Buffer<char> ZeroCopyBuffer(Napi::Env env, zmq_msg_t* msg, size_t size) {
  zero_copy_bytes_since_nudge += size;
  if (zero_copy_bytes_since_nudge >= kNudgeBytes) {
    zero_copy_bytes_since_nudge = 0;
    Napi::ArrayBuffer::New(env, 1);
  }
  auto* held = new zmq_msg_t;
  zmq_msg_init(held);
  zmq_msg_move(held, msg);
  zero_copy_pending_bytes.fetch_add(size, std::memory_order_relaxed);
  napi_value buffer;
  // (A frame longer than a Buffer can be, the one known cause of a failure after Node took
  // the frame, is past kZeroCopyMaxPendingBytes and never comes here.)
  if (NewExternalBuffer(env, zmq_msg_data(held), size, FreeHeldFrame, held, &buffer) == napi_ok) {
    return Napi::Buffer<char>(env, buffer);
  }
  // Refused before Node took the frame (Electron's memory cage): the copy, then.
  zero_copy_pending_bytes.fetch_sub(size, std::memory_order_relaxed);
  zmq_msg_move(msg, held);
  delete held;
  return CopyBuffer(env, msg, size);
}

}  // namespace

napi_status NewExternalBuffer(Napi::Env env, void* data, size_t size, napi_finalize finalize,
                              void* hint, napi_value* result) {
  napi_status status = napi_create_external_buffer(env, size, data, finalize, hint, result);
  if (status == napi_generic_failure) throw Napi::Error::New(env);
  return status;
}

Napi::Buffer<char> BufferFromMsg(Napi::Env env, zmq_msg_t* msg) {
  size_t size = zmq_msg_size(msg);
  return TakesZeroCopy(env, msg, size) ? ZeroCopyBuffer(env, msg, size)
                                       : CopyBuffer(env, msg, size);
}

bool BytesOf(Napi::Value value, const char** data, size_t* size, std::string* holder) {
  if (!ReadBytes(value, data, size, holder)) return false;
  // Only an empty one can be detached: a frame of nothing is sent only when meant.
  if (*size == 0 && !value.IsString() && StandsOnDetached(value)) {
    throw Napi::TypeError::New(value.Env(),
                               "a detached ArrayBuffer has no bytes (it was transferred)");
  }
  return true;
}

void ReadFrame(Napi::Env env, Napi::Value value, OutFrame* frame) {
  // Bytes first: they are the common case, and telling a Message needs an instanceof.
  if (BytesOf(value, &frame->data, &frame->size, &frame->holder)) return;
  frame->message = Message::FromValue(value);
  if (frame->message == nullptr) {
    throw Napi::TypeError::New(env,
                               "a frame must be a Buffer, TypedArray, ArrayBuffer, string or "
                               "Message");
  }
  if (frame->message->closed()) throw MakeZmqError(env, EFAULT, "a frame is a closed Message", "");
}

}  // namespace zmqnapi
