// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/Database.h"

#include "core/Log.h"
#include "storage/Migrator.h"
#include "storage/Sql.h"
#include "storage/StatementCache.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>
#include <map>
#include <vector>

namespace dms {

namespace {
std::atomic<quint64> s_nextId {1};
std::mutex s_liveMutex;
std::map<quint64, Database *> s_live;
} // namespace

/** Closes this thread's connections when the thread ends. */
struct ThreadConnections
{
    std::vector<std::pair<quint64, QString>> names;
    ~ThreadConnections()
    {
        std::lock_guard lock(s_liveMutex);
        for (const auto &[id, name] : names) {
            auto it = s_live.find(id);
            if (it != s_live.end())
                it->second->forgetConnection(name);
        }
    }
};

namespace {
thread_local ThreadConnections t_connections;
}

Database::Database(const DatabaseConfig &config)
    : m_config(config)
    , m_id(s_nextId++)
{
    std::lock_guard lock(s_liveMutex);
    s_live[m_id] = this;
}

Database::~Database()
{
    std::lock_guard lock(s_liveMutex);
    s_live.erase(m_id);
    std::lock_guard own(m_mutex);
    for (const QString &name : std::as_const(m_connectionNames)) {
        StatementCache::drop(name);
        QSqlDatabase::removeDatabase(name);
    }
    m_connectionNames.clear();
}

void Database::forgetConnection(const QString &name)
{
    std::lock_guard own(m_mutex);
    if (m_connectionNames.remove(name)) {
        StatementCache::drop(name);
        QSqlDatabase::removeDatabase(name);
    }
}

Result<std::shared_ptr<Database>> Database::open(const DatabaseConfig &config, Migration migration)
{
    if (config.isSqlite()) {
        const QFileInfo file(config.path);
        if (!QDir().mkpath(file.absolutePath()))
            return makeError(ErrorCode::Storage,
                             QCoreApplication::translate("dms", "Cannot create the database folder."),
                             file.absolutePath());
    }
    std::shared_ptr<Database> database(new Database(config));
    auto connection = database->connection();
    if (!connection)
        return connection.error();
    Migrator migrator(*database);
    if (migration == Migration::Apply)
        DMS_TRY(migrator.apply());
    else
        DMS_TRY(migrator.check());
    return database;
}

Result<QSqlDatabase> Database::connection()
{
    const QString name
        = QStringLiteral("dms-%1-%2").arg(m_id).arg(quintptr(&t_connections), 0, 16); // one per thread
    {
        std::lock_guard own(m_mutex);
        if (m_connectionNames.contains(name)) {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            if (db.isOpen())
                return db;
        }
    }
    return openConnection(name);
}

Result<QSqlDatabase> Database::openConnection(const QString &name)
{
    const bool sqlite = m_config.isSqlite();
    QSqlDatabase db = QSqlDatabase::contains(name)
        ? QSqlDatabase::database(name, false)
        : QSqlDatabase::addDatabase(sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL"), name);
    if (!db.isValid())
        return makeError(ErrorCode::Storage,
                         QCoreApplication::translate("dms", "The database driver is not installed."),
                         db.lastError().text());
    if (sqlite) {
        db.setDatabaseName(m_config.path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(m_config.busyTimeoutMs));
    } else {
        db.setHostName(m_config.host);
        db.setPort(m_config.port);
        db.setDatabaseName(m_config.name);
        db.setUserName(m_config.user);
        db.setPassword(m_config.password);
        db.setConnectOptions(QStringLiteral("connect_timeout=10"));
    }
    if (!db.open()) {
        const QString detail = db.lastError().text();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return makeError(ErrorCode::Storage, QCoreApplication::translate("dms", "Cannot open the database."),
                         m_config.toDisplayUrl() + QStringLiteral(": ") + detail);
    }

    QStringList setup;
    if (sqlite) {
        setup << QStringLiteral("PRAGMA journal_mode=WAL") << QStringLiteral("PRAGMA foreign_keys=ON")
              << (m_config.durability == DatabaseConfig::Durability::Full
                      ? QStringLiteral("PRAGMA synchronous=FULL")
                      : QStringLiteral("PRAGMA synchronous=NORMAL"));
    } else {
        setup << QStringLiteral("SET TIME ZONE 'UTC'") << QStringLiteral("SET client_min_messages = warning");
    }
    for (const QString &statement : std::as_const(setup)) {
        QSqlQuery query(db);
        if (!query.exec(statement))
            return Sql::error(query.lastError(), statement);
    }

    std::lock_guard own(m_mutex);
    if (!m_connectionNames.contains(name)) {
        m_connectionNames.insert(name);
        t_connections.names.emplace_back(m_id, name);
    }
    return db;
}

Result<int> Database::schemaVersion()
{
    Migrator migrator(*this);
    return migrator.currentVersion();
}

} // namespace dms
