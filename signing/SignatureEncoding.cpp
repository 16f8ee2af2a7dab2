// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/SignatureEncoding.h"

#include "core/Tr.h"
#include "signing/Der.h"

#include <openssl/bn.h>
#include <openssl/ecdsa.h>

namespace dms::SignatureEncoding {

namespace {

Error invalid(const QString &detail)
{
    return makeError(ErrorCode::InvalidInput, Tr::tr("The signature value is malformed."), detail);
}

} // namespace

Result<QByteArray> sha256DigestInfo(const QByteArray &digest)
{
    if (digest.size() != 32)
        return makeError(ErrorCode::InvalidInput, Tr::tr("A SHA-256 digest has 32 bytes."),
                         QStringLiteral("digest of %1 bytes").arg(digest.size()));
    // SEQUENCE { SEQUENCE { OID 2.16.840.1.101.3.4.2.1, NULL }, OCTET STRING (32) }
    static const char prefix[]
        = "\x30\x31\x30\x0d\x06\x09\x60\x86\x48\x01\x65\x03\x04\x02\x01\x05\x00\x04\x20";
    QByteArray digestInfo(prefix, sizeof prefix - 1);
    digestInfo.append(digest);
    return digestInfo;
}

Result<QByteArray> digestInfo(DigestAlgorithm algorithm, const QByteArray &digest)
{
    if (algorithm == DigestAlgorithm::Sha256)
        return sha256DigestInfo(digest);
    if (digest.size() != 20)
        return makeError(ErrorCode::InvalidInput, Tr::tr("A SHA-1 digest has 20 bytes."),
                         QStringLiteral("digest of %1 bytes").arg(digest.size()));
    // SEQUENCE { SEQUENCE { OID 1.3.14.3.2.26, NULL }, OCTET STRING (20) }
    static const char prefix[] = "\x30\x21\x30\x09\x06\x05\x2b\x0e\x03\x02\x1a\x05\x00\x04\x14";
    QByteArray info(prefix, sizeof prefix - 1);
    info.append(digest);
    return info;
}

Result<QByteArray> ecdsaRawToDer(const QByteArray &raw)
{
    if (raw.isEmpty() || raw.size() % 2 != 0)
        return invalid(QStringLiteral("raw ECDSA signature of %1 bytes").arg(raw.size()));
    // Written directly: BIGNUMs and i2d_ECDSA_SIG cost more than the rest of a CAdES
    // signature's encoding.
    const QByteArrayView r = QByteArrayView(raw).first(raw.size() / 2);
    const QByteArrayView s = QByteArrayView(raw).sliced(raw.size() / 2);
    const qsizetype content = Der::unsignedIntegerSize(r) + Der::unsignedIntegerSize(s);
    QByteArray der(Der::tlvSize(content), Qt::Uninitialized);
    char *out = Der::writeHeader(der.data(), 0x30, content);
    out = Der::writeUnsignedInteger(out, r);
    Der::writeUnsignedInteger(out, s);
    return der;
}

Result<QByteArray> ecdsaDerToRaw(const QByteArray &der, int componentBytes)
{
    const auto *p = reinterpret_cast<const unsigned char *>(der.constData());
    ECDSA_SIG *sig = d2i_ECDSA_SIG(nullptr, &p, der.size());
    if (!sig || p != reinterpret_cast<const unsigned char *>(der.constData()) + der.size()) {
        ECDSA_SIG_free(sig);
        return invalid(QStringLiteral("not a DER ECDSA-Sig-Value"));
    }
    QByteArray raw(2 * componentBytes, '\0');
    auto *out = reinterpret_cast<unsigned char *>(raw.data());
    const bool fits = BN_bn2binpad(ECDSA_SIG_get0_r(sig), out, componentBytes) == componentBytes
        && BN_bn2binpad(ECDSA_SIG_get0_s(sig), out + componentBytes, componentBytes) == componentBytes;
    ECDSA_SIG_free(sig);
    if (!fits)
        return invalid(QStringLiteral("ECDSA component longer than %1 bytes").arg(componentBytes));
    return raw;
}

} // namespace dms::SignatureEncoding
