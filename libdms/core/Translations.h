// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLocale>
#include <QString>

class QCoreApplication;

namespace dms {

/** Loads Delovod's catalogue (":/i18n/dms_<lang>.qm", linked in from
 *  dms_translations) and Qt's own for the language, and installs them on the
 *  application. Bulgarian is the default; "en" uses the source texts. */
class Translations
{
public:
    /** The language to use: an explicit choice ("bg", "en"), else the DELOVOD_LANG
     *  environment variable, else `fallback`. */
    static QString chooseLanguage(const QString &explicitChoice,
                                  const QString &fallback = QStringLiteral("bg"));
    /** Installs the catalogues for `language`; returns whether Delovod's own was found. */
    static bool install(QCoreApplication &app, const QString &language);
};

} // namespace dms
