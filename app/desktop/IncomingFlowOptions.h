// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>

#include <functional>
#include <memory>

#if defined(DMS_HAVE_GUI_SCAN)
#include "scan/ScanPanel.h"
#endif
#if defined(DMS_HAVE_GUI_SIGNING)
#include "signing/CertificateInfo.h"
#endif

class QSettings;

namespace dms {

class CadesVerifier;
class Clock;
class TokenProvider;

/** What the incoming flow of the main window needs from the program (main.cpp)
 *  or a test: the settings (scan profiles, printers, the PKCS#11 module), the
 *  scanner and the card. A part whose library is not built is left out; without
 *  `settings` the registration form has no scan step and nothing is offered
 *  after registering. */
struct IncomingFlowOptions
{
    /** Must outlive the window. */
    QSettings *settings = nullptr;
    /** Must outlive the window (the certification stamp's time). */
    const Clock *clock = nullptr;
#if defined(DMS_HAVE_GUI_SCAN)
    /** Empty: the form has no scan step. */
    ScanPanel::BackendFactory scanner;
#endif
#if defined(DMS_HAVE_GUI_SIGNING)
    /** Loads the card's module when first needed (settings signing/pkcs11_module,
     *  p11-kit-proxy by default); empty: no certification. */
    std::function<std::shared_ptr<TokenProvider>()> tokens;
    /** Certificates embedded next to the clerk's (the issuing CA). */
    QList<CertificateInfo> chain;
#endif
#if defined(DMS_HAVE_GUI_DOCUMENT)
    /** Checks the signatures of an entry's files (usable from a worker, outliving
     *  the window); null: the window shows no files pane. */
    const CadesVerifier *verifier = nullptr;
#endif
};

} // namespace dms
