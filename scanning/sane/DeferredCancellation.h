// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace dms {

/** Keeps SANE backends' reader threads from being cancelled asynchronously.
 *
 *  Backends built on sanei_thread (the `test` backend and many drivers) start a
 *  reader thread that switches itself to PTHREAD_CANCEL_ASYNCHRONOUS, and stop it
 *  with pthread_cancel at the end of every page and on sane_cancel. When that
 *  cancel lands while the reader is inside free() (it frees its buffer right
 *  after the last write), the thread dies holding a glibc arena lock and the next
 *  thread that takes that arena hangs for ever.
 *
 *  The adapter therefore defines pthread_setcanceltype() in the executable
 *  (exported with --export-dynamic-symbol, see scanning/sane/CMakeLists.txt), so
 *  dlopen()ed backends bind to it; it always asks for deferred cancellation. The
 *  readers still stop promptly: they spend their time in write() and usleep(),
 *  which are cancellation points, while free() and malloc() are not. No Delovod
 *  code uses asynchronous cancellation. */
class DeferredCancellation
{
public:
    /** Whether backends loaded into this process get the deferred version, i.e.
     *  the executable exports it. Checked (and logged once when not) by SaneRuntime. */
    static bool isActive();
};

} // namespace dms
