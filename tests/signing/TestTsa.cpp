// SPDX-License-Identifier: GPL-3.0-or-later
#include "TestTsa.h"

#include "core/Tr.h"
#include "signing/OpenSsl.h"

#include <QFile>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ts.h>

namespace dms {

namespace {

OpenSsl::BioPtr fileBio(const QString &path)
{
    return OpenSsl::BioPtr(BIO_new_file(QFile::encodeName(path).constData(), "r"));
}

ASN1_INTEGER *nextSerial(TS_RESP_CTX *, void *data)
{
    auto *serial = static_cast<long *>(data);
    ASN1_INTEGER *number = ASN1_INTEGER_new();
    if (number)
        ASN1_INTEGER_set(number, ++*serial);
    return number;
}

} // namespace

TestTsa::~TestTsa()
{
    X509_free(m_certificate);
    EVP_PKEY_free(m_key);
    sk_X509_pop_free(m_chain, X509_free);
}

QString TestTsa::load(const QString &certificatePem, const QString &keyPem, const QString &chainPem)
{
    auto certificateBio = fileBio(certificatePem);
    auto keyBio = fileBio(keyPem);
    auto chainBio = fileBio(chainPem);
    if (!certificateBio || !keyBio || !chainBio)
        return QStringLiteral("cannot open the TSA files");
    m_certificate = PEM_read_bio_X509(certificateBio.get(), nullptr, nullptr, nullptr);
    m_key = PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr);
    m_chain = sk_X509_new_null();
    while (X509 *ca = PEM_read_bio_X509(chainBio.get(), nullptr, nullptr, nullptr))
        sk_X509_push(m_chain, ca);
    ERR_clear_error(); // the end of the chain file
    if (!m_certificate || !m_key || sk_X509_num(m_chain) == 0)
        return QStringLiteral("cannot read the TSA certificate, key or chain");
    return {};
}

Result<QByteArray> TestTsa::timestamp(const QByteArray &requestDer)
{
    ++m_requests;
    if (m_behaviour == Behaviour::Garbage)
        return QByteArray("\x30\x03\x02\x01", 4);
    if (m_behaviour == Behaviour::Reject) {
        TS_RESP *rejection = TS_RESP_new();
        TS_STATUS_INFO *status = TS_STATUS_INFO_new();
        QByteArray der;
        if (rejection && status && TS_STATUS_INFO_set_status(status, TS_STATUS_REJECTION) == 1
            && TS_RESP_set_status_info(rejection, status) == 1)
            der = OpenSsl::toDer(i2d_TS_RESP, rejection);
        TS_STATUS_INFO_free(status);
        TS_RESP_free(rejection);
        if (der.isEmpty())
            return makeError(ErrorCode::Internal, Tr::tr("Test TSA"),
                             OpenSsl::takeErrors(QStringLiteral("rejection")));
        return der;
    }
    QByteArray request = requestDer;
    if (m_behaviour == Behaviour::WrongImprint) {
        // The imprint is the first OCTET STRING of 32 bytes in the request: flip one byte.
        const qsizetype at = request.indexOf(QByteArray("\x04\x20", 2));
        if (at < 0)
            return makeError(ErrorCode::Internal, Tr::tr("Test TSA"), QStringLiteral("no imprint found"));
        request[at + 2] = static_cast<char>(request.at(at + 2) ^ 0x01);
    }
    TS_RESP_CTX *context = TS_RESP_CTX_new();
    OpenSsl::BioPtr in(BIO_new_mem_buf(request.constData(), static_cast<int>(request.size())));
    ASN1_OBJECT *policy = OBJ_txt2obj("2.999.1.2", 1);
    const bool ok = context && in && policy && TS_RESP_CTX_set_signer_cert(context, m_certificate) == 1
        && TS_RESP_CTX_set_signer_key(context, m_key) == 1
        && TS_RESP_CTX_set_signer_digest(context, EVP_sha256()) == 1
        && TS_RESP_CTX_set_ess_cert_id_digest(context, EVP_sha256()) == 1
        && TS_RESP_CTX_set_certs(context, m_chain) == 1 && TS_RESP_CTX_set_def_policy(context, policy) == 1
        && TS_RESP_CTX_add_md(context, EVP_sha256()) == 1;
    TS_RESP *response = nullptr;
    if (ok) {
        TS_RESP_CTX_set_serial_cb(context, nextSerial, &m_serial);
        response = TS_RESP_create_response(context, in.get());
    }
    const QByteArray der = response ? OpenSsl::toDer(i2d_TS_RESP, response) : QByteArray();
    TS_RESP_free(response);
    ASN1_OBJECT_free(policy);
    TS_RESP_CTX_free(context);
    if (der.isEmpty())
        return makeError(ErrorCode::Internal, Tr::tr("Test TSA"),
                         OpenSsl::takeErrors(QStringLiteral("TS_RESP")));
    return der;
}

} // namespace dms
