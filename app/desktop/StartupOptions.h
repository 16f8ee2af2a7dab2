// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>
#include <QStringList>

namespace dms {

/** What the `delovod` command line asks for, with the database resolved. */
struct StartupOptions
{
    /** Where the database URL came from. */
    enum class DatabaseSource {
        CommandLine, ///< --database
        Settings, ///< the "database/url" setting
        Default, ///< the embedded SQLite file in the application data folder
    };

    QString databaseUrl;
    DatabaseSource databaseSource = DatabaseSource::Default;
    bool demo = false; ///< --demo: fill the database with demo data first
    QString login; ///< --user; empty when not given
    QString language; ///< --language; empty when not given
    int quitAfterMs = 0; ///< --quit-after-ms: quit after so long (smoke tests); 0 = never
    QString screenshotPath; ///< --screenshot: save the window as PNG when quitting after --quit-after-ms
    /** Set when --help or --version was given: print this and exit successfully. */
    QString message;

    /** Parses `arguments` (program name first). InvalidInput with the parser's
     *  message for unknown options or bad values. Reads QSettings for the
     *  database when --database is not given, so the application's organisation
     *  and name must be set first. */
    static Result<StartupOptions> parse(const QStringList &arguments);
    /** The embedded database file: `delovod.db` in QStandardPaths::AppDataLocation. */
    static QString defaultDatabasePath();
    /** The QSettings key of the database URL. */
    static QString databaseSettingKey() { return QStringLiteral("database/url"); }
    /** The QSettings key of the last login that signed in. */
    static QString loginSettingKey() { return QStringLiteral("session/login"); }
};

} // namespace dms
