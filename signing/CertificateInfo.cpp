// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/CertificateInfo.h"

#include "core/Tr.h"
#include "signing/OpenSsl.h"

#include <QFile>

#include <memory>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace dms {

namespace {

const QString s_qcCompliance = QStringLiteral("0.4.0.1862.1.1");
const QString s_qcSscd = QStringLiteral("0.4.0.1862.1.4");

struct X509Deleter
{
    void operator()(X509 *x) const { X509_free(x); }
};
struct BioDeleter
{
    void operator()(BIO *b) const { BIO_free(b); }
};
struct AsnSequenceDeleter
{
    void operator()(ASN1_SEQUENCE_ANY *s) const { sk_ASN1_TYPE_pop_free(s, ASN1_TYPE_free); }
};
using AsnSequence = std::unique_ptr<ASN1_SEQUENCE_ANY, AsnSequenceDeleter>;

QString nameToString(const X509_NAME *name)
{
    std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_mem()));
    // Without ESC_MSB the UTF-8 of Cyrillic names is printed as is, not as \XX escapes.
    X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QString::fromUtf8(data, static_cast<qsizetype>(size));
}

QString nameEntry(const X509_NAME *name, int nid)
{
    const int index = X509_NAME_get_index_by_NID(name, nid, -1);
    if (index < 0)
        return {};
    unsigned char *utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index)));
    if (length < 0)
        return {};
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(utf8), length);
    OPENSSL_free(utf8);
    return text;
}

QDateTime toDateTime(const ASN1_TIME *time)
{
    struct tm parts = {};
    if (!time || ASN1_TIME_to_tm(time, &parts) != 1)
        return {};
    return QDateTime(QDate(parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday),
                     QTime(parts.tm_hour, parts.tm_min, parts.tm_sec), Qt::UTC);
}

QString objectId(const ASN1_OBJECT *object)
{
    char buffer[128];
    const int length = OBJ_obj2txt(buffer, sizeof buffer, object, 1);
    return length > 0 && length < static_cast<int>(sizeof buffer) ? QString::fromLatin1(buffer, length)
                                                                  : QString();
}

// QCStatements ::= SEQUENCE OF SEQUENCE { statementId OBJECT IDENTIFIER, statementInfo ANY OPTIONAL }
QStringList parseQcStatements(const ASN1_OCTET_STRING *value)
{
    QStringList ids;
    const unsigned char *p = ASN1_STRING_get0_data(value);
    AsnSequence statements(d2i_ASN1_SEQUENCE_ANY(nullptr, &p, ASN1_STRING_length(value)));
    if (!statements)
        return ids;
    for (int i = 0; i < sk_ASN1_TYPE_num(statements.get()); ++i) {
        const ASN1_TYPE *statement = sk_ASN1_TYPE_value(statements.get(), i);
        if (ASN1_TYPE_get(statement) != V_ASN1_SEQUENCE)
            continue;
        const ASN1_STRING *der = statement->value.sequence;
        const unsigned char *q = ASN1_STRING_get0_data(der);
        AsnSequence fields(d2i_ASN1_SEQUENCE_ANY(nullptr, &q, ASN1_STRING_length(der)));
        if (!fields || sk_ASN1_TYPE_num(fields.get()) < 1)
            continue;
        const ASN1_TYPE *id = sk_ASN1_TYPE_value(fields.get(), 0);
        if (ASN1_TYPE_get(id) == V_ASN1_OBJECT)
            ids.append(objectId(id->value.object));
    }
    return ids;
}

QString afterPrefix(const QString &value, QLatin1String prefix)
{
    return value.startsWith(prefix) ? value.mid(prefix.size()) : QString();
}

} // namespace

Result<CertificateInfo> CertificateInfo::fromDer(const QByteArray &der)
{
    const auto *p = reinterpret_cast<const unsigned char *>(der.constData());
    std::shared_ptr<X509> x509(d2i_X509(nullptr, &p, der.size()), X509Deleter());
    if (!x509 || p != reinterpret_cast<const unsigned char *>(der.constData()) + der.size())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The certificate cannot be read."),
                         QStringLiteral("d2i_X509 failed or trailing data"));
    return fromParsed(std::move(x509), der);
}

Result<CertificateInfo> CertificateInfo::fromX509(X509 *certificate)
{
    // i2d gives the encoding kept from parsing, not a new one.
    const QByteArray der = certificate ? OpenSsl::toDer(i2d_X509, certificate) : QByteArray();
    if (der.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The certificate cannot be read."),
                         QStringLiteral("i2d_X509 failed"));
    X509_up_ref(certificate);
    return fromParsed(std::shared_ptr<X509>(certificate, X509Deleter()), der);
}

