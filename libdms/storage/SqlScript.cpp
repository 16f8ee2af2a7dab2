// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/SqlScript.h"

#include <QRegularExpression>

namespace dms {

namespace {

bool startsTrigger(const QString &statement)
{
    static const QRegularExpression trigger(
        QStringLiteral("^\\s*CREATE\\s+(TEMP\\s+|TEMPORARY\\s+)?TRIGGER\\b"),
        QRegularExpression::CaseInsensitiveOption);
    return trigger.match(statement).hasMatch();
}

bool endsWithEndKeyword(const QString &statement)
{
    static const QRegularExpression end(QStringLiteral("\\bEND\\s*$"),
                                        QRegularExpression::CaseInsensitiveOption);
    return end.match(statement).hasMatch();
}

} // namespace

QStringList SqlScript::split(const QString &script)
{
    QStringList statements;
    QString current;
    const qsizetype n = script.size();
    qsizetype i = 0;
    auto flush = [&] {
        const QString trimmed = current.trimmed();
        if (!trimmed.isEmpty())
            statements << trimmed;
        current.clear();
    };
    while (i < n) {
        const QChar c = script.at(i);
        const QChar next = i + 1 < n ? script.at(i + 1) : QChar();
        if (c == QLatin1Char('-') && next == QLatin1Char('-')) {
            while (i < n && script.at(i) != QLatin1Char('\n'))
                ++i;
            continue;
        }
        if (c == QLatin1Char('/') && next == QLatin1Char('*')) {
            const qsizetype end = script.indexOf(QLatin1String("*/"), i + 2);
            i = end < 0 ? n : end + 2;
            continue;
        }
        if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            qsizetype j = i + 1;
            while (j < n) {
                if (script.at(j) == c) {
                    if (j + 1 < n && script.at(j + 1) == c) {
                        j += 2;
                        continue;
                    }
                    break;
                }
                ++j;
            }
            current += script.mid(i, j - i + 1);
            i = j + 1;
            continue;
        }
        if (c == QLatin1Char('$')) {
            static const QRegularExpression tag(QStringLiteral("\\G\\$[A-Za-z_]*\\$"));
            const auto match = tag.match(script, i);
            if (match.hasMatch()) {
                const QString delimiter = match.captured(0);
                const qsizetype end = script.indexOf(delimiter, i + delimiter.size());
                const qsizetype stop = end < 0 ? n : end + delimiter.size();
                current += script.mid(i, stop - i);
                i = stop;
                continue;
            }
        }
        if (c == QLatin1Char(';')) {
            if (!startsTrigger(current) || endsWithEndKeyword(current)) {
                flush();
                ++i;
                continue;
            }
        }
        current += c;
        ++i;
    }
    flush();
    return statements;
}

} // namespace dms
