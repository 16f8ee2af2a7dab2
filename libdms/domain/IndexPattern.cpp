// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/IndexPattern.h"

#include <QCoreApplication>
#include <QHash>
#include <QMutex>

namespace dms {

namespace {
const QRegularExpression
    s_placeholder(QStringLiteral("\\{(registry|yy|year|register|number(?::(\\d))?|/sub|date|isodate)\\}"));
const QRegularExpression s_anyBrace(QStringLiteral("[{}]"));
} // namespace

QString IndexPattern::defaultPattern()
{
    return QStringLiteral("{registry}{yy}-{register}-{number}{/sub}/{date}");
}

IndexPattern::IndexPattern(const QString &pattern)
    : m_pattern(pattern)
{
    // Build a parser: each placeholder becomes a named group, text in between is literal.
    QString regex = QStringLiteral("^");
    qsizetype pos = 0;
    auto it = s_placeholder.globalMatch(pattern);
    while (it.hasNext()) {
        const auto match = it.next();
        regex += QRegularExpression::escape(pattern.mid(pos, match.capturedStart() - pos));
        const QString name = match.captured(1);
        if (name == QLatin1String("registry"))
            regex += QStringLiteral("(?<registry>[^\\d\\s/-]+?)");
        else if (name == QLatin1String("yy"))
            regex += QStringLiteral("(?<yy>\\d{2})");
        else if (name == QLatin1String("year"))
            regex += QStringLiteral("(?<year>\\d{4})");
        else if (name == QLatin1String("register"))
            regex += QStringLiteral("(?<register>[^\\s/-]+?)");
        else if (name.startsWith(QLatin1String("number")))
            regex += QStringLiteral("(?<number>\\d+)");
        else if (name == QLatin1String("/sub"))
            regex += QStringLiteral("(?:/(?<sub>\\d+))?");
        else if (name == QLatin1String("date"))
            regex += QStringLiteral("(?<date>\\d{2}\\.\\d{2}\\.\\d{4})");
        else if (name == QLatin1String("isodate"))
            regex += QStringLiteral("(?<isodate>\\d{4}-\\d{2}-\\d{2})");
        pos = match.capturedEnd();
    }
    regex += QRegularExpression::escape(pattern.mid(pos)) + QStringLiteral("$");
    m_regex = QRegularExpression(regex);
}

Result<IndexPattern> IndexPattern::create(const QString &pattern)
{
    auto invalid = [&](const QString &why) {
        return makeError(
            ErrorCode::InvalidInput,
            QCoreApplication::translate("dms", "The registration index format is not valid: %1").arg(why),
            pattern);
    };
    if (!pattern.contains(QLatin1String("{number")))
        return invalid(QCoreApplication::translate("dms", "it has no {number}"));
    if (!pattern.contains(QLatin1String("{/sub}")))
        return invalid(QCoreApplication::translate("dms", "it has no {/sub}"));
    if (!pattern.contains(QLatin1String("{register}")))
        return invalid(QCoreApplication::translate("dms", "it has no {register}"));
    if (!pattern.contains(QLatin1String("{yy}")) && !pattern.contains(QLatin1String("{year}")))
        return invalid(QCoreApplication::translate("dms", "it has no year"));
    QString rest = pattern;
    rest.remove(s_placeholder);
    if (rest.contains(s_anyBrace))
        return invalid(QCoreApplication::translate("dms", "it has an unknown placeholder"));
    IndexPattern result(pattern);
    if (!result.m_regex.isValid())
        return invalid(result.m_regex.errorString());
    return result;
}

Result<IndexPattern> IndexPattern::cached(const QString &pattern)
{
    static QMutex mutex;
    static QHash<QString, IndexPattern> compiled;
    QMutexLocker lock(&mutex);
    auto it = compiled.constFind(pattern);
    if (it != compiled.constEnd())
        return *it;
    auto made = create(pattern);
    if (made)
        compiled.insert(pattern, *made);
    return made;
}

QString IndexPattern::format(const IndexParts &parts) const
{
    QString out;
    qsizetype pos = 0;
    auto it = s_placeholder.globalMatch(m_pattern);
    while (it.hasNext()) {
        const auto match = it.next();
        out += QStringView(m_pattern).mid(pos, match.capturedStart() - pos);
        const QString name = match.captured(1);
        if (name == QLatin1String("registry"))
            out += parts.registry;
        else if (name == QLatin1String("yy"))
            out += QStringLiteral("%1").arg(parts.year % 100, 2, 10, QLatin1Char('0'));
        else if (name == QLatin1String("year"))
            out += QString::number(parts.year);
        else if (name == QLatin1String("register"))
            out += parts.registerCode;
        else if (name.startsWith(QLatin1String("number")))
            out += QStringLiteral("%1").arg(parts.number, match.captured(2).toInt(), 10, QLatin1Char('0'));
        else if (name == QLatin1String("/sub")) {
            if (parts.subNumber > 0)
                out += QLatin1Char('/') + QString::number(parts.subNumber);
        } else if (name == QLatin1String("date"))
            out += parts.date.toString(QStringLiteral("dd.MM.yyyy"));
        else if (name == QLatin1String("isodate"))
            out += parts.date.toString(Qt::ISODate);
        pos = match.capturedEnd();
    }
    out += QStringView(m_pattern).mid(pos);
    return out;
}

std::optional<IndexParts> IndexPattern::parse(const QString &index) const
{
    const auto match = m_regex.match(index.trimmed());
    if (!match.hasMatch())
        return std::nullopt;
    IndexParts parts;
    parts.registry = match.captured(QStringLiteral("registry"));
    parts.registerCode = match.captured(QStringLiteral("register"));
    bool ok = false;
    parts.number = match.captured(QStringLiteral("number")).toLongLong(&ok);
    if (!ok || parts.number <= 0)
        return std::nullopt;
    parts.subNumber = match.captured(QStringLiteral("sub")).toInt();
    const QString date = match.captured(QStringLiteral("date"));
    const QString isoDate = match.captured(QStringLiteral("isodate"));
    if (!date.isEmpty())
        parts.date = QDate::fromString(date, QStringLiteral("dd.MM.yyyy"));
    else if (!isoDate.isEmpty())
        parts.date = QDate::fromString(isoDate, Qt::ISODate);
    if ((!date.isEmpty() || !isoDate.isEmpty()) && !parts.date.isValid())
        return std::nullopt;
    const QString year = match.captured(QStringLiteral("year"));
    const QString yy = match.captured(QStringLiteral("yy"));
    if (!year.isEmpty())
        parts.year = year.toInt();
    else if (parts.date.isValid() && parts.date.year() % 100 == yy.toInt())
        parts.year = parts.date.year();
    else if (parts.date.isValid())
        parts.year
            = (parts.date.year() / 100) * 100 + yy.toInt() - (yy.toInt() > parts.date.year() % 100 ? 100 : 0);
    else
        parts.year = 2000 + yy.toInt();
    return parts;
}

} // namespace dms
