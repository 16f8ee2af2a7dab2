// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QFlags>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <openssl/types.h>

namespace dms {

/** What a signer needs to know about an X.509 certificate, parsed once from its DER.
 *  Plain value type; the subject's personal number (ЕГН) is personal data and must
 *  never reach logs or error details. */
class CertificateInfo
{
public:
    /** The keyUsage bits (RFC 5280 4.2.1.3) that matter to us. */
    enum KeyUsageFlag {
        DigitalSignature = 0x01,
        NonRepudiation = 0x02,
        KeyEncipherment = 0x04,
        DataEncipherment = 0x08,
        KeyAgreement = 0x10,
        KeyCertSign = 0x20,
        CrlSign = 0x40,
    };
    Q_DECLARE_FLAGS(KeyUsage, KeyUsageFlag)

    enum class KeyType { Unknown, Rsa, EcP256, EcOther };

    CertificateInfo() = default;

    /** Parses a DER certificate; InvalidInput when it is not one. */
    [[nodiscard]] static Result<CertificateInfo> fromDer(const QByteArray &der);
    /** Reads an already parsed certificate (one of a CMS, a PEM file...), taking a new
     *  reference to it instead of decoding its DER again; InvalidInput when it has none. */
    [[nodiscard]] static Result<CertificateInfo> fromX509(X509 *certificate);
    /** The certificates of PEM text, in order, up to the first block that is not a
     *  certificate (so text with none gives an empty list); InvalidInput when a
     *  decoded certificate is not one fromDer() accepts. */
    [[nodiscard]] static Result<QList<CertificateInfo>> listFromPem(const QByteArray &pem);
    /** The trust anchors of a PEM file: InvalidInput, with a message for the user,
     *  when the file cannot be read or holds no certificate. */
    [[nodiscard]] static Result<QList<CertificateInfo>> trustAnchorsFromPemFile(const QString &path);

    bool isNull() const { return m_der.isEmpty(); }
    const QByteArray &der() const { return m_der; }
    /** The parsed certificate, shared by all copies of this value (null for a null
     *  one), so that verification never decodes the same DER twice. Treat it as
     *  const: OpenSSL reads it from several threads safely. */
    X509 *x509() const { return m_x509.get(); }
    /** SHA-256 of the DER, the identity used by ESS signing-certificate-v2. */
    QByteArray sha256Fingerprint() const;

    /** RFC 2253 strings, UTF-8 kept as is (Cyrillic names readable). */
    QString subject() const { return m_subject; }
    QString issuer() const { return m_issuer; }
    QString commonName() const { return m_commonName; }
    QString issuerCommonName() const { return m_issuerCommonName; }
    /** Certificate serial number, upper-case hex without separators. */
    QString serialNumber() const { return m_serialNumber; }

    QDateTime notBefore() const { return m_notBefore; }
    QDateTime notAfter() const { return m_notAfter; }
    bool isValidAt(const QDateTime &time) const;

    /** Empty when the certificate has no keyUsage extension. */
    KeyUsage keyUsage() const { return m_keyUsage; }
    bool hasKeyUsageExtension() const { return m_hasKeyUsageExtension; }
    /** The explicit nonRepudiation (contentCommitment) bit: required for qualified signing. */
    bool hasNonRepudiation() const { return m_hasKeyUsageExtension && m_keyUsage.testFlag(NonRepudiation); }

    /** The QcStatements extension (ETSI EN 319 412-5) and the statement OIDs in it. */
    bool hasQcStatements() const { return m_hasQcStatements; }
    QStringList qcStatementIds() const { return m_qcStatementIds; }
    /** QcCompliance (0.4.0.1862.1.1) is declared. */
    bool isQcCompliant() const;
    /** QcSSCD (0.4.0.1862.1.4): the key is held in a qualified signature creation device. */
    bool isQcSscd() const;

    /** The subject's serialNumber attribute, e.g. "PNOBG-7501010010" (ETSI EN 319 412-1). */
    QString subjectSerialNumber() const { return m_subjectSerialNumber; }
    /** The ЕГН from a "PNOBG-" subject serialNumber; empty otherwise. Personal data. */
    QString personalNumber() const;
    /** The subject's organizationIdentifier, e.g. "NTRBG-000000001". */
    QString organizationIdentifier() const { return m_organizationIdentifier; }
    /** The ЕИК from an "NTRBG-" organizationIdentifier; empty otherwise. */
    QString eik() const;

    KeyType keyType() const { return m_keyType; }
    int keyBits() const { return m_keyBits; }

private:
    static CertificateInfo fromParsed(std::shared_ptr<X509> x509, const QByteArray &der);

    QByteArray m_der;
    std::shared_ptr<X509> m_x509;
    QString m_subject;
    QString m_issuer;
    QString m_commonName;
    QString m_issuerCommonName;
    QString m_serialNumber;
    QDateTime m_notBefore;
    QDateTime m_notAfter;
    KeyUsage m_keyUsage;
    bool m_hasKeyUsageExtension = false;
    bool m_hasQcStatements = false;
    QStringList m_qcStatementIds;
    QString m_subjectSerialNumber;
    QString m_organizationIdentifier;
    KeyType m_keyType = KeyType::Unknown;
    int m_keyBits = 0;
};

Q_DECLARE_OPERATORS_FOR_FLAGS(CertificateInfo::KeyUsage)

} // namespace dms
