// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/OpenSsl.h"

#include <openssl/err.h>

namespace dms::OpenSsl {

QString takeErrors(const QString &context)
{
    QString text = context;
    const char *file = nullptr;
    int line = 0;
    unsigned long code = 0;
    while ((code = ERR_get_error_all(&file, &line, nullptr, nullptr, nullptr)) != 0) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        text += QStringLiteral("; ") + QString::fromLatin1(buffer);
    }
    return text;
}

QByteArray bytes(const ASN1_STRING *string)
{
    if (!string)
        return {};
    return QByteArray(reinterpret_cast<const char *>(ASN1_STRING_get0_data(string)),
                      ASN1_STRING_length(string));
}

const EVP_MD *sha256Algorithm()
{
    // Kept for the life of the process, like OpenSSL's own implicit fetches.
    static const EVP_MD *const algorithm = [] {
        EVP_MD *fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
        return fetched ? fetched : EVP_sha256();
    }();
    return algorithm;
}

QByteArray sha256(QByteArrayView data)
{
    QByteArray digest(32, Qt::Uninitialized);
    unsigned int length = 0;
    if (EVP_Digest(data.data(), static_cast<size_t>(data.size()),
                   reinterpret_cast<unsigned char *>(digest.data()), &length, sha256Algorithm(), nullptr)
            != 1
        || length != 32)
        return {};
    return digest;
}

} // namespace dms::OpenSsl
