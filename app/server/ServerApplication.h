// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ServerConfig.h"

#include <QStringList>
#include <QTextStream>

namespace dms::server {

/** delovod-server's command line. This version checks a configuration and
 *  migrates the database; the HTTP service comes with a later version, and
 *  until then the program says so instead of pretending to serve.
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

    QTextStream m_out;
    QTextStream m_err;
};

} // namespace dms::server
