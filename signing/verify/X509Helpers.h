// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "signing/CertificateInfo.h"
#include "signing/OpenSsl.h"

#include <QDateTime>
#include <QList>

#include <openssl/x509_vfy.h>

/** OpenSSL glue shared by the verifiers in signing/verify (internal). */
namespace dms::X509Helpers {

using StorePtr = std::unique_ptr<X509_STORE, OpenSsl::Deleter<X509_STORE, X509_STORE_free>>;
using StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, OpenSsl::Deleter<X509_STORE_CTX, X509_STORE_CTX_free>>;

struct StackDeleter
{
    void operator()(STACK_OF(X509) * stack) const { sk_X509_pop_free(stack, X509_free); }
};
using X509StackPtr = std::unique_ptr<STACK_OF(X509), StackDeleter>;

/** A new reference to @p certificate's parsed form (decoded once, when it was read). */
inline OpenSsl::X509Ptr toX509(const CertificateInfo &certificate)
{
    X509 *x509 = certificate.x509();
    if (x509 && X509_up_ref(x509) == 1)
        return OpenSsl::X509Ptr(x509);
    return {};
}

/** The certificates as an owning stack (null ones skipped). */
inline X509StackPtr toStack(const QList<CertificateInfo> &certificates)
{
    X509StackPtr stack(sk_X509_new_null());
    for (const CertificateInfo &certificate : certificates) {
        if (OpenSsl::X509Ptr x509 = toX509(certificate);
            x509 && stack && sk_X509_push(stack.get(), x509.get()) > 0)
            x509.release();
    }
    return stack;
}

/** A store of @p anchors checking at @p time; intermediate anchors end a chain too,
 *  as Trusted Lists name issuing CAs rather than roots. */
inline StorePtr anchorStore(const QList<CertificateInfo> &anchors, const QDateTime &time)
{
    StorePtr store(X509_STORE_new());
    if (!store)
        return store;
    for (const CertificateInfo &anchor : anchors) {
        if (OpenSsl::X509Ptr x509 = toX509(anchor))
            X509_STORE_add_cert(store.get(), x509.get());
    }
    X509_VERIFY_PARAM *param = X509_STORE_get0_param(store.get());
    X509_VERIFY_PARAM_set_time(param, static_cast<time_t>(time.toSecsSinceEpoch()));
    X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
    return store;
}

inline QDateTime toDateTime(const ASN1_TIME *time)
{
    struct tm parts = {};
    if (!time || ASN1_TIME_to_tm(time, &parts) != 1)
        return {};
    return QDateTime(QDate(parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday),
                     QTime(parts.tm_hour, parts.tm_min, parts.tm_sec), Qt::UTC);
}

} // namespace dms::X509Helpers
