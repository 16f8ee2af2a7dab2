// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <memory>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/ts.h>
#include <openssl/x509.h>

namespace dms {

/** Owning handles for the OpenSSL objects of the signing module, and the one place
 *  that turns OpenSSL's error queue into an Error detail. */
namespace OpenSsl {

template<class T, void (*Free)(T *)>
struct Deleter
{
    void operator()(T *p) const { Free(p); }
};

using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using CmsPtr = std::unique_ptr<CMS_ContentInfo, Deleter<CMS_ContentInfo, CMS_ContentInfo_free>>;
using Pkcs12Ptr = std::unique_ptr<PKCS12, Deleter<PKCS12, PKCS12_free>>;
using Pkcs7Ptr = std::unique_ptr<PKCS7, Deleter<PKCS7, PKCS7_free>>;
using TsReqPtr = std::unique_ptr<TS_REQ, Deleter<TS_REQ, TS_REQ_free>>;
using TsRespPtr = std::unique_ptr<TS_RESP, Deleter<TS_RESP, TS_RESP_free>>;
using TsMsgImprintPtr = std::unique_ptr<TS_MSG_IMPRINT, Deleter<TS_MSG_IMPRINT, TS_MSG_IMPRINT_free>>;
using TsTstInfoPtr = std::unique_ptr<TS_TST_INFO, Deleter<TS_TST_INFO, TS_TST_INFO_free>>;
using TsVerifyCtxPtr = std::unique_ptr<TS_VERIFY_CTX, Deleter<TS_VERIFY_CTX, TS_VERIFY_CTX_free>>;
using AsnIntegerPtr = std::unique_ptr<ASN1_INTEGER, Deleter<ASN1_INTEGER, ASN1_INTEGER_free>>;
using AsnTimePtr = std::unique_ptr<ASN1_TIME, Deleter<ASN1_TIME, ASN1_TIME_free>>;

/** Takes every entry off this thread's OpenSSL error queue as one line of text
 *  (for Error::detail), prefixed by @p context; the queue is empty afterwards. */
QString takeErrors(const QString &context);

/** The DER of an object through its i2d function; empty on failure. */
template<class T>
QByteArray toDer(int (*i2d)(const T *, unsigned char **), const T *object)
{
    const int length = i2d(object, nullptr);
    if (length <= 0)
        return {};
    QByteArray der(length, Qt::Uninitialized);
    auto *p = reinterpret_cast<unsigned char *>(der.data());
    if (i2d(object, &p) != length)
        return {};
    return der;
}

/** The bytes of an ASN1_STRING (OCTET STRING, BIT STRING contents, ...). */
QByteArray bytes(const ASN1_STRING *string);

/** SHA-256, fetched from the default provider once per process (an implicit fetch
 *  through EVP_sha256() takes locks on every use); never null after startup. */
const EVP_MD *sha256Algorithm();
/** SHA-256 of @p data with OpenSSL (assembly, SHA-NI), several times as fast as
 *  QCryptographicHash; empty only when OpenSSL fails. */
QByteArray sha256(QByteArrayView data);

} // namespace OpenSsl

} // namespace dms
