// Ending a heap-allocated libuv handle: libuv may still touch it after uv_close, so it is
// freed in uv_close's callback, which can run after its owner is gone (hence data = null).
#pragma once

#include <uv.h>

namespace zmqnapi {

template <typename Handle>
void CloseAndFree(Handle* handle) {
  handle->data = nullptr;
  uv_close(reinterpret_cast<uv_handle_t*>(handle),
           [](uv_handle_t* closed) { delete reinterpret_cast<Handle*>(closed); });
}

}  // namespace zmqnapi