CertificateInfo CertificateInfo::fromParsed(std::shared_ptr<X509> x509, const QByteArray &der)
{
    X509 *cert = x509.get();
    CertificateInfo info;
    info.m_der = der;
    info.m_x509 = std::move(x509);
    info.m_subject = nameToString(X509_get_subject_name(cert));
    info.m_issuer = nameToString(X509_get_issuer_name(cert));
    info.m_commonName = nameEntry(X509_get_subject_name(cert), NID_commonName);
    info.m_issuerCommonName = nameEntry(X509_get_issuer_name(cert), NID_commonName);
    info.m_subjectSerialNumber = nameEntry(X509_get_subject_name(cert), NID_serialNumber);
    info.m_organizationIdentifier = nameEntry(X509_get_subject_name(cert), NID_organizationIdentifier);

    if (BIGNUM *serial = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr)) {
        char *hex = BN_bn2hex(serial);
        info.m_serialNumber = QString::fromLatin1(hex);
        OPENSSL_free(hex);
        BN_free(serial);
    }
    info.m_notBefore = toDateTime(X509_get0_notBefore(cert));
    info.m_notAfter = toDateTime(X509_get0_notAfter(cert));

    const uint32_t usage = X509_get_key_usage(cert);
    info.m_hasKeyUsageExtension = (X509_get_extension_flags(cert) & EXFLAG_KUSAGE) != 0;
    if (info.m_hasKeyUsageExtension) {
        const std::pair<uint32_t, KeyUsageFlag> bits[] = {
            {KU_DIGITAL_SIGNATURE, DigitalSignature},
            {KU_NON_REPUDIATION, NonRepudiation},
            {KU_KEY_ENCIPHERMENT, KeyEncipherment},
            {KU_DATA_ENCIPHERMENT, DataEncipherment},
            {KU_KEY_AGREEMENT, KeyAgreement},
            {KU_KEY_CERT_SIGN, KeyCertSign},
            {KU_CRL_SIGN, CrlSign},
        };
        for (const auto &[openssl, flag] : bits) {
            if (usage & openssl)
                info.m_keyUsage |= flag;
        }
    }

    const int qcIndex = X509_get_ext_by_NID(cert, NID_qcStatements, -1);
    if (qcIndex >= 0) {
        info.m_hasQcStatements = true;
        info.m_qcStatementIds = parseQcStatements(X509_EXTENSION_get_data(X509_get_ext(cert, qcIndex)));
    }

    if (const EVP_PKEY *key = X509_get0_pubkey(cert)) {
        info.m_keyBits = EVP_PKEY_get_bits(key);
        if (EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA) {
            info.m_keyType = KeyType::Rsa;
        } else if (EVP_PKEY_get_base_id(key) == EVP_PKEY_EC) {
            char curve[64] = {};
            size_t length = 0;
            const bool named = EVP_PKEY_get_group_name(key, curve, sizeof curve, &length) == 1;
            info.m_keyType = named && qstrcmp(curve, "prime256v1") == 0 ? KeyType::EcP256 : KeyType::EcOther;
        }
    }
    return info;
}

QByteArray CertificateInfo::sha256Fingerprint() const
{
    return OpenSsl::sha256(m_der);
}

bool CertificateInfo::isValidAt(const QDateTime &time) const
{
    return m_notBefore.isValid() && m_notAfter.isValid() && time >= m_notBefore && time <= m_notAfter;
}

bool CertificateInfo::isQcCompliant() const
{
    return m_qcStatementIds.contains(s_qcCompliance);
}

bool CertificateInfo::isQcSscd() const
{
    return m_qcStatementIds.contains(s_qcSscd);
}

QString CertificateInfo::personalNumber() const
{
    return afterPrefix(m_subjectSerialNumber, QLatin1String("PNOBG-"));
}

QString CertificateInfo::eik() const
{
    return afterPrefix(m_organizationIdentifier, QLatin1String("NTRBG-"));
}

Result<QList<CertificateInfo>> CertificateInfo::listFromPem(const QByteArray &pem)
{
    OpenSsl::BioPtr bio(BIO_new_mem_buf(pem.constData(), static_cast<int>(pem.size())));
    QList<CertificateInfo> certificates;
    while (bio) {
        OpenSsl::X509Ptr x509(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
        if (!x509)
            break;
        auto certificate = fromX509(x509.get());
        if (!certificate)
            return certificate.error();
        certificates.append(*certificate);
    }
    ERR_clear_error(); // the end of the PEM data is reported as an error
    return certificates;
}

Result<QList<CertificateInfo>> CertificateInfo::trustAnchorsFromPemFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::InvalidInput, Tr::tr("The trusted certificates file cannot be read."),
                         QStringLiteral("%1: %2").arg(path, file.errorString()));
    auto anchors = listFromPem(file.readAll());
    if (!anchors)
        return anchors.error();
    if (anchors->isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The trusted certificates file holds no certificate."), path);
    return anchors;
}

} // namespace dms
