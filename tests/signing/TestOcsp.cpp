// SPDX-License-Identifier: GPL-3.0-or-later
#include "TestOcsp.h"

#include "signing/OpenSsl.h"

#include <QFile>

#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>

namespace dms {

namespace {

X509 *readCertificate(const QString &path)
{
    OpenSsl::BioPtr bio(BIO_new_file(QFile::encodeName(path).constData(), "r"));
    return bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr;
}

EVP_PKEY *readKey(const QString &path)
{
    OpenSsl::BioPtr bio(BIO_new_file(QFile::encodeName(path).constData(), "r"));
    return bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr;
}

QString serialHex(const ASN1_INTEGER *serial)
{
    QString hex;
    if (BIGNUM *number = ASN1_INTEGER_to_BN(serial, nullptr)) {
        char *text = BN_bn2hex(number);
        hex = QString::fromLatin1(text);
        OPENSSL_free(text);
        BN_free(number);
    }
    return hex;
}

QByteArray statusOnly(int status)
{
    OCSP_RESPONSE *response = OCSP_response_create(status, nullptr);
    const QByteArray der = OpenSsl::toDer(i2d_OCSP_RESPONSE, response);
    OCSP_RESPONSE_free(response);
    return der;
}

} // namespace

TestOcsp::~TestOcsp()
{
    X509_free(m_ca);
    X509_free(m_responder);
    X509_free(m_rogue);
    EVP_PKEY_free(m_caKey);
    EVP_PKEY_free(m_responderKey);
    EVP_PKEY_free(m_rogueKey);
}

QString TestOcsp::load(const QString &pkiDir)
{
    QMutexLocker lock(&m_mutex);
    m_ca = readCertificate(pkiDir + QStringLiteral("/qca.pem"));
    m_caKey = readKey(pkiDir + QStringLiteral("/qca.key"));
    m_responder = readCertificate(pkiDir + QStringLiteral("/ocsp.pem"));
    m_responderKey = readKey(pkiDir + QStringLiteral("/ocsp.key"));
    m_rogue = readCertificate(pkiDir + QStringLiteral("/ocsp-rogue.pem"));
    m_rogueKey = readKey(pkiDir + QStringLiteral("/ocsp-rogue.key"));
    if (!m_ca || !m_caKey || !m_responder || !m_responderKey || !m_rogue || !m_rogueKey)
        return OpenSsl::takeErrors(QStringLiteral("cannot read the OCSP test files"));
    return {};
}

void TestOcsp::setMode(Mode mode)
{
    QMutexLocker lock(&m_mutex);
    m_mode = mode;
}

void TestOcsp::setEntry(const CertificateInfo &certificate, const Entry &entry)
{
    QMutexLocker lock(&m_mutex);
    m_entries.insert(certificate.serialNumber(), entry);
}

void TestOcsp::clearEntries()
{
    QMutexLocker lock(&m_mutex);
    m_entries.clear();
}

int TestOcsp::requestCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_requests;
}

