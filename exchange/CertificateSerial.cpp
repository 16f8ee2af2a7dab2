// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/CertificateSerial.h"

namespace dms::exchange {

QString CertificateSerial::normalizedHex(const QString &hex)
{
    QString text = hex.trimmed().toLower().remove(QLatin1Char(':')).remove(QLatin1Char(' '));
    if (text.startsWith(QLatin1String("0x")))
        text = text.mid(2);
    if (text.isEmpty())
        return {};
    for (const QChar c : text) {
        if (!((c >= QLatin1Char('0') && c <= QLatin1Char('9'))
              || (c >= QLatin1Char('a') && c <= QLatin1Char('f'))))
            return {};
    }
    int start = 0;
    while (start < text.size() - 1 && text.at(start) == QLatin1Char('0'))
        ++start;
    return text.mid(start);
}

bool CertificateSerial::equalHex(const QString &a, const QString &b)
{
    const QString left = normalizedHex(a);
    return !left.isEmpty() && left == normalizedHex(b);
}

} // namespace dms::exchange
