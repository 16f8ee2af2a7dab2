// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>

class QSettings;

namespace dms {

/** This desk's preferences as the settings dialog edits them, kept in QSettings
 *  (organisation "Delovod", application "delovod", as main.cpp names them)
 *  under the keys the rest of the program reads: StartupOptions (database/url,
 *  desk/server, desk/certificate, desk/key, desk/ca), RegistrationActions
 *  (print/receipt_printer, print/label_printer, signing/pkcs11_module),
 *  ScanPanel (scanning/device, scanning/default_profile), TrustAnchors
 *  (verification/trust_anchors) and main.cpp (ui/language). The command line
 *  (StartupOptions) still overrides them. */
struct DeskSettings
{
    QString databaseUrl; ///< the embedded office's database; empty: the default file
    QString serverUrl; ///< https://host:port of delovod-server; empty: the embedded office
    QString certificateFile; ///< the desk's TLS client certificate (PEM)
    QString keyFile; ///< its private key (PEM)
    QString caFile; ///< the CA of the server's certificate (PEM); empty: the system's
    QString scannerDevice; ///< a SANE device name, e.g. "test:0"
    QString scanProfile; ///< the profile chosen first in the scan step
    QString pkcs11Module; ///< path or library name
    QString signingCertificate; ///< the preferred certificate: SHA-256 of its DER in hex (an old value: its
                                ///< label on the card); empty: the first qualified one
    QString receiptPrinter; ///< a printer name, "pdf:FILE", or empty: ask
    QString labelPrinter;
    QString language = QStringLiteral("bg"); ///< "bg" or "en"; applied at the next start
    QString trustAnchors; ///< a certificate file or a folder of them

    static QString scannerDeviceKey() { return QStringLiteral("scanning/device"); }
    static QString scanProfileKey() { return QStringLiteral("scanning/default_profile"); }
    static QString signingCertificateKey() { return QStringLiteral("signing/certificate"); }
    static QString languageKey() { return QStringLiteral("ui/language"); }

    static DeskSettings load(const QSettings &settings);
    /** Writes every value; an empty server URL removes the server keys, so the
     *  next start opens the embedded office. */
    void save(QSettings &settings) const;
    /** InvalidInput with a message naming the first problem (a bad URL, an
     *  unreadable or wrong certificate or key file, a missing PKCS#11 module, …);
     *  its detail is the field's name (e.g. "serverUrl") for the dialog to focus. */
    Status validate() const;

    bool operator==(const DeskSettings &other) const = default;
};

} // namespace dms
