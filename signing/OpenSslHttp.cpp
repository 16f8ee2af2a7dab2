// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/OpenSslHttp.h"

#include "core/Tr.h"
#include "signing/OpenSsl.h"

#include <openssl/bioerr.h>
#include <openssl/err.h>
#include <openssl/http.h>
#include <openssl/httperr.h>

namespace dms {

namespace {

struct UrlParts
{
    char *host = nullptr;
    char *port = nullptr;
    char *path = nullptr;
    ~UrlParts()
    {
        OPENSSL_free(host);
        OPENSSL_free(port);
        OPENSSL_free(path);
    }
};

bool isTimeout(unsigned long error)
{
    const int library = ERR_GET_LIB(error);
    const int reason = ERR_GET_REASON(error);
    return (library == ERR_LIB_HTTP && reason == HTTP_R_RETRY_TIMEOUT)
        || (library == ERR_LIB_BIO && (reason == BIO_R_TRANSFER_TIMEOUT || reason == BIO_R_CONNECT_TIMEOUT));
}

bool isLoopback(const char *host)
{
    return qstrcmp(host, "127.0.0.1") == 0 || qstrcmp(host, "localhost") == 0 || qstrcmp(host, "::1") == 0
        || qstrcmp(host, "[::1]") == 0;
}

} // namespace

Result<QByteArray> OpenSslHttp::transfer(const QString &url, const QByteArray *body, const char *contentType,
                                         const char *expectedType, int timeoutSeconds,
                                         qsizetype maxResponseBytes)
{
    const QByteArray urlBytes = url.toUtf8();
    UrlParts parts;
    int useSsl = 0;
    if (!url.startsWith(QLatin1String("http://"), Qt::CaseInsensitive)
        || OSSL_HTTP_parse_url(urlBytes.constData(), &useSsl, nullptr, &parts.host, &parts.port, nullptr,
                               &parts.path, nullptr, nullptr)
            != 1
        || useSsl) {
        ERR_clear_error();
        return makeError(ErrorCode::InvalidInput, Tr::tr("The service address is not supported."),
                         QStringLiteral("only http:// URLs: %1").arg(url));
    }
    OpenSsl::BioPtr requestBio;
    if (body) {
        requestBio.reset(BIO_new_mem_buf(body->constData(), static_cast<int>(body->size())));
        if (!requestBio)
            return makeError(ErrorCode::Internal, Tr::tr("The request cannot be prepared."),
                             OpenSsl::takeErrors(QStringLiteral("BIO_new_mem_buf")));
    }
    // An empty proxy means "none": a proxy in the environment cannot reach our loopback.
    const char *proxy = isLoopback(parts.host) ? "" : nullptr;
    OpenSsl::BioPtr response(OSSL_HTTP_transfer(nullptr, parts.host, parts.port, parts.path, 0, proxy,
                                                nullptr, nullptr, nullptr, nullptr, nullptr, 0, nullptr,
                                                contentType, requestBio.get(), expectedType, 1,
                                                static_cast<size_t>(maxResponseBytes), timeoutSeconds, 0));
    if (!response) {
        const bool timeout = isTimeout(ERR_peek_last_error());
        const QString detail = OpenSsl::takeErrors(QStringLiteral("HTTP %1").arg(url));
        if (timeout)
            return makeError(ErrorCode::Timeout, Tr::tr("The service did not answer in time."), detail);
        return makeError(ErrorCode::Network, Tr::tr("The service cannot be reached."), detail);
    }
    QByteArray data;
    char buffer[16384];
    for (;;) {
        const int n = BIO_read(response.get(), buffer, sizeof buffer);
        if (n <= 0)
            break;
        data.append(buffer, n);
    }
    ERR_clear_error();
    if (data.isEmpty())
        return makeError(ErrorCode::Network, Tr::tr("The service sent an empty answer."), url);
    return data;
}

} // namespace dms
