// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <sane/sane.h>

namespace dms {

/** The libsane entry points the adapter calls, as a table so that a test can
 *  observe or wrap a call (e.g. count sane_cancel) while the rest goes to libsane.
 *  Internal to the SANE adapter. */
struct SaneLibrary
{
    SANE_Status (*init)(SANE_Int *, SANE_Auth_Callback) = nullptr;
    void (*exit)() = nullptr;
    SANE_Status (*getDevices)(const SANE_Device ***, SANE_Bool) = nullptr;
    SANE_Status (*open)(SANE_String_Const, SANE_Handle *) = nullptr;
    void (*close)(SANE_Handle) = nullptr;
    const SANE_Option_Descriptor *(*getOptionDescriptor)(SANE_Handle, SANE_Int) = nullptr;
    SANE_Status (*controlOption)(SANE_Handle, SANE_Int, SANE_Action, void *, SANE_Int *) = nullptr;
    SANE_Status (*getParameters)(SANE_Handle, SANE_Parameters *) = nullptr;
    SANE_Status (*start)(SANE_Handle) = nullptr;
    SANE_Status (*read)(SANE_Handle, SANE_Byte *, SANE_Int, SANE_Int *) = nullptr;
    void (*cancel)(SANE_Handle) = nullptr;

    /** The table of the linked libsane. */
    static SaneLibrary system();
};

/** sane_init on the first instance in the process, sane_exit when the last one
 *  goes: SANE must be initialised once per process, and every backend and open
 *  device holds one of these. SANE_CONFIG_DIR is read by the first sane_init. */
class SaneRuntime
{
public:
    explicit SaneRuntime(const SaneLibrary &library);
    ~SaneRuntime();
    SaneRuntime(const SaneRuntime &) = delete;
    SaneRuntime &operator=(const SaneRuntime &) = delete;

    /** Whether sane_init succeeded; when not, this instance holds nothing. */
    const Status &status() const { return m_status; }

private:
    SaneLibrary m_library;
    Status m_status;
};

} // namespace dms
