// SPDX-License-Identifier: GPL-3.0-or-later
#include "eservices/SignedAttachmentVerifier.h"

#include "core/Clock.h"
#include "core/Tr.h"
#ifdef DMS_HAVE_SIGNING
#include "signing/verify/CadesVerifier.h"
#include "signing/verify/SignatureReport.h"
#endif

#include <QBuffer>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>

namespace dms::server {

namespace {

struct BioFree
{
    void operator()(BIO *bio) const { BIO_free(bio); }
};
struct CmsFree
{
    void operator()(CMS_ContentInfo *cms) const { CMS_ContentInfo_free(cms); }
};

std::unique_ptr<BIO, BioFree> memoryBio(const QByteArray &data)
{
    return std::unique_ptr<BIO, BioFree>(BIO_new_mem_buf(data.constData(), int(data.size())));
}

/** DER, or PEM ("-----BEGIN PKCS7-----" / "CMS") as some tools write it. */
QByteArray derOf(const QByteArray &data)
{
    const QByteArray trimmed = data.trimmed();
    if (!trimmed.startsWith("-----BEGIN"))
        return data;
    QByteArray base64;
    for (const QByteArray &line : trimmed.split('\n')) {
        if (!line.startsWith("-----"))
            base64 += line.trimmed();
    }
    return QByteArray::fromBase64(base64);
}

std::unique_ptr<CMS_ContentInfo, CmsFree> readCms(const QByteArray &der)
{
    auto bio = memoryBio(der);
    if (!bio)
        return nullptr;
    return std::unique_ptr<CMS_ContentInfo, CmsFree>(d2i_CMS_bio(bio.get(), nullptr));
}

Status integrity(const ApplicationAttachment &attachment)
{
    ERR_clear_error();
    const auto cms = readCms(derOf(attachment.signature));
    if (!cms || OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The signature is not a CAdES (CMS) signature."));
    if (!CMS_is_detached(cms.get()))
        return makeError(ErrorCode::InvalidInput, Tr::tr("The signature must be detached from the file."));
    auto content = memoryBio(attachment.content);
    const int verified = CMS_verify(cms.get(), nullptr, nullptr, content.get(), nullptr,
                                    CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY);
    ERR_clear_error();
    if (verified != 1)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The signature does not match the file."));
    return {};
}

} // namespace

struct SignedAttachmentVerifier::Impl
{
#ifdef DMS_HAVE_SIGNING
    SystemClock clock;
    CadesVerifier cades {clock};
    bool hasAnchors = false;
#endif
};

SignedAttachmentVerifier::SignedAttachmentVerifier(const QString &trustAnchorsPem)
    : m_impl(std::make_unique<Impl>())
{
#ifdef DMS_HAVE_SIGNING
    if (!trustAnchorsPem.isEmpty())
        m_impl->hasAnchors = bool(m_impl->cades.loadTrustAnchorsPem(trustAnchorsPem));
#else
    Q_UNUSED(trustAnchorsPem)
#endif
}

SignedAttachmentVerifier::~SignedAttachmentVerifier() = default;

Status SignedAttachmentVerifier::verify(const ApplicationAttachment &attachment) const
{
    DMS_TRY(integrity(attachment));
#ifdef DMS_HAVE_SIGNING
    if (m_impl->hasAnchors) {
        QBuffer content;
        content.setData(attachment.content);
        content.open(QIODevice::ReadOnly);
        const SignatureReport report = m_impl->cades.verify(derOf(attachment.signature), content);
        if (report.indication == SignatureReport::Indication::TotalFailed)
            return makeError(ErrorCode::InvalidInput, Tr::tr("The signature is not valid."));
    }
#endif
    return {};
}

} // namespace dms::server
