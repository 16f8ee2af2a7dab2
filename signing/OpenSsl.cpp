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

} // namespace dms::OpenSsl
