// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/DatabaseConfig.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

namespace dms {

Result<DatabaseConfig> DatabaseConfig::fromUrl(const QString &url)
{
    DatabaseConfig config;
    const QString trimmed = url.trimmed();
    if (trimmed.isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate("dms", "No database was given."));

    if (trimmed.startsWith(QLatin1String("postgres://"))
        || trimmed.startsWith(QLatin1String("postgresql://"))) {
        const QUrl parsed(trimmed, QUrl::StrictMode);
        if (!parsed.isValid() || parsed.path().size() < 2)
            return makeError(ErrorCode::InvalidInput,
                             QCoreApplication::translate("dms", "The PostgreSQL address is not valid."),
                             parsed.errorString());
        config.engine = Engine::Postgres;
        config.host = parsed.host();
        config.port = parsed.port(5432);
        config.name = parsed.path().mid(1);
        config.user = parsed.userName();
        config.password = parsed.password();
        const QUrlQuery query(parsed);
        if (query.hasQueryItem(QStringLiteral("host")))
            config.host = query.queryItemValue(QStringLiteral("host"), QUrl::FullyDecoded);
        return config;
    }

    static const QRegularExpression otherScheme(QStringLiteral("^[A-Za-z][A-Za-z0-9+.-]*://"));
    if (otherScheme.match(trimmed).hasMatch() && !trimmed.startsWith(QLatin1String("sqlite://")))
        return makeError(
            ErrorCode::InvalidInput,
            QCoreApplication::translate("dms", "Unknown kind of database; use sqlite: or postgresql://."),
            trimmed.section(QLatin1Char(':'), 0, 0));
    QString path = trimmed;
    if (path.startsWith(QLatin1String("sqlite://")))
        path = path.mid(9);
    else if (path.startsWith(QLatin1String("sqlite:")))
        path = path.mid(7);
    if (path.isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate("dms", "The SQLite database path is empty."));
    config.engine = Engine::Sqlite;
    config.path = path;
    return config;
}

QString DatabaseConfig::toDisplayUrl() const
{
    if (engine == Engine::Sqlite)
        return QStringLiteral("sqlite:") + path;
    QString url = QStringLiteral("postgresql://");
    if (!user.isEmpty())
        url += user + QLatin1Char('@');
    if (!host.startsWith(QLatin1Char('/')))
        url += host + QLatin1Char(':') + QString::number(port);
    url += QLatin1Char('/') + name;
    if (host.startsWith(QLatin1Char('/')))
        url += QStringLiteral("?host=") + host;
    return url;
}

} // namespace dms
