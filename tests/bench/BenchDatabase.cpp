// SPDX-License-Identifier: GPL-3.0-or-later
#include "BenchDatabase.h"

#include "core/Ids.h"
#include "services/RegistryService.h"
#include "services/UserService.h"

#include <QSqlError>
#include <QSqlQuery>

namespace dms {

namespace {

const QString kMaintenance = QStringLiteral("dms-bench-maintenance");

Status pgAdmin(const QString &statement)
{
    QSqlDatabase db = QSqlDatabase::contains(kMaintenance)
        ? QSqlDatabase::database(kMaintenance)
        : QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), kMaintenance);
    if (!db.isOpen()) {
        db.setHostName(qEnvironmentVariable("DMS_TEST_PGHOST"));
        db.setPort(qEnvironmentVariableIntValue("DMS_TEST_PGPORT")
                       ? qEnvironmentVariableIntValue("DMS_TEST_PGPORT")
                       : 5432);
        db.setUserName(qEnvironmentVariable("DMS_TEST_PGUSER", QStringLiteral("postgres")));
        db.setDatabaseName(QStringLiteral("postgres"));
        if (!db.open())
            return makeError(ErrorCode::Storage, QStringLiteral("cannot connect to PostgreSQL"),
                             db.lastError().text());
    }
    QSqlQuery query(db);
    if (!query.exec(statement))
        return makeError(ErrorCode::Storage, QStringLiteral("PostgreSQL statement failed"),
                         query.lastError().text());
    return {};
}

} // namespace

Result<std::unique_ptr<BenchDatabase>> BenchDatabase::open(const DatabaseConfig &config)
{
    std::unique_ptr<BenchDatabase> bench(new BenchDatabase);
    auto database = Database::open(config);
    if (!database)
        return database.error();
    bench->m_database = *database;
    bench->m_context.emplace(ServiceContext {*bench->m_database, bench->m_clock});
    DMS_TRY(bench->seed());
    return bench;
}

Result<std::unique_ptr<BenchDatabase>> BenchDatabase::createPostgres()
{
    if (qEnvironmentVariableIsEmpty("DMS_TEST_PGHOST"))
        return makeError(
            ErrorCode::InvalidInput,
            QStringLiteral("--pg needs DMS_TEST_PGHOST (run under tests/scripts/with-postgres.sh)"));
    const QString name = QStringLiteral("dms_bench_") + Ids::create().remove(QLatin1Char('-')).left(20);
    DMS_TRY(pgAdmin(QStringLiteral("CREATE DATABASE ") + name));
    DatabaseConfig config;
    config.engine = DatabaseConfig::Engine::Postgres;
    config.host = qEnvironmentVariable("DMS_TEST_PGHOST");
    config.port = qEnvironmentVariableIntValue("DMS_TEST_PGPORT")
        ? qEnvironmentVariableIntValue("DMS_TEST_PGPORT")
        : 5432;
    config.user = qEnvironmentVariable("DMS_TEST_PGUSER", QStringLiteral("postgres"));
    config.name = name;
    auto bench = open(config);
    if (!bench) {
        (void)pgAdmin(QStringLiteral("DROP DATABASE IF EXISTS ") + name + QStringLiteral(" WITH (FORCE)"));
        return bench.error();
    }
    (*bench)->m_pgName = name;
    return bench;
}

BenchDatabase::~BenchDatabase()
{
    close();
    if (!m_pgName.isEmpty()) {
        auto dropped = pgAdmin(QStringLiteral("DROP DATABASE IF EXISTS ") + m_pgName
                               + QStringLiteral(" WITH (FORCE)"));
        if (!dropped)
            qWarning("could not drop %s: %s", qPrintable(m_pgName), qPrintable(dropped.error().toString()));
    }
}

void BenchDatabase::close()
{
    m_context.reset();
    m_database.reset();
}

Status BenchDatabase::seed()
{
    UserService users(*m_context);
    RegistryService registries(*m_context);
    if (users.findByLogin(QStringLiteral("admin")).ok()) {
        auto session = users.sessionFor(QStringLiteral("clerk"));
        if (!session)
            return session.error();
        clerk = *session;
        auto all = registries.registries();
        if (!all)
            return all.error();
        if (all->isEmpty())
            return makeError(ErrorCode::NotFound, QStringLiteral("the benchmark database has no registry"));
        registryId = all->first().id;
    } else {
        auto first = users.bootstrap(QStringLiteral("admin"), QStringLiteral("Администратор"));
        if (!first)
            return first.error();
        auto admin = users.sessionFor(QStringLiteral("admin"));
        if (!admin)
            return admin.error();
        auto created = users.create(*admin, QStringLiteral("clerk"), QStringLiteral("Деловодител Бенчев"),
                                    {Role::Clerk});
        if (!created)
            return created.error();
        auto session = users.sessionFor(QStringLiteral("clerk"));
        if (!session)
            return session.error();
        clerk = *session;
        auto registry
            = registries.createRegistry(*admin, QStringLiteral("СОА"), QStringLiteral("Столична община"));
        if (!registry)
            return registry.error();
        registryId = registry->id;
        const struct
        {
            const char *code;
            RegisterKind kind;
            const char *name;
        } registers[] = {{"ВК66", RegisterKind::Incoming, "Входяща кореспонденция"},
                         {"ДИ05", RegisterKind::Incoming, "Искания за достъп до информация"},
                         {"ИЗ01", RegisterKind::Outgoing, "Изходяща кореспонденция"}};
        for (const auto &r : registers) {
            auto made = registries.createRegister(*admin, registryId, QString::fromUtf8(r.code), r.kind,
                                                  QString::fromUtf8(r.name));
            if (!made)
                return made.error();
        }
    }
    clerkUserId = clerk.userId;
    auto registry = registries.registry(registryId);
    if (!registry)
        return registry.error();
    registryCode = registry->code;
    indexPattern = registry->indexPattern;
    for (const char *code : {"ВК66", "ДИ05", "ИЗ01"}) {
        auto found = registries.findRegisterByCode(registryId, QString::fromUtf8(code));
        if (!found)
            return found.error();
        registerIds << found->id;
        registerCodes << found->code;
    }
    return {};
}

} // namespace dms