QByteArray TestOcsp::respond(const QByteArray &requestDer)
{
    QMutexLocker lock(&m_mutex);
    ++m_requests;
    if (m_mode == Mode::Garbage)
        return QByteArray("\x30\x03\x0a\x01\x00", 5); // DER, but no OCSPResponse with a body
    if (m_mode == Mode::TryLater)
        return statusOnly(OCSP_RESPONSE_STATUS_TRYLATER);
    const auto *p = reinterpret_cast<const unsigned char *>(requestDer.constData());
    OCSP_REQUEST *request = d2i_OCSP_REQUEST(nullptr, &p, requestDer.size());
    if (!request) {
        ERR_clear_error();
        return statusOnly(OCSP_RESPONSE_STATUS_MALFORMEDREQUEST);
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime thisUpdate = m_mode == Mode::Stale ? now.addDays(-10) : now;
    const QDateTime nextUpdate = m_mode == Mode::Stale ? now.addDays(-9) : now.addSecs(3600);
    ASN1_GENERALIZEDTIME *thisTime = ASN1_GENERALIZEDTIME_set(nullptr, thisUpdate.toSecsSinceEpoch());
    ASN1_GENERALIZEDTIME *nextTime = ASN1_GENERALIZEDTIME_set(nullptr, nextUpdate.toSecsSinceEpoch());
    OCSP_BASICRESP *basic = OCSP_BASICRESP_new();
    OCSP_CERTID *caId = OCSP_cert_to_id(EVP_sha1(), nullptr, m_ca);
    for (int i = 0; i < OCSP_request_onereq_count(request); ++i) {
        OCSP_CERTID *id = OCSP_onereq_get0_id(OCSP_request_onereq_get0(request, i));
        ASN1_INTEGER *serial = nullptr;
        OCSP_id_get0_info(nullptr, nullptr, nullptr, &serial, id);
        Entry entry;
        if (OCSP_id_issuer_cmp(id, caId) != 0)
            entry.status = Entry::Status::Unknown;
        else
            entry = m_entries.value(serialHex(serial));
        ASN1_GENERALIZEDTIME *revoked = nullptr;
        int status = V_OCSP_CERTSTATUS_GOOD;
        if (entry.status == Entry::Status::Revoked) {
            status = V_OCSP_CERTSTATUS_REVOKED;
            revoked = ASN1_GENERALIZEDTIME_set(nullptr, entry.revocationTime.toSecsSinceEpoch());
        } else if (entry.status == Entry::Status::Unknown) {
            status = V_OCSP_CERTSTATUS_UNKNOWN;
        }
        OCSP_basic_add1_status(basic, id, status, entry.status == Entry::Status::Revoked ? entry.reason : -1,
                               revoked, thisTime, nextTime);
        ASN1_GENERALIZEDTIME_free(revoked);
    }
    OCSP_copy_nonce(basic, request);
    STACK_OF(X509) *chain = sk_X509_new_null();
    sk_X509_push(chain, m_ca);
    const bool rogue = m_mode == Mode::Unauthorised;
    QByteArray der;
    if (OCSP_basic_sign(basic, rogue ? m_rogue : m_responder, rogue ? m_rogueKey : m_responderKey,
                        EVP_sha256(), chain, 0)
        == 1) {
        OCSP_RESPONSE *response = OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, basic);
        der = OpenSsl::toDer(i2d_OCSP_RESPONSE, response);
        OCSP_RESPONSE_free(response);
    }
    sk_X509_free(chain);
    OCSP_CERTID_free(caId);
    OCSP_BASICRESP_free(basic);
    ASN1_GENERALIZEDTIME_free(thisTime);
    ASN1_GENERALIZEDTIME_free(nextTime);
    OCSP_REQUEST_free(request);
    ERR_clear_error();
    return der.isEmpty() ? statusOnly(OCSP_RESPONSE_STATUS_INTERNALERROR) : der;
}

QByteArray TestOcsp::responseFor(const CertificateInfo &certificate)
{
    const auto *p = reinterpret_cast<const unsigned char *>(certificate.der().constData());
    X509 *x509 = d2i_X509(nullptr, &p, certificate.der().size());
    QByteArray requestDer;
    {
        QMutexLocker lock(&m_mutex);
        OCSP_REQUEST *request = OCSP_REQUEST_new();
        OCSP_CERTID *id = x509 ? OCSP_cert_to_id(EVP_sha1(), x509, m_ca) : nullptr;
        if (request && id && OCSP_request_add0_id(request, id))
            requestDer = OpenSsl::toDer(i2d_OCSP_REQUEST, request);
        OCSP_REQUEST_free(request);
    }
    X509_free(x509);
    const QByteArray response = respond(requestDer);
    QMutexLocker lock(&m_mutex);
    --m_requests; // not a request from the code under test
    return response;
}

} // namespace dms
