// SPDX-License-Identifier: GPL-3.0-or-later
#include "DeferredCancellation.h"

#include <dlfcn.h>
#include <pthread.h>

namespace {

using SetCancelType = int (*)(int, int *);

SetCancelType realSetCancelType()
{
    static const auto real = reinterpret_cast<SetCancelType>(dlsym(RTLD_NEXT, "pthread_setcanceltype"));
    return real;
}

} // namespace

// Interposes libc's function for every library loaded into the process (see the header).
extern "C" int pthread_setcanceltype(int type, int *oldType) noexcept
{
    (void)type;
    const SetCancelType real = realSetCancelType();
    return real ? real(PTHREAD_CANCEL_DEFERRED, oldType) : 0;
}

namespace dms {

bool DeferredCancellation::isActive()
{
    // What a dlopen()ed backend's reference resolves to: ours only when exported.
    const void *bound = dlsym(RTLD_DEFAULT, "pthread_setcanceltype");
    return bound == reinterpret_cast<const void *>(&pthread_setcanceltype);
}

} // namespace dms
