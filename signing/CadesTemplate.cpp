// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/CadesTemplate.h"

#include "core/Tr.h"
#include "signing/Der.h"
#include "signing/OpenSsl.h"

#include <algorithm>
#include <array>
#include <openssl/err.h>
#include <openssl/ess.h>

namespace dms {

namespace {

// DER of the fixed identifiers (RFC 5652, RFC 5035, RFC 5754, RFC 8017).
constexpr char s_signedDataOid[] = "\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x02";
constexpr char s_dataOid[] = "\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x01";
constexpr char s_contentTypeOid[] = "\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x09\x03";
constexpr char s_messageDigestOid[] = "\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x09\x04";
constexpr char s_signingTimeOid[] = "\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x09\x05";
constexpr char s_signingCertificateV2Oid[] = "\x06\x0b\x2a\x86\x48\x86\xf7\x0d\x01\x09\x10\x02\x2f";
// As OpenSSL writes them: SHA-256 without parameters, rsaEncryption with NULL,
// ecdsa-with-SHA256 without parameters.
constexpr char s_sha256Algorithm[] = "\x30\x0b\x06\x09\x60\x86\x48\x01\x65\x03\x04\x02\x01";
constexpr char s_rsaAlgorithm[] = "\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01\x05\x00";
constexpr char s_ecdsaSha256Algorithm[] = "\x30\x0a\x06\x08\x2a\x86\x48\xce\x3d\x04\x03\x02";
constexpr char s_version1[] = "\x02\x01\x01";

template<std::size_t N>
constexpr QByteArrayView literal(const char (&bytes)[N])
{
    return QByteArrayView(bytes, N - 1);
}

Error internal(const QString &context)
{
    return makeError(ErrorCode::Internal, Tr::tr("The CAdES signature could not be built."),
                     OpenSsl::takeErrors(context));
}

/** Attribute ::= SEQUENCE { attrType OID, attrValues SET OF value } with one value. */
QByteArray attribute(QByteArrayView oid, QByteArrayView valueDer)
{
    const qsizetype valuesSize = Der::tlvSize(valueDer.size());
    QByteArray out;
    out.reserve(Der::tlvSize(oid.size() + valuesSize));
    Der::appendHeader(out, 0x30, oid.size() + valuesSize);
    out.append(oid);
    Der::appendHeader(out, 0x31, valueDer.size());
    out.append(valueDer);
    return out;
}

/** Writes the @p count last decimal digits of @p value as ASCII at @p out. */
char *writeDigits(char *out, qint64 value, int count)
{
    for (int i = count - 1; i >= 0; --i, value /= 10)
        out[i] = static_cast<char>('0' + value % 10);
    return out + count;
}

/** Writes signingTime's value at @p out as ASN1_TIME_set writes it (UTCTime from 1950
 *  to 2049, else GeneralizedTime; whole seconds, UTC) and returns the position after
 *  it. Civil date from days after Howard Hinnant's algorithm: gmtime_r takes glibc's
 *  time zone lock on every call. */
char *writeTime(char *out, const QDateTime &time)
{
    const qint64 seconds = time.toSecsSinceEpoch();
    const qint64 days = (seconds >= 0 ? seconds : seconds - 86399) / 86400;
    const qint64 secondOfDay = seconds - days * 86400;
    const qint64 shifted = days + 719468;
    const qint64 era = (shifted >= 0 ? shifted : shifted - 146096) / 146097;
    const qint64 dayOfEra = shifted - era * 146097;
    const qint64 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 monthIndex = (5 * dayOfYear + 2) / 153;
    const qint64 day = dayOfYear - (153 * monthIndex + 2) / 5 + 1;
    const qint64 month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
    const qint64 year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    const bool utcTime = year >= 1950 && year < 2050;
    out = Der::writeHeader(out, utcTime ? 0x17 : 0x18, utcTime ? 13 : 15);
    out = utcTime ? writeDigits(out, year % 100, 2) : writeDigits(out, year, 4);
    out = writeDigits(out, month, 2);
    out = writeDigits(out, day, 2);
    out = writeDigits(out, secondOfDay / 3600, 2);
    out = writeDigits(out, secondOfDay / 60 % 60, 2);
    out = writeDigits(out, secondOfDay % 60, 2);
    *out++ = 'Z';
    return out;
}

/** The length of the header of the TLV with @p tag at @p offset of @p der, its content
 *  size in @p contentSize; 0 when malformed, not minimal or not ending within @p der. */
qsizetype headerAt(QByteArrayView der, qsizetype offset, quint8 tag, qsizetype &contentSize)
{
    if (offset + 2 > der.size() || static_cast<quint8>(der.at(offset)) != tag)
        return 0;
    const auto first = static_cast<quint8>(der.at(offset + 1));
    qsizetype header = 2;
    contentSize = first;
    if (first >= 0x80) {
        const int octets = first & 0x7f;
        if (octets < 1 || octets > 3 || offset + 2 + octets > der.size() || der.at(offset + 2) == '\0')
            return 0;
        contentSize = 0;
        for (int i = 0; i < octets; ++i)
            contentSize = (contentSize << 8) | static_cast<quint8>(der.at(offset + 2 + i));
        if (contentSize < 0x80)
            return 0;
        header += octets;
    }
    return offset + header + contentSize <= der.size() ? header : 0;
}

/** The signer's certificate, then those of @p chain that are neither null nor repeated. */
QList<QByteArray> embeddedCertificates(const CertificateInfo &signer, const QList<CertificateInfo> &chain)
{
    QList<QByteArray> ders {signer.der()};
    for (const CertificateInfo &extra : chain) {
        if (!extra.isNull() && !ders.contains(extra.der()))
            ders.append(extra.der());
    }
    return ders;
}

} // namespace

Result<CadesTemplate> CadesTemplate::create(const CertificateInfo &signer,
                                            const QList<CertificateInfo> &chain)
{
    CadesTemplate t;
    t.m_keyType = signer.keyType();
    if (t.m_keyType == CertificateInfo::KeyType::Unknown || !signer.x509())
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The certificate's key type is not supported for signing."),
                         QStringLiteral("CAdES template: key neither RSA nor EC"));
    const bool rsa = t.m_keyType == CertificateInfo::KeyType::Rsa;
    ERR_clear_error();
    const EVP_PKEY *publicKey = X509_get0_pubkey(signer.x509());
    t.m_keyBytes
        = publicKey ? (rsa ? EVP_PKEY_get_size(publicKey) : (EVP_PKEY_get_bits(publicKey) + 7) / 8) : 0;
    if (t.m_keyBytes <= 0)
        return internal(QStringLiteral("CAdES template: public key"));

