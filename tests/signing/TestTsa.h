// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "signing/TimestampClient.h"

#include <QString>

#include <openssl/x509.h>

namespace dms {

/** An in-process RFC 3161 time-stamping authority for the tests (OpenSSL's
 *  TS_RESP_CTX) with the fixture's TSA certificate, policy 2.999.1.2, SHA-256 and
 *  ESSCertIDv2. It can be told to misbehave to test the client's checks. */
class TestTsa final : public TimestampClient
{
public:
    enum class Behaviour {
        Grant,
        /** Answers with status "rejection". */
        Reject,
        /** Grants a time-stamp, but over another imprint than requested. */
        WrongImprint,
        /** Answers bytes that are no TimeStampResp. */
        Garbage,
    };

    TestTsa() = default;
    ~TestTsa() override;
    TestTsa(const TestTsa &) = delete;
    TestTsa &operator=(const TestTsa &) = delete;

    /** Loads the TSA's PEM certificate and key and the PEM chain it includes in
     *  its tokens; an empty string on success, else what failed. */
    QString load(const QString &certificatePem, const QString &keyPem, const QString &chainPem);

    void setBehaviour(Behaviour behaviour) { m_behaviour = behaviour; }
    int requestCount() const { return m_requests; }

    Result<QByteArray> timestamp(const QByteArray &requestDer) override;

private:
    X509 *m_certificate = nullptr;
    EVP_PKEY *m_key = nullptr;
    STACK_OF(X509) *m_chain = nullptr;
    Behaviour m_behaviour = Behaviour::Grant;
    int m_requests = 0;
    long m_serial = 0;
};

} // namespace dms
