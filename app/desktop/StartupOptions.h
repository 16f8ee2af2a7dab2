// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>
#include <QStringList>

namespace dms {

/** What the `delovod` command line asks for, with the database resolved.
 *
 *  Two ways to work (docs/sync.md, "The desk"): against delovod-server (--server
 *  with the desk's certificate and key, or the "desk/server" settings), or the
 *  embedded office on a local database (the default): both through the desk's
 *  sync path, with a local replica next to the database or in the application
 *  data folder. */
struct StartupOptions
{
    /** Where the database URL came from. */
    enum class DatabaseSource {
        CommandLine, ///< --database
        Settings, ///< the "database/url" setting
        Default, ///< the embedded SQLite file in the application data folder
    };

    QString databaseUrl; ///< the embedded office's database (empty with a server)
    DatabaseSource databaseSource = DatabaseSource::Default;
    QString serverUrl; ///< --server: https://host:port of delovod-server; empty = embedded
    QString certificateFile; ///< --cert: the desk's client certificate (PEM)
    QString keyFile; ///< --key: its private key (PEM)
    QString caFile; ///< --ca: the CA that issued the server's certificate (PEM)
    QString deskCode; ///< --desk-code: printed in provisional numbers
    QString replicaPath; ///< --replica: the desk's local file; derived when not given
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
    /** The QSettings keys of a server desk (used when --server is not given). */
    static QString serverSettingKey() { return QStringLiteral("desk/server"); }
    static QString certificateSettingKey() { return QStringLiteral("desk/certificate"); }
    static QString keySettingKey() { return QStringLiteral("desk/key"); }
    static QString caSettingKey() { return QStringLiteral("desk/ca"); }
    static QString deskCodeSettingKey() { return QStringLiteral("desk/code"); }
    /** The replica of a server desk: `desk-replica.db` in QStandardPaths::AppDataLocation. */
    static QString defaultReplicaPath();
    /** The replica of an embedded office at `databaseUrl`: `<name>-desk.db` next
     *  to an SQLite file, otherwise in the application data folder. */
    static QString embeddedReplicaPath(const QString &databaseUrl);
};

} // namespace dms
