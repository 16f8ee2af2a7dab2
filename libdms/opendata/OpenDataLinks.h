// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDate>
#include <QString>

namespace dms {

/** The stable addresses of the open data, under the public base URL of the server
 *  (e.g. "https://delovod.sofia.bg"; no trailing slash):
 *
 *    /opendata/catalog.jsonld                    DCAT-AP catalogue
 *    /opendata/registers/<code>.csv|.json        a register's entries
 *    /opendata/registers/<code>.schema.json      the JSON Schema of the .json
 *    /opendata/journal/<YYYY-MM-DD>.json         the sealed journal summary of a day */
struct OpenDataLinks
{
    QString baseUrl;

    static QString catalogPath() { return QStringLiteral("/opendata/catalog.jsonld"); }
    static QString registersPrefix() { return QStringLiteral("/opendata/registers/"); }
    static QString journalPrefix() { return QStringLiteral("/opendata/journal/"); }

    QString catalog() const { return baseUrl + catalogPath(); }
    QString dataset(const QString &code) const { return baseUrl + registersPrefix() + code; }
    QString csv(const QString &code) const { return dataset(code) + QStringLiteral(".csv"); }
    QString json(const QString &code) const { return dataset(code) + QStringLiteral(".json"); }
    QString schema(const QString &code) const { return dataset(code) + QStringLiteral(".schema.json"); }
    QString journal(const QDate &day) const
    {
        return baseUrl + journalPrefix() + day.toString(Qt::ISODate) + QStringLiteral(".json");
    }
};

} // namespace dms
