#include "frames.h"

#include <cerrno>
#include <cstring>

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

}  // namespace

Napi::Buffer<char> BufferFromMsg(Napi::Env env, zmq_msg_t* msg) {
  // A copy into memory V8 allocates, whatever the size; libzmq's frees at once. A received
  // Buffer's bytes are then its receiver's alone (a PUB's fan-out over inproc hands every
  // subscriber the same bytes), and the GC has the cheap way to free it: V8 collects its
  // young generation once the backing stores allocated since the last collection pass
  // twice its size, where an external Buffer over libzmq's bytes counts only toward the
  // full mark-compact that external memory brings on every 64 MiB. Measured (C PUSH, tcp,
  // zero-copy from 16 KiB before): 64 KiB 14–17k → 31–32k msg/s, 85 mark-compacts per
  // 100,000 frames → none; 1 MiB 1.1–1.5k → 1.9–2.5k (docs/PERFORMANCE.md).
  size_t size = zmq_msg_size(msg);
  auto buffer = Napi::Buffer<char>::Copy(env, static_cast<char*>(zmq_msg_data(msg)), size);
  zmq_msg_close(msg);
  zmq_msg_init(msg);
  return buffer;
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
