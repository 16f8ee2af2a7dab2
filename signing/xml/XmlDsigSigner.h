// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "signing/xml/XmlSignatureOptions.h"

#include <QByteArray>

namespace dms {

class Clock;
class SigningKey;

/** Creates enveloped XMLDSig and XAdES-BASELINE-B signatures with libxml2: the
 *  references and SignedInfo are canonicalised here and only the SignedInfo digest
 *  goes to the SigningKey (a token or a PKCS#12 key), so token keys work where
 *  xmlsec1 cannot use them. KeyInfo carries X509Data with the signer's certificate.
 *  Not thread-safe (the key may not be). */
class XmlDsigSigner
{
public:
    /** @p key and @p clock (XAdES SigningTime) must outlive the signer. */
    XmlDsigSigner(SigningKey &key, const Clock &clock);

    /** Parses @p xml (hardened: no DTD loading, no entities, no network, size
     *  limit), appends a Signature as the last child of the document element and
     *  returns the serialised document (UTF-8, nothing re-indented): the exact bytes
     *  to send. InvalidInput for malformed XML or a missing/duplicate reference id;
     *  the key's errors (WrongPin, Cancelled, CertExpired, ...) are passed on. */
    [[nodiscard]] Result<QByteArray> signEnveloped(const QByteArray &xml,
                                                   const XmlSignatureOptions &options = {});

private:
    SigningKey &m_key;
    const Clock &m_clock;
};

} // namespace dms
