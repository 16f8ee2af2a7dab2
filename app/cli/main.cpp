// SPDX-License-Identifier: GPL-3.0-or-later
#include "Application.h"
#include "Console.h"
#include "core/Translations.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("delovodctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DMS_VERSION));
    QCoreApplication::setOrganizationName(QStringLiteral("Delovod"));
    // Bulgarian unless DELOVOD_LANG says otherwise ("en" keeps the source texts).
    dms::Translations::install(app, dms::Translations::chooseLanguage({}));
    dms::cli::Console console;
    dms::cli::Application delovodctl(console);
    return delovodctl.run(QCoreApplication::arguments());
}
