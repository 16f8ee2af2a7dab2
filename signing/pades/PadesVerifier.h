// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "signing/verify/SignatureReport.h"

#include <QList>
#include <QString>

namespace dms {

class CadesVerifier;

/** Verifies every signature of a PDF file (PAdES B-B/B-T with /SubFilter
 *  /ETSI.CAdES.detached, and adbe.pkcs7.detached) and gives one SignatureReport
 *  each, in file order. Per signature: the /ByteRange starts at 0, is two ranges in
 *  order, ends where a revision ends and leaves out exactly the signature
 *  dictionary's /Contents hex string (universal signature forgery: missing, null,
 *  negative, overlapping or gap-skipping values → TOTAL_FAILED/FORMAT_FAILURE); the
 *  CMS is verified by the configured CadesVerifier over the two ranges, streamed
 *  from the file; and later incremental updates are compared with the signed
 *  revision (PdfChangeAnalyzer: incremental saving and shadow attacks →
 *  TOTAL_FAILED/FORMAT_FAILURE; allowed changes such as later signatures are notes).
 *  format is "PAdES-BASELINE-B"/"-T" (or "PKCS7-B"/"-T"). Blocking; thread-safe as
 *  far as the CadesVerifier is. */
class PadesVerifier
{
public:
    /** @p cades holds the trust anchors, policy and revocation sources; it must outlive this. */
    explicit PadesVerifier(const CadesVerifier &cades);

    /** InvalidInput when @p path cannot be read or parsed as a PDF; an empty list
     *  when it has no signature. */
    [[nodiscard]] Result<QList<SignatureReport>> verifyFile(const QString &path) const;

private:
    const CadesVerifier &m_cades;
};

} // namespace dms
