// SPDX-License-Identifier: GPL-3.0-or-later
#include "ServerConfig.h"

#include "core/Tr.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QHostAddress>
#include <QSettings>

namespace dms::server {

namespace {

const QString kDatabaseUrl = QStringLiteral("database/url");
const QString kHttpAddress = QStringLiteral("http/address");
const QString kHttpPort = QStringLiteral("http/port");

/** QSettings reads an unquoted value with commas as a list; a URL may well have one. */
QString text(const QSettings &settings, const QString &key)
{
    const QVariant value = settings.value(key);
    if (value.typeId() == QMetaType::QStringList)
        return value.toStringList().join(QLatin1Char(',')).trimmed();
    return value.toString().trimmed();
}

} // namespace

Result<ServerConfig> ServerConfig::load(const QString &path)
{
    const QFileInfo file(path);
    if (!file.isFile() || !file.isReadable())
        return makeError(ErrorCode::NotFound, Tr::tr("Cannot read the configuration file."), path);
    QSettings settings(path, QSettings::IniFormat);
    if (settings.status() != QSettings::NoError)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The configuration file is not a valid INI file."),
                         path);

    ServerConfig config;
    QStringList problems;
    for (const QString &key : settings.allKeys()) {
        if (key != kDatabaseUrl && key != kHttpAddress && key != kHttpPort)
            problems << Tr::tr("unknown setting '%1'").arg(key);
    }
    config.databaseUrl = text(settings, kDatabaseUrl);
    if (settings.contains(kHttpAddress))
        config.listenAddress = text(settings, kHttpAddress);
    if (settings.contains(kHttpPort)) {
        bool ok = false;
        config.port = text(settings, kHttpPort).toInt(&ok);
        if (!ok)
            config.port = -1;
    }
    problems << config.problems();
    if (!problems.isEmpty()) {
        for (QString &problem : problems)
            problem.prepend(path + QStringLiteral(": "));
        return makeError(ErrorCode::InvalidInput, Tr::tr("The configuration file has errors."),
                         problems.join(QLatin1Char('\n')));
    }
    return config;
}

QStringList ServerConfig::problems() const
{
    QStringList out;
    if (port < 1 || port > 65535)
        out << Tr::tr("http/port must be a number from 1 to 65535");
    QHostAddress address;
    if (listenAddress != QLatin1String("localhost") && !address.setAddress(listenAddress))
        out << Tr::tr("http/address must be an IP address or 'localhost', not '%1'").arg(listenAddress);
    return out;
}

} // namespace dms::server
