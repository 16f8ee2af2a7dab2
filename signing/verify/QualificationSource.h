// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "signing/CertificateInfo.h"

#include <QDateTime>

namespace dms {

/** Tells whether a certificate issuer was a qualified trust service (a CA/QC
 *  service "granted" for qualified signatures) at a given time. The EU Trusted
 *  List (signing/trust/TrustedList) is the real source; verifiers take this
 *  interface so tests can use a fixed answer. */
class QualificationSource
{
public:
    enum class Status {
        Unknown, ///< the issuer is not on the list (or no list is loaded)
        Qualified, ///< granted for qualified certificates at that time
        NotQualified, ///< listed, but withdrawn or not for qualified certificates then
    };

    virtual ~QualificationSource() = default;

    /** The status of the service that issued @p issuer's certificates at @p at. */
    virtual Status statusOf(const CertificateInfo &issuer, const QDateTime &at) const = 0;
};

} // namespace dms
