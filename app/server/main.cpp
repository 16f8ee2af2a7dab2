// SPDX-License-Identifier: GPL-3.0-or-later
#include "ServerApplication.h"
#include "core/Translations.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("delovod-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DMS_VERSION));
    QCoreApplication::setOrganizationName(QStringLiteral("Delovod"));
    dms::Translations::install(app, dms::Translations::chooseLanguage({}));
    dms::server::ServerApplication server;
    return server.run(QCoreApplication::arguments());
}