    // certificates [0] IMPLICIT SET OF, each as issued, in DER's SET OF order.
    t.m_certificateDers = embeddedCertificates(signer, chain);
    QList<QByteArray> sorted = t.m_certificateDers;
    std::sort(sorted.begin(), sorted.end(),
              [](const QByteArray &a, const QByteArray &b) { return Der::setOfLess(a, b); });
    const QByteArray certificates = sorted.join();

    t.m_signedDataHead.append(literal(s_version1));
    t.m_signedDataHead.append(Der::tlv(0x31, literal(s_sha256Algorithm)));
    t.m_signedDataHead.append(Der::tlv(0x30, literal(s_dataOid)));
    t.m_signedDataHead.append(Der::tlv(0xa0, certificates));

    // sid: IssuerAndSerialNumber, the issuer name and serial as encoded in the certificate.
    const QByteArray issuer = OpenSsl::toDer(i2d_X509_NAME, X509_get_issuer_name(signer.x509()));
    const QByteArray serial = OpenSsl::toDer(i2d_ASN1_INTEGER, X509_get0_serialNumber(signer.x509()));
    if (issuer.isEmpty() || serial.isEmpty())
        return internal(QStringLiteral("CAdES template: issuer and serial"));
    t.m_signerInfoHead.append(literal(s_version1));
    t.m_signerInfoHead.append(Der::tlv(0x30, QByteArray(issuer + serial)));
    t.m_signerInfoHead.append(literal(s_sha256Algorithm));
    t.m_signatureAlgorithm = (rsa ? literal(s_rsaAlgorithm) : literal(s_ecdsaSha256Algorithm)).toByteArray();

    // SigningCertificateV2 (RFC 5035): the certificate's SHA-256 and issuer/serial, as
    // CMS_CADES would write it.
    ESS_SIGNING_CERT_V2 *essValue
        = OSSL_ESS_signing_cert_v2_new_init(EVP_sha256(), signer.x509(), nullptr, 1);
    const QByteArray ess = essValue ? OpenSsl::toDer(i2d_ESS_SIGNING_CERT_V2, essValue) : QByteArray();
    ESS_SIGNING_CERT_V2_free(essValue);
    if (ess.isEmpty())
        return internal(QStringLiteral("CAdES template: signing-certificate-v2"));
    t.m_signingCertificateAttribute = attribute(literal(s_signingCertificateV2Oid), ess);
    t.m_contentTypeAttribute = attribute(literal(s_contentTypeOid), literal(s_dataOid));
    return t;
}

bool CadesTemplate::matches(const CertificateInfo &signer, const QList<CertificateInfo> &chain) const
{
    return m_certificateDers == embeddedCertificates(signer, chain);
}

