// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>
#include <QStringList>

namespace dms::server {

/** The settings of delovod-server, read from an INI file:
 *
 *      [database]
 *      url=sqlite:/var/lib/delovod/delovod.db
 *
 *      [http]
 *      address=127.0.0.1
 *      port=8080
 *
 *  Every key is optional; unknown keys are reported, as they are most likely typos. */
struct ServerConfig
{
    static constexpr int kDefaultPort = 8080;

    QString databaseUrl;
    QString listenAddress = QStringLiteral("127.0.0.1");
    int port = kDefaultPort;

    /** Reads a file; NotFound when it is missing, InvalidInput (with every problem
     *  in the detail, one per line) when it is malformed. */
    static Result<ServerConfig> load(const QString &path);
    /** The problems of the values, one line each; empty when valid. */
    QStringList problems() const;
};

} // namespace dms::server
