// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/CadesInspector.h"

#include "core/Tr.h"
#include "signing/OpenSsl.h"

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/objects.h>
#include <openssl/ts.h>

namespace dms {

namespace {

Error malformed(const QString &message, const QString &context)
{
    return makeError(ErrorCode::InvalidInput, message, OpenSsl::takeErrors(context));
}

Error notCms(const QString &context)
{
    return malformed(Tr::tr("The file is not a valid CAdES signature (CMS SignedData)."), context);
}

QString oidText(const ASN1_OBJECT *object)
{
    if (!object)
        return {};
    char buffer[128];
    const int length = OBJ_obj2txt(buffer, sizeof buffer, object, 1);
    return length > 0 ? QString::fromLatin1(buffer, qMin<int>(length, sizeof buffer - 1)) : QString();
}

QDateTime toDateTime(const ASN1_TIME *time)
{
    struct tm parts = {};
    if (!time || ASN1_TIME_to_tm(time, &parts) != 1)
        return {};
    return QDateTime(QDate(parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday),
                     QTime(parts.tm_hour, parts.tm_min, parts.tm_sec), Qt::UTC);
}

/** The single value of an attribute, if it has exactly one of type @p type. */
const ASN1_TYPE *singleValue(X509_ATTRIBUTE *attribute, int type)
{
    if (!attribute || X509_ATTRIBUTE_count(attribute) != 1)
        return nullptr;
    const ASN1_TYPE *value = X509_ATTRIBUTE_get0_type(attribute, 0);
    return value && value->type == type ? value : nullptr;
}

Status readTimestamp(X509_ATTRIBUTE *attribute, CadesSignatureInfo &info)
{
    const ASN1_TYPE *value = singleValue(attribute, V_ASN1_SEQUENCE);
    if (!value)
        return malformed(Tr::tr("The signature's time-stamp is malformed."),
                         QStringLiteral("timeStampToken value"));
    info.timestampToken = OpenSsl::bytes(value->value.sequence);
    const auto *p = reinterpret_cast<const unsigned char *>(info.timestampToken.constData());
    OpenSsl::Pkcs7Ptr token(d2i_PKCS7(nullptr, &p, info.timestampToken.size()));
    OpenSsl::TsTstInfoPtr tstInfo(token ? PKCS7_to_TS_TST_INFO(token.get()) : nullptr);
    if (!tstInfo)
        return malformed(Tr::tr("The signature's time-stamp is malformed."), QStringLiteral("TSTInfo"));
    TS_MSG_IMPRINT *imprint = TS_TST_INFO_get_msg_imprint(tstInfo.get());
    info.timestampImprint = OpenSsl::bytes(TS_MSG_IMPRINT_get_msg(imprint));
    const ASN1_OBJECT *algorithm = nullptr;
    X509_ALGOR_get0(&algorithm, nullptr, nullptr, TS_MSG_IMPRINT_get_algo(imprint));
    info.timestampImprintAlgorithm = oidText(algorithm);
    info.timestampTime = toDateTime(TS_TST_INFO_get_time(tstInfo.get()));
    return {};
}

} // namespace

Result<std::shared_ptr<CMS_ContentInfo>> CadesInspector::parse(const QByteArray &p7s)
{
    ERR_clear_error();
    const auto *begin = reinterpret_cast<const unsigned char *>(p7s.constData());
    const unsigned char *p = begin;
    std::shared_ptr<CMS_ContentInfo> cms(d2i_CMS_ContentInfo(nullptr, &p, p7s.size()), CMS_ContentInfo_free);
    if (!cms)
        return notCms(QStringLiteral("d2i_CMS_ContentInfo of %1 bytes").arg(p7s.size()));
    if (p != begin + p7s.size())
        return notCms(QStringLiteral("%1 bytes after the CMS structure").arg(p7s.size() - (p - begin)));
    if (OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed)
        return notCms(QStringLiteral("content type %1").arg(oidText(CMS_get0_type(cms.get()))));
    return cms;
}

Result<CadesSignatureInfo> CadesInspector::inspect(const QByteArray &p7s)
{
    auto cms = parse(p7s);
    if (!cms)
        return cms.error();
    return inspect(cms->get());
}

Result<CadesSignatureInfo> CadesInspector::inspect(CMS_ContentInfo *cms)
{
    ERR_clear_error();
    CadesSignatureInfo info;
    ASN1_OCTET_STRING **content = CMS_get0_content(cms);
    info.isDetached = !content || !*content;

    STACK_OF(CMS_SignerInfo) *signerInfos = CMS_get0_SignerInfos(cms);
    if (sk_CMS_SignerInfo_num(signerInfos) != 1)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The signature file must hold exactly one signature."),
                         QStringLiteral("%1 SignerInfos").arg(sk_CMS_SignerInfo_num(signerInfos)));
    CMS_SignerInfo *signerInfo = sk_CMS_SignerInfo_value(signerInfos, 0);

