// SPDX-License-Identifier: GPL-3.0-or-later
#include "TempDatabase.h"

#include "core/Ids.h"
#include "services/RegistryService.h"
#include "services/UserService.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

namespace dms {

namespace {

QString pgMaintenanceConnection()
{
    return QStringLiteral("dms-test-maintenance");
}

bool pgAdmin(const QString &statement, QString *error)
{
    QSqlDatabase db = QSqlDatabase::contains(pgMaintenanceConnection())
        ? QSqlDatabase::database(pgMaintenanceConnection())
        : QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), pgMaintenanceConnection());
    if (!db.isOpen()) {
        db.setHostName(qEnvironmentVariable("DMS_TEST_PGHOST"));
        db.setPort(qEnvironmentVariableIntValue("DMS_TEST_PGPORT")
                       ? qEnvironmentVariableIntValue("DMS_TEST_PGPORT")
                       : 5432);
        db.setUserName(qEnvironmentVariable("DMS_TEST_PGUSER", QStringLiteral("postgres")));
        db.setDatabaseName(QStringLiteral("postgres"));
        if (!db.open()) {
            *error = db.lastError().text();
            return false;
        }
    }
    QSqlQuery query(db);
    if (!query.exec(statement)) {
        *error = query.lastError().text();
        return false;
    }
    return true;
}

} // namespace

bool TempDatabase::postgresRequested()
{
    return qEnvironmentVariable("DMS_TEST_DB") == QLatin1String("pg");
}

TempDatabase::TempDatabase()
{
    if (postgresRequested()) {
        if (qEnvironmentVariableIsEmpty("DMS_TEST_PGHOST")) {
            m_problem
                = QStringLiteral("PostgreSQL tests need DMS_TEST_PGHOST (run tests/scripts/run-tests.sh)");
            m_skip = true;
            return;
        }
        m_pgName = QStringLiteral("dms_test_") + Ids::create().remove(QLatin1Char('-')).left(24);
        QString error;
        if (!pgAdmin(QStringLiteral("CREATE DATABASE ") + m_pgName, &error)) {
            m_problem = QStringLiteral("cannot create test database: ") + error;
            return;
        }
        m_config.engine = DatabaseConfig::Engine::Postgres;
        m_config.host = qEnvironmentVariable("DMS_TEST_PGHOST");
        m_config.port = qEnvironmentVariableIntValue("DMS_TEST_PGPORT")
            ? qEnvironmentVariableIntValue("DMS_TEST_PGPORT")
            : 5432;
        m_config.user = qEnvironmentVariable("DMS_TEST_PGUSER", QStringLiteral("postgres"));
        m_config.name = m_pgName;
    } else {
        m_config.engine = DatabaseConfig::Engine::Sqlite;
        m_config.path = m_dir.filePath(QStringLiteral("test.db"));
        m_config.durability = DatabaseConfig::Durability::Normal;
    }
    auto opened = Database::open(m_config);
    if (!opened) {
        m_problem = opened.error().toString();
        return;
    }
    m_database = *opened;
    m_context.emplace(ServiceContext {*m_database, clock});
}

TempDatabase::~TempDatabase()
{
    m_context.reset();
    m_database.reset();
    if (!m_pgName.isEmpty()) {
        QString error;
        if (!pgAdmin(QStringLiteral("DROP DATABASE IF EXISTS ") + m_pgName + QStringLiteral(" WITH (FORCE)"),
                     &error))
            qWarning("could not drop %s: %s", qPrintable(m_pgName), qPrintable(error));
    }
}

bool TempDatabase::seed()
{
    UserService users(*m_context);
    auto first = users.bootstrap(QStringLiteral("admin"), QStringLiteral("Администратор Тестов"));
    if (!first) {
        qWarning("seed: %s", qPrintable(first.error().toString()));
        return false;
    }
    auto adminSession = users.sessionFor(QStringLiteral("admin"));
    if (!adminSession) {
        qWarning("seed: %s", qPrintable(adminSession.error().toString()));
        return false;
    }
    admin = *adminSession;
    const struct
    {
        const char *login;
        const char *name;
        Role role;
        Session *session;
    } people[] = {
        {"clerk", "Деловодител Тестов", Role::Clerk, &clerk},
        {"official", "Служител Тестов", Role::Official, &official},
        {"auditor", "Одитор Тестов", Role::Auditor, &auditor},
    };
    for (const auto &person : people) {
        auto user = users.create(admin, QString::fromLatin1(person.login), QString::fromUtf8(person.name),
                                 {person.role});
        if (!user) {
            qWarning("seed: %s", qPrintable(user.error().toString()));
            return false;
        }
        *person.session = *users.sessionFor(QString::fromLatin1(person.login));
    }
    RegistryService registries(*m_context);
    auto registry
        = registries.createRegistry(admin, QStringLiteral("СОА"), QStringLiteral("Столична община"));
    if (!registry) {
        qWarning("seed: %s", qPrintable(registry.error().toString()));
        return false;
    }
    registryId = registry->id;
    auto in = registries.createRegister(admin, registryId, QStringLiteral("ВК66"), RegisterKind::Incoming,
                                        QStringLiteral("Входяща кореспонденция"));
    auto second = registries.createRegister(admin, registryId, QStringLiteral("ДИ05"), RegisterKind::Incoming,
                                            QStringLiteral("Искания за достъп до информация"));
    auto out = registries.createRegister(admin, registryId, QStringLiteral("ИЗ01"), RegisterKind::Outgoing,
                                         QStringLiteral("Изходяща кореспонденция"));
    if (!in || !second || !out)
        return false;
    incomingRegisterId = in->id;
    secondRegisterId = second->id;
    outgoingRegisterId = out->id;
    return true;
}

} // namespace dms
