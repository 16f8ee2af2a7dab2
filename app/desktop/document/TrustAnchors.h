// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "signing/CertificateInfo.h"

#include <QList>
#include <QString>

class QSettings;

namespace dms {

class CadesVerifier;

/** The certificates the desk trusts to end a signer's chain when it verifies
 *  the entries' files (Files pane, SignaturePanel): the setting
 *  "verification/trust_anchors" names a file (PEM with one or more
 *  certificates, or one DER certificate) or a directory of such files
 *  (*.pem, *.crt, *.cer, *.der). Without the setting the verifier trusts nothing
 *  and chains end INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND. */
class TrustAnchors
{
public:
    static QString settingKey() { return QStringLiteral("verification/trust_anchors"); }

    /** The certificates at @p path. InvalidInput (naming the file) when it
     *  cannot be read, a file holds no certificate, or a directory holds none. */
    static Result<QList<CertificateInfo>> load(const QString &path);
    /** Gives @p verifier the anchors the settings name; without the setting
     *  nothing changes. On an error the verifier's anchors are left as they were. */
    static Status apply(const QSettings &settings, CadesVerifier &verifier);
};

} // namespace dms