QByteArray CadesTemplate::signedAttributes(const QByteArray &sha256, const QDateTime &signingTime) const
{
    if (sha256.size() != 32)
        return {};
    // The two attributes that change are written on the stack; one allocation in all.
    char digestBuffer[64];
    char *end = Der::writeHeader(
        digestBuffer, 0x30, literal(s_messageDigestOid).size() + Der::tlvSize(Der::tlvSize(sha256.size())));
    end = Der::write(end, literal(s_messageDigestOid));
    end = Der::writeHeader(end, 0x31, Der::tlvSize(sha256.size()));
    end = Der::writeHeader(end, 0x04, sha256.size());
    const QByteArrayView messageDigest(digestBuffer, Der::write(end, sha256) - digestBuffer);

    char timeBuffer[48];
    QByteArrayView time;
    if (!signingTime.isNull()) {
        char value[24];
        const QByteArrayView valueDer(value, writeTime(value, signingTime) - value);
        end = Der::writeHeader(timeBuffer, 0x30,
                               literal(s_signingTimeOid).size() + Der::tlvSize(valueDer.size()));
        end = Der::write(end, literal(s_signingTimeOid));
        end = Der::writeHeader(end, 0x31, valueDer.size());
        time = QByteArrayView(timeBuffer, Der::write(end, valueDer) - timeBuffer);
    }

    std::array<QByteArrayView, 4> attributes {QByteArrayView(m_contentTypeAttribute), messageDigest,
                                              QByteArrayView(m_signingCertificateAttribute), time};
    const auto last = attributes.begin() + (time.isEmpty() ? 3 : 4);
    std::sort(attributes.begin(), last, Der::setOfLess);
    qsizetype size = 0;
    for (auto it = attributes.begin(); it != last; ++it)
        size += it->size();
    QByteArray out(Der::tlvSize(size), Qt::Uninitialized);
    char *p = Der::writeHeader(out.data(), 0x31, size);
    for (auto it = attributes.begin(); it != last; ++it)
        p = Der::write(p, *it);
    return out;
}

bool CadesTemplate::isPlausibleSignature(const QByteArray &signatureValue) const
{
    if (m_keyType == CertificateInfo::KeyType::Rsa)
        return signatureValue.size() == m_keyBytes;
    // SEQUENCE { INTEGER r, INTEGER s }, each at most the order's length and a sign octet.
    qsizetype size = 0;
    const qsizetype header = headerAt(signatureValue, 0, 0x30, size);
    if (header == 0 || header + size != signatureValue.size())
        return false;
    qsizetype offset = header;
    for (int i = 0; i < 2; ++i) {
        qsizetype integerSize = 0;
        const qsizetype integerHeader = headerAt(signatureValue, offset, 0x02, integerSize);
        if (integerHeader == 0 || integerSize < 1 || integerSize > m_keyBytes + 1)
            return false;
        // One octet more than the order only for the sign octet of a high first byte.
        if (integerSize == m_keyBytes + 1
            && (signatureValue.at(offset + integerHeader) != '\0'
                || (static_cast<quint8>(signatureValue.at(offset + integerHeader + 1)) & 0x80) == 0))
            return false;
        offset += integerHeader + integerSize;
    }
    return offset == signatureValue.size();
}

Result<QByteArray> CadesTemplate::signedData(const QByteArray &signedAttributes,
                                             const QByteArray &signatureValue) const
{
    if (!isPlausibleSignature(signatureValue))
        return makeError(ErrorCode::InvalidInput, Tr::tr("The signature value is malformed."),
                         QStringLiteral("signature value of %1 bytes does not fit the %2-byte key")
                             .arg(signatureValue.size())
                             .arg(m_keyBytes));
    // The signed attributes go in as [0] IMPLICIT instead of SET.
    qsizetype attributesSize = 0;
    const qsizetype attributesHeader = headerAt(signedAttributes, 0, 0x31, attributesSize);
    if (attributesHeader == 0 || attributesHeader + attributesSize != signedAttributes.size())
        return makeError(ErrorCode::Internal, Tr::tr("The CAdES signature could not be built."),
                         QStringLiteral("signed attributes are not one DER SET"));
    const QByteArrayView attributes = QByteArrayView(signedAttributes).sliced(attributesHeader);

    const qsizetype signerInfoSize = m_signerInfoHead.size() + Der::tlvSize(attributes.size())
        + m_signatureAlgorithm.size() + Der::tlvSize(signatureValue.size());
    const qsizetype signerInfosSize = Der::tlvSize(signerInfoSize);
    const qsizetype signedDataSize = m_signedDataHead.size() + Der::tlvSize(signerInfosSize);
    const qsizetype explicitSize = Der::tlvSize(signedDataSize);
    const qsizetype contentInfoSize = literal(s_signedDataOid).size() + Der::tlvSize(explicitSize);

    QByteArray out(Der::tlvSize(contentInfoSize), Qt::Uninitialized);
    char *p = Der::writeHeader(out.data(), 0x30, contentInfoSize);
    p = Der::write(p, literal(s_signedDataOid));
    p = Der::writeHeader(p, 0xa0, explicitSize);
    p = Der::writeHeader(p, 0x30, signedDataSize);
    p = Der::write(p, m_signedDataHead);
    p = Der::writeHeader(p, 0x31, signerInfosSize);
    p = Der::writeHeader(p, 0x30, signerInfoSize);
    p = Der::write(p, m_signerInfoHead);
    p = Der::writeHeader(p, 0xa0, attributes.size());
    p = Der::write(p, attributes);
    p = Der::write(p, m_signatureAlgorithm);
    p = Der::writeHeader(p, 0x04, signatureValue.size());
    p = Der::write(p, signatureValue);
    Q_ASSERT(p == out.constData() + out.size());
    return out;
}

} // namespace dms
