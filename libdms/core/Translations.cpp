// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace dms {

QString Translations::chooseLanguage(const QString &explicitChoice, const QString &fallback)
{
    if (!explicitChoice.isEmpty())
        return explicitChoice;
    const QString fromEnvironment = qEnvironmentVariable("DELOVOD_LANG");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return fallback;
}

bool Translations::install(QCoreApplication &app, const QString &language)
{
    if (language.isEmpty() || language == QLatin1String("en"))
        return true;
    QLocale::setDefault(QLocale(language));
    auto *qt = new QTranslator(&app);
    if (qt->load(QLocale(language), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(qt);
    auto *own = new QTranslator(&app);
    if (!own->load(QStringLiteral(":/i18n/dms_") + language + QStringLiteral(".qm")))
        return false;
    app.installTranslator(own);
    return true;
}

} // namespace dms
