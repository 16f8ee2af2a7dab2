// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/Ids.h"

#include <QRandomGenerator>
#include <QRegularExpression>

#include <array>

namespace dms {

QString Ids::create(const QDateTime &now)
{
    std::array<quint8, 16> bytes {};
    const quint64 ms = quint64(now.toMSecsSinceEpoch());
    for (int i = 0; i < 6; ++i)
        bytes[size_t(i)] = quint8(ms >> (8 * (5 - i)));
    quint32 random[3];
    QRandomGenerator::system()->fillRange(random);
    for (int i = 0; i < 10; ++i)
        bytes[size_t(6 + i)] = quint8(random[i / 4] >> (8 * (i % 4)));
    bytes[6] = quint8(0x70 | (bytes[6] & 0x0f)); // version 7
    bytes[8] = quint8(0x80 | (bytes[8] & 0x3f)); // RFC 4122 variant

    static const char hex[] = "0123456789abcdef";
    QString out;
    out.reserve(36);
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out += QLatin1Char('-');
        out += QLatin1Char(hex[bytes[size_t(i)] >> 4]);
        out += QLatin1Char(hex[bytes[size_t(i)] & 0x0f]);
    }
    return out;
}

bool Ids::isValid(const QString &text)
{
    static const QRegularExpression pattern(
        QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
    return pattern.match(text).hasMatch();
}

} // namespace dms
