// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/message/ExchangeGuid.h"

#include <QRegularExpression>
#include <QUuid>

namespace dms::exchange {

namespace {

const QRegularExpression &guidPattern()
{
    static const QRegularExpression pattern(QStringLiteral(
        "^\\{[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}\\}$"));
    return pattern;
}

} // namespace

QString ExchangeGuid::create()
{
    return QUuid::createUuid().toString(QUuid::WithBraces).toLower();
}

bool ExchangeGuid::isValid(const QString &text)
{
    return guidPattern().match(text).hasMatch();
}

QString ExchangeGuid::normalized(const QString &text)
{
    QString candidate = text.trimmed();
    if (!candidate.startsWith(QLatin1Char('{')))
        candidate = QLatin1Char('{') + candidate + QLatin1Char('}');
    return isValid(candidate) ? candidate.toLower() : QString();
}

bool ExchangeGuid::equal(const QString &a, const QString &b)
{
    const QString left = normalized(a);
    return !left.isEmpty() && left == normalized(b);
}

} // namespace dms::exchange
