// SPDX-License-Identifier: GPL-3.0-or-later
#include "SaneLibrary.h"

#include "DeferredCancellation.h"
#include "SaneStatus.h"
#include "scanning/ScanningLog.h"

#include <mutex>

namespace dms {

namespace {

std::mutex s_mutex;
int s_users = 0;

} // namespace

SaneLibrary SaneLibrary::system()
{
    SaneLibrary library;
    library.init = &sane_init;
    library.exit = &sane_exit;
    library.getDevices = &sane_get_devices;
    library.open = &sane_open;
    library.close = &sane_close;
    library.getOptionDescriptor = &sane_get_option_descriptor;
    library.controlOption = &sane_control_option;
    library.getParameters = &sane_get_parameters;
    library.start = &sane_start;
    library.read = &sane_read;
    library.cancel = &sane_cancel;
    return library;
}

SaneRuntime::SaneRuntime(const SaneLibrary &library)
    : m_library(library)
{
    const std::lock_guard lock(s_mutex);
    if (s_users == 0) {
        if (!DeferredCancellation::isActive())
            qCWarning(dmsScanning) << "pthread_setcanceltype is not exported by the executable: SANE backends"
                                      " may hang when a page ends (link with dms_scanning_sane's options)";
        SANE_Int version = 0;
        const SANE_Status status = m_library.init(&version, nullptr);
        if (status != SANE_STATUS_GOOD) {
            m_status = saneError(status, QStringLiteral("sane_init"));
            return;
        }
    }
    ++s_users;
}

SaneRuntime::~SaneRuntime()
{
    if (!m_status.ok())
        return;
    const std::lock_guard lock(s_mutex);
    if (--s_users == 0)
        m_library.exit();
}

} // namespace dms
