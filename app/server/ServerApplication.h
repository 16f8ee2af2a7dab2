// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ServerConfig.h"

#include <QStringList>
#include <QTextStream>

namespace dms::server {

/** delovod-server's command line: checks a configuration, migrates the database
 *  and serves HTTPS (mutual TLS) until SIGTERM or SIGINT, then stops gracefully.
 *  Exit statuses: 0 success, 1 wrong command line, 2 failure. */
class ServerApplication
{
public:
    ServerApplication();
    ~ServerApplication();
    ServerApplication(const ServerApplication &) = delete;
    ServerApplication &operator=(const ServerApplication &) = delete;

    int run(const QStringList &arguments);

private:
    int fail(const QString &message);
    int fail(const Error &error);
    Result<ServerConfig> loadConfig(const QString &configPath, const QString &databaseOption,
                                    bool databaseGiven);
    int checkConfig(const ServerConfig &config);
    int migrate(const ServerConfig &config);
    int serve(const ServerConfig &config);

    QTextStream m_out;
    QTextStream m_err;
};

} // namespace dms::server
