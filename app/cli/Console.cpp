// SPDX-License-Identifier: GPL-3.0-or-later
#include "Console.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>

namespace dms::cli {

Console::Console()
    : m_out(stdout, QIODevice::WriteOnly)
    , m_err(stderr, QIODevice::WriteOnly)
{
    m_out.setEncoding(QStringConverter::Utf8);
    m_err.setEncoding(QStringConverter::Utf8);
}

Console::~Console()
{
    m_out.flush();
    m_err.flush();
}

void Console::line(const QString &text)
{
    m_out << text << '\n';
}

void Console::json(const QJsonValue &value)
{
    QJsonDocument document;
    if (value.isArray())
        document.setArray(value.toArray());
    else
        document.setObject(value.toObject());
    m_out << QString::fromUtf8(document.toJson(QJsonDocument::Indented));
}

void Console::table(const QStringList &header, const QList<QStringList> &rows)
{
    QList<qsizetype> widths;
    for (const QString &cell : header)
        widths.append(cell.size());
    for (const QStringList &row : rows) {
        for (qsizetype i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], row[i].size());
    }
    auto print = [&](const QStringList &cells) {
        QString text;
        for (qsizetype i = 0; i < cells.size(); ++i) {
            if (i > 0)
                text += QStringLiteral("  ");
            text += i + 1 < cells.size() ? cells[i].leftJustified(widths.value(i)) : cells[i];
        }
        line(text);
    };
    print(header);
    for (const QStringList &row : rows)
        print(row);
}

void Console::error(const QString &message)
{
    m_out.flush();
    m_err << QCoreApplication::applicationName() << ": " << message << '\n';
    m_err.flush();
}

void Console::error(const Error &error)
{
    this->error(error.toString());
}

void Console::errorLine(const QString &text)
{
    m_out.flush();
    m_err << text << '\n';
    m_err.flush();
}

} // namespace dms::cli
