// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scanning/ScannerBackend.h"

#include <memory>

namespace dms {

struct SaneLibrary;
class SaneRuntime;

/** Scanners through libsane, called directly (never scanimage). Constructing the
 *  first backend in the process runs sane_init (set SANE_CONFIG_DIR before, if at
 *  all); sane_exit runs when the last backend and device are gone. Like every
 *  ScannerBackend it is used from one thread at a time; devices it opens must be
 *  used and destroyed on the thread that opened them. */
class SaneBackend : public ScannerBackend
{
public:
    SaneBackend();
    /** For tests: the libsane calls go through `library`. */
    explicit SaneBackend(const SaneLibrary &library);
    ~SaneBackend() override;
    SaneBackend(const SaneBackend &) = delete;
    SaneBackend &operator=(const SaneBackend &) = delete;

    /** sane_get_devices, local and network devices. */
    Result<QList<ScannerInfo>> devices() override;
    /** sane_open; the dll backend answers an unknown name with InvalidInput. */
    Result<std::unique_ptr<ScanDevice>> open(const QString &name) override;

private:
    std::unique_ptr<SaneLibrary> m_library;
    std::shared_ptr<SaneRuntime> m_runtime;
};

} // namespace dms
