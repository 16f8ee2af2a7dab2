// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "signing/TokenCertificate.h"
#include "signing/TokenInfo.h"

#include <QByteArray>
#include <QList>

#include <memory>

namespace dms {

class SignatureBatch;

/** The raw signature operations a token performs. */
enum class SignMechanism {
    /** PKCS#1 v1.5 over a caller-built DigestInfo (PKCS#11 CKM_RSA_PKCS). */
    RsaPkcs1,
    /** ECDSA over a hash; the token returns r‖s (PKCS#11 CKM_ECDSA). */
    Ecdsa,
};

/** One token (smartcard) found by a TokenProvider. Thread-safe; calls may block
 *  while the token works or the PinProvider asks for a PIN. A removed token answers
 *  ErrorCode::TokenRemoved. */
class Token
{
public:
    virtual ~Token();

    /** The token as seen at discovery. */
    virtual TokenInfo info() const = 0;

    /** Every X.509 certificate on the token, paired with its key by id. */
    [[nodiscard]] virtual Result<QList<TokenCertificate>> certificates() = 0;

    /** Only the certificates offered for qualified signing (see TokenCertificate::isQualifiedSigning). */
    [[nodiscard]] Result<QList<TokenCertificate>> qualifiedCertificates();

    /** Logs in with a PIN from the PinProvider (or the PIN pad) unless already logged in.
     *  WrongPin (message tells about remaining tries), PinLocked, Cancelled. */
    [[nodiscard]] virtual Status login() = 0;

    /** Ends the login; the next operation asks for the PIN again. */
    [[nodiscard]] virtual Status logout() = 0;

    /** Signs @p input with the private key @p keyId, logging in first when needed and
     *  asking a fresh PIN for keys that demand one per signature. Returns the token's
     *  raw output (RSA signature, or ECDSA r‖s). KeyNotFound when no such key. */
    [[nodiscard]] virtual Result<QByteArray> signRaw(const QByteArray &keyId, SignMechanism mechanism,
                                                     const QByteArray &input)
        = 0;

    /** A batch of signRaw() with @p keyId and @p mechanism (see SignatureBatch): the
     *  same login, PIN per signature and errors, without a hand-off per signature on
     *  tokens that have a worker thread. The default signs on the caller's thread in
     *  take(); this token must outlive the batch. */
    [[nodiscard]] virtual std::unique_ptr<SignatureBatch> startSignBatch(const QByteArray &keyId,
                                                                         SignMechanism mechanism);
};

} // namespace dms
