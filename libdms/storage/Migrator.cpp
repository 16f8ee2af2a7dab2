// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/Migrator.h"

#include "core/Log.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/SqlScript.h"
#include "storage/Transaction.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QMap>
#include <QRegularExpression>

namespace dms {

Migrator::Migrator(Database &database)
    : m_database(database)
{ }

QList<Migrator::Migration> Migrator::available() const
{
    static const QRegularExpression pattern(
        QStringLiteral("^(\\d{4})_([a-z0-9_]+?)(\\.sqlite|\\.pg)?\\.sql$"));
    const QString engineSuffix = m_database.isSqlite() ? QStringLiteral(".sqlite") : QStringLiteral(".pg");
    QMap<int, Migration> byVersion;
    QMap<int, bool> overridden;
    const QDir dir(QStringLiteral(":/dms/migrations"));
    for (const QString &file : dir.entryList(QDir::Files, QDir::Name)) {
        const auto match = pattern.match(file);
        if (!match.hasMatch())
            continue;
        const QString suffix = match.captured(3);
        if (!suffix.isEmpty() && suffix != engineSuffix)
            continue;
        const int version = match.captured(1).toInt();
        if (suffix.isEmpty() && overridden.value(version))
            continue;
        QFile in(dir.filePath(file));
        if (!in.open(QIODevice::ReadOnly))
            continue;
        Migration migration;
        migration.version = version;
        migration.name = match.captured(2);
        migration.sql = QString::fromUtf8(in.readAll());
        migration.checksum = QString::fromLatin1(
            QCryptographicHash::hash(migration.sql.toUtf8(), QCryptographicHash::Sha256).toHex());
        byVersion[version] = migration;
        if (!suffix.isEmpty())
            overridden[version] = true;
    }
    return byVersion.values();
}

int Migrator::latestVersion() const
{
    const auto all = available();
    return all.isEmpty() ? 0 : all.constLast().version;
}

Status Migrator::ensureTable()
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto created = Sql::exec(*db,
                             QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                            " version INTEGER PRIMARY KEY,"
                                            " name TEXT NOT NULL,"
                                            " checksum TEXT NOT NULL,"
                                            " applied_at TEXT NOT NULL)"));
    if (!created)
        return created.error();
    return {};
}

Result<int> Migrator::currentVersion()
{
    DMS_TRY(ensureTable());
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto version
        = Sql::scalar(*db, QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    if (!version)
        return version.error();
    return version->toInt();
}

Status Migrator::verifyApplied(const QList<Migration> &migrations)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto rows
        = Sql::exec(*db, QStringLiteral("SELECT version, checksum FROM schema_migrations ORDER BY version"));
    if (!rows)
        return rows.error();
    QMap<int, QString> known;
    for (const Migration &m : migrations)
        known[m.version] = m.checksum;
    while (rows->next()) {
        const int version = rows->value(0).toInt();
        if (!known.contains(version))
            return makeError(
                ErrorCode::SchemaTooNew,
                QCoreApplication::translate(
                    "dms", "The database was made by a newer version of Delovod; please upgrade."),
                QStringLiteral("unknown migration %1").arg(version));
        if (known.value(version) != rows->value(1).toString())
            return makeError(
                ErrorCode::MigrationChanged,
                QCoreApplication::translate("dms", "The database schema does not match this version."),
                QStringLiteral("checksum of migration %1 changed").arg(version));
    }
    return {};
}

Status Migrator::check()
{
    DMS_TRY(ensureTable());
    const auto migrations = available();
    DMS_TRY(verifyApplied(migrations));
    auto current = currentVersion();
    if (!current)
        return current.error();
    if (*current < latestVersion())
        return makeError(ErrorCode::InvalidState,
                         QCoreApplication::translate("dms", "The database needs to be upgraded first."),
                         QStringLiteral("schema %1, expected %2").arg(*current).arg(latestVersion()));
    return {};
}

Status Migrator::apply()
{
    DMS_TRY(ensureTable());
    const auto migrations = available();
    DMS_TRY(verifyApplied(migrations));
    for (const Migration &migration : migrations) {
        auto tx = Transaction::begin(m_database);
        if (!tx)
            return tx.error();
        // Another process may have applied it while we waited for the write lock.
        auto done
            = Sql::exec(tx->connection(), QStringLiteral("SELECT 1 FROM schema_migrations WHERE version = ?"),
                        {migration.version});
        if (!done)
            return done.error();
        if (done->next())
            continue;
        for (const QString &statement : SqlScript::split(migration.sql)) {
            auto result = Sql::exec(tx->connection(), statement);
            if (!result)
                return makeError(ErrorCode::Storage,
                                 QCoreApplication::translate("dms", "Upgrading the database failed."),
                                 QStringLiteral("migration %1_%2: %3")
                                     .arg(migration.version, 4, 10, QLatin1Char('0'))
                                     .arg(migration.name, result.error().detail));
        }
        auto recorded = Sql::exec(
            tx->connection(),
            QStringLiteral(
                "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)"),
            {migration.version, migration.name, migration.checksum,
             QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)});
        if (!recorded)
            return recorded.error();
        DMS_TRY(tx->commit());
        qCInfo(dmsCore) << "applied migration" << migration.version << migration.name;
    }
    return {};
}

} // namespace dms
