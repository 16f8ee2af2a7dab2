// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/verify/RevocationEvidence.h"

#include "signing/OpenSsl.h"

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <optional>

namespace dms {

namespace {

// DER of the OIDs id-signedData 1.2.840.113549.1.7.2 and id-ri-ocsp-response 1.3.6.1.5.5.7.16.2.
const QByteArray s_signedDataOid = QByteArray::fromHex("06092a864886f70d010702");
const QByteArray s_ocspResponseOid = QByteArray::fromHex("06082b06010505071002");
const char *const s_revocationArchivalOid = "1.2.840.113583.1.1.8";

constexpr unsigned char s_sequence = 0x30;
constexpr unsigned char s_context0 = 0xa0;
constexpr unsigned char s_context1 = 0xa1;

/** One DER TLV: its tag, where its contents are, and the whole element. */
struct Tlv
{
    unsigned char tag = 0;
    QByteArray whole;
    QByteArray contents;
};

/** Splits DER @p data into its top-level elements; nullopt on any malformation
 *  (indefinite lengths included). */
std::optional<QList<Tlv>> elements(const QByteArray &data)
{
    QList<Tlv> result;
    const auto *p = reinterpret_cast<const unsigned char *>(data.constData());
    const qsizetype size = data.size();
    qsizetype at = 0;
    while (at < size) {
        const qsizetype start = at;
        if (size - at < 2 || (p[at] & 0x1f) == 0x1f)
            return std::nullopt; // high tag numbers do not occur here
        const unsigned char tag = p[at++];
        qsizetype length = p[at++];
        if (length & 0x80) {
            const int count = length & 0x7f;
            if (count == 0 || count > 4 || size - at < count)
                return std::nullopt;
            length = 0;
            for (int i = 0; i < count; ++i)
                length = (length << 8) | p[at++];
        }
        if (length > size - at)
            return std::nullopt;
        result.append({tag, data.mid(start, at + length - start), data.mid(at, length)});
        at += length;
    }
    return result;
}

QByteArray encode(unsigned char tag, const QByteArray &contents)
{
    QByteArray out(1, static_cast<char>(tag));
    const qsizetype length = contents.size();
    if (length < 0x80) {
        out.append(static_cast<char>(length));
    } else {
        QByteArray bytes;
        for (qsizetype n = length; n > 0; n >>= 8)
            bytes.prepend(static_cast<char>(n & 0xff));
        out.append(static_cast<char>(0x80 | bytes.size()));
        out.append(bytes);
    }
    return out + contents;
}

/** The SignedData elements of a ContentInfo, or nullopt. */
std::optional<QList<Tlv>> signedDataFields(const QByteArray &cms)
{
    const auto top = elements(cms);
    if (!top || top->size() != 1 || top->at(0).tag != s_sequence)
        return std::nullopt;
    const auto contentInfo = elements(top->at(0).contents);
    if (!contentInfo || contentInfo->size() != 2 || contentInfo->at(0).whole != s_signedDataOid
        || contentInfo->at(1).tag != s_context0)
        return std::nullopt;
    const auto explicitContent = elements(contentInfo->at(1).contents);
    if (!explicitContent || explicitContent->size() != 1 || explicitContent->at(0).tag != s_sequence)
        return std::nullopt;
    return elements(explicitContent->at(0).contents);
}

/** Reads RevocationInfoChoices contents into @p evidence. */
void readRevocationChoices(const QByteArray &contents, RevocationEvidence &evidence)
{
    const auto choices = elements(contents);
    if (!choices)
        return;
    for (const Tlv &choice : *choices) {
        if (choice.tag == s_sequence) {
            evidence.crls.append(choice.whole);
        } else if (choice.tag == s_context1) { // other [1] IMPLICIT OtherRevocationInfoFormat
            const auto other = elements(choice.contents);
            if (other && other->size() == 2 && other->at(0).whole == s_ocspResponseOid)
                evidence.ocspResponses.append(other->at(1).whole);
        }
    }
}

/** RevocationInfoArchival ::= SEQUENCE { crl [0] EXPLICIT SEQUENCE OF CertificateList OPTIONAL,
 *  ocsp [1] EXPLICIT SEQUENCE OF OCSPResponse OPTIONAL, otherRevInfo [2] ... } */
void readRevocationArchival(const QByteArray &der, RevocationEvidence &evidence)
{
    const auto top = elements(der);
    if (!top || top->size() != 1 || top->at(0).tag != s_sequence)
        return;
    const auto fields = elements(top->at(0).contents);
    if (!fields)
        return;
    for (const Tlv &field : *fields) {
        if (field.tag != s_context0 && field.tag != s_context1)
            continue;
        const auto list = elements(field.contents);
        if (!list || list->size() != 1 || list->at(0).tag != s_sequence)
            continue;
        const auto items = elements(list->at(0).contents);
        if (!items)
            continue;
        for (const Tlv &item : *items)
            (field.tag == s_context0 ? evidence.crls : evidence.ocspResponses).append(item.whole);
    }
}

void readSignedAttributes(CMS_ContentInfo *contentInfo, RevocationEvidence &evidence)
{
    if (!contentInfo)
        return;
    STACK_OF(CMS_SignerInfo) *signerInfos = CMS_get0_SignerInfos(contentInfo);
    std::unique_ptr<ASN1_OBJECT, OpenSsl::Deleter<ASN1_OBJECT, ASN1_OBJECT_free>> oid(
        OBJ_txt2obj(s_revocationArchivalOid, 1));
    for (int i = 0; oid && i < sk_CMS_SignerInfo_num(signerInfos); ++i) {
        CMS_SignerInfo *signerInfo = sk_CMS_SignerInfo_value(signerInfos, i);
        const int index = CMS_signed_get_attr_by_OBJ(signerInfo, oid.get(), -1);
        X509_ATTRIBUTE *attribute = index >= 0 ? CMS_signed_get_attr(signerInfo, index) : nullptr;
        ASN1_TYPE *value = attribute ? X509_ATTRIBUTE_get0_type(attribute, 0) : nullptr;
        if (value && value->type == V_ASN1_SEQUENCE)
            readRevocationArchival(OpenSsl::toDer(i2d_ASN1_TYPE, value), evidence);
    }
}

} // namespace

void RevocationEvidence::append(const RevocationEvidence &other)
{
    ocspResponses.append(other.ocspResponses);
    crls.append(other.crls);
}

RevocationEvidence RevocationEvidence::fromCms(const QByteArray &cms)
{
    if (!signedDataFields(cms))
        return {};
    const auto *p = reinterpret_cast<const unsigned char *>(cms.constData());
    OpenSsl::CmsPtr contentInfo(d2i_CMS_ContentInfo(nullptr, &p, cms.size()));
    return fromCms(cms, contentInfo.get());
}

RevocationEvidence RevocationEvidence::fromCms(const QByteArray &cms, CMS_ContentInfo *parsed)
{
    RevocationEvidence evidence;
    if (const auto fields = signedDataFields(cms)) {
        for (const Tlv &field : *fields) {
            if (field.tag == s_context1)
                readRevocationChoices(field.contents, evidence);
        }
        readSignedAttributes(parsed, evidence);
    }
    ERR_clear_error();
    return evidence;
}

QByteArray RevocationEvidence::embedInCms(const QByteArray &cms, const RevocationEvidence &evidence)
{
    const auto fields = signedDataFields(cms);
    if (!fields || fields->size() < 4)
        return {};
    QByteArray choices;
    QByteArray before; // version, digestAlgorithms, encapContentInfo, certificates
    QByteArray after; // signerInfos
    for (qsizetype i = 0; i < fields->size(); ++i) {
        const Tlv &field = fields->at(i);
        if (field.tag == s_context1)
            choices = field.contents;
        else if (i == fields->size() - 1)
            after = field.whole;
        else
            before += field.whole;
    }
    for (const QByteArray &crl : evidence.crls)
        choices += crl;
    for (const QByteArray &response : evidence.ocspResponses)
        choices += encode(s_context1, s_ocspResponseOid + response);
    const QByteArray signedData = encode(s_sequence, before + encode(s_context1, choices) + after);
    return encode(s_sequence, s_signedDataOid + encode(s_context0, signedData));
}

} // namespace dms
