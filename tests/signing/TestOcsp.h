// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "signing/CertificateInfo.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QString>

#include <openssl/x509.h>

namespace dms {

/** An in-process OCSP responder for the tests (OpenSSL's OCSP_basic_sign) over the
 *  fixture's issuing CA, signing as the delegated responder (ocsp.pem). Every
 *  certificate of the CA is "good" unless told otherwise; certificates of other
 *  issuers are "unknown". It can be told to misbehave. Thread-safe: the loopback
 *  server calls respond() on its own thread. */
class TestOcsp
{
public:
    enum class Mode {
        Normal,
        /** Signed by ocsp-rogue.pem: issued by the CA but without id-kp-OCSPSigning. */
        Unauthorised,
        /** thisUpdate ten days ago, nextUpdate nine days ago. */
        Stale,
        /** Response status tryLater, no basic response. */
        TryLater,
        /** Bytes that are no OCSPResponse. */
        Garbage,
    };
    struct Entry
    {
        enum class Status { Good, Revoked, Unknown } status = Status::Good;
        QDateTime revocationTime;
        int reason = 1; ///< keyCompromise
    };

    TestOcsp() = default;
    ~TestOcsp();
    TestOcsp(const TestOcsp &) = delete;
    TestOcsp &operator=(const TestOcsp &) = delete;

    /** Loads qca, ocsp and ocsp-rogue (.pem/.key) from the fixture's pki directory;
     *  empty on success, else what failed. */
    QString load(const QString &pkiDir);

    void setMode(Mode mode);
    /** The answer for @p certificate from now on. */
    void setEntry(const CertificateInfo &certificate, const Entry &entry);
    void clearEntries();
    int requestCount() const;

    /** The DER OCSPResponse to the DER OCSPRequest @p request. */
    QByteArray respond(const QByteArray &request);
    /** A response about @p certificate (issued by the CA) as a client would get it,
     *  for embedding into signatures. */
    QByteArray responseFor(const CertificateInfo &certificate);

private:
    mutable QMutex m_mutex;
    X509 *m_ca = nullptr;
    EVP_PKEY *m_caKey = nullptr;
    X509 *m_responder = nullptr;
    EVP_PKEY *m_responderKey = nullptr;
    X509 *m_rogue = nullptr;
    EVP_PKEY *m_rogueKey = nullptr;
    Mode m_mode = Mode::Normal;
    QHash<QString, Entry> m_entries; ///< by serial (upper-case hex)
    int m_requests = 0;
};

} // namespace dms
