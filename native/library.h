// Module-level functions: version, capabilities, CURVE keys and Z85.
#pragma once

#include <napi.h>

namespace zmqnapi {

void InitLibrary(Napi::Env env, Napi::Object exports);

}  // namespace zmqnapi