    // Each embedded certificate is read from the CMS's parsed copy, not decoded again.
    STACK_OF(X509) *certificates = CMS_get1_certs(cms);
    QList<X509 *> parsed;
    for (int i = 0; i < sk_X509_num(certificates); ++i) {
        auto certificate = CertificateInfo::fromX509(sk_X509_value(certificates, i));
        if (certificate) {
            info.certificates.append(*certificate);
            parsed.append(sk_X509_value(certificates, i));
        }
    }
    sk_X509_pop_free(certificates, X509_free);

    // Finds the signer's certificate among the embedded ones by issuer+serial or SKI.
    CMS_set1_signers_certs(cms, nullptr, 0);
    X509 *signer = nullptr;
    X509_ALGOR *digestAlgorithm = nullptr;
    X509_ALGOR *signatureAlgorithm = nullptr;
    CMS_SignerInfo_get0_algs(signerInfo, nullptr, &signer, &digestAlgorithm, &signatureAlgorithm);
    if (!signer)
        return malformed(Tr::tr("The signature file does not contain the signer's certificate."),
                         QStringLiteral("signer certificate not embedded"));
    if (const qsizetype index = parsed.indexOf(signer); index >= 0) {
        info.signer = info.certificates.at(index);
    } else {
        auto signerInfoCertificate = CertificateInfo::fromX509(signer);
        if (!signerInfoCertificate)
            return signerInfoCertificate.error();
        info.signer = *signerInfoCertificate;
    }
    const ASN1_OBJECT *oid = nullptr;
    X509_ALGOR_get0(&oid, nullptr, nullptr, digestAlgorithm);
    info.digestAlgorithm = oidText(oid);
    X509_ALGOR_get0(&oid, nullptr, nullptr, signatureAlgorithm);
    info.signatureAlgorithm = oidText(oid);
    info.signatureValue = OpenSsl::bytes(CMS_SignerInfo_get0_signature(signerInfo));

    const int contentTypeIndex = CMS_signed_get_attr_by_NID(signerInfo, NID_pkcs9_contentType, -1);
    if (const ASN1_TYPE *value
        = singleValue(CMS_signed_get_attr(signerInfo, contentTypeIndex), V_ASN1_OBJECT))
        info.contentType = oidText(value->value.object);
    const int digestIndex = CMS_signed_get_attr_by_NID(signerInfo, NID_pkcs9_messageDigest, -1);
    if (const ASN1_TYPE *value
        = singleValue(CMS_signed_get_attr(signerInfo, digestIndex), V_ASN1_OCTET_STRING))
        info.messageDigest = OpenSsl::bytes(value->value.octet_string);
    const int timeIndex = CMS_signed_get_attr_by_NID(signerInfo, NID_pkcs9_signingTime, -1);
    if (X509_ATTRIBUTE *attribute = CMS_signed_get_attr(signerInfo, timeIndex)) {
        const ASN1_TYPE *value = singleValue(attribute, V_ASN1_UTCTIME);
        if (!value)
            value = singleValue(attribute, V_ASN1_GENERALIZEDTIME);
        if (value)
            info.signingTime = toDateTime(value->value.utctime);
    }

    const int essIndex = CMS_signed_get_attr_by_NID(signerInfo, NID_id_smime_aa_signingCertificateV2, -1);
    if (X509_ATTRIBUTE *attribute = CMS_signed_get_attr(signerInfo, essIndex)) {
        info.hasSigningCertificateV2 = true;
        if (const ASN1_TYPE *value = singleValue(attribute, V_ASN1_SEQUENCE)) {
            const QByteArray der = OpenSsl::bytes(value->value.sequence);
            const auto *q = reinterpret_cast<const unsigned char *>(der.constData());
            ESS_SIGNING_CERT_V2 *essCertificates = d2i_ESS_SIGNING_CERT_V2(nullptr, &q, der.size());
            STACK_OF(X509) *chain = sk_X509_new_null();
            if (essCertificates && chain && sk_X509_push(chain, signer) > 0)
                info.signingCertificateV2Matches
                    = OSSL_ESS_check_signing_certs(nullptr, essCertificates, chain, 1) == 1;
            sk_X509_free(chain); // the signer belongs to the CMS
            ESS_SIGNING_CERT_V2_free(essCertificates);
        }
    }

    const int timestampIndex = CMS_unsigned_get_attr_by_NID(signerInfo, NID_id_smime_aa_timeStampToken, -1);
    if (X509_ATTRIBUTE *attribute = CMS_unsigned_get_attr(signerInfo, timestampIndex))
        DMS_TRY(readTimestamp(attribute, info));
    ERR_clear_error();
    return info;
}

} // namespace dms
