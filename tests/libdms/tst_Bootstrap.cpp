// SPDX-License-Identifier: GPL-3.0-or-later
#include "TempDatabase.h"
#include "audit/AuditJournal.h"
#include "services/Bootstrap.h"
#include "services/RegistrationService.h"
#include "services/RegistryService.h"
#include "services/UserService.h"

#include <QTest>

using namespace dms;

namespace {
InitOptions sofia()
{
    InitOptions options;
    options.adminLogin = QStringLiteral("admin");
    options.adminName = QStringLiteral("Иван Иванов");
    options.registryCode = QStringLiteral("СОА");
    options.registryName = QStringLiteral("Столична община");
    return options;
}
} // namespace

class tst_Bootstrap : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initialisesAnEmptyDatabase()
    {
        // TempDatabase::seed() would bootstrap already: use the bare database.
        TempDatabase db;
        if (db.skip())
            QSKIP(qPrintable(db.problem()));
        QVERIFY(db.problem().isEmpty());
        Bootstrap bootstrap(db.context());
        QCOMPARE(*bootstrap.state(), Bootstrap::State::Empty);
        auto made = bootstrap.initialize(sofia());
        QVERIFY2(made.ok(), qPrintable(made.error().toString()));
        QCOMPARE(*bootstrap.state(), Bootstrap::State::Initialized);
        QCOMPARE(made->registers.size(), InitOptions::defaultRegisters().size());
        QVERIFY(made->administrator.roles.contains(Role::Administrator));

        UserService users(db.context());
        auto admin = users.sessionFor(QStringLiteral("admin"));
        QVERIFY(admin.ok());
        RegistryService registries(db.context());
        auto incoming = registries.findRegisterByCode(made->registry.id, QStringLiteral("ВХ01"));
        QVERIFY(incoming.ok());
        QCOMPARE(incoming->kind, RegisterKind::Incoming);

        RegistrationService registrations(db.context());
        NewRegistration request;
        request.registerId = incoming->id;
        request.document.kind = QStringLiteral("Писмо");
        request.document.subject = QStringLiteral("Първо писмо");
        auto entry = registrations.registerDocument(*admin, request);
        QVERIFY(entry.ok());
        QCOMPARE(entry->index, QStringLiteral("СОА20-ВХ01-1/08.09.2020"));

        AuditJournal journal(db.database(), db.clock);
        auto report = journal.verify();
        QVERIFY(report.ok() && report->ok());
        QVERIFY(report->entries >= 1 + made->registers.size() + 1);
    }

    void refusesASecondInitialisation()
    {
        TempDatabase db;
        if (db.skip())
            QSKIP(qPrintable(db.problem()));
        Bootstrap bootstrap(db.context());
        QVERIFY(bootstrap.initialize(sofia()).ok());
        auto again = bootstrap.initialize(sofia());
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, ErrorCode::InvalidState);
    }

    void badOptionsChangeNothing_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::newRow("login") << "login"
                               << "Иван";
        QTest::newRow("admin name") << "adminName"
                                    << "";
        QTest::newRow("registry code") << "registryCode"
                                       << "СО-А";
        QTest::newRow("registry name") << "registryName"
                                       << " ";
        QTest::newRow("pattern") << "pattern"
                                 << "{number}";
        QTest::newRow("register code") << "registerCode"
                                       << "ВХ 01'--";
    }

    void badOptionsChangeNothing()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        TempDatabase db;
        if (db.skip())
            QSKIP(qPrintable(db.problem()));
        InitOptions options = sofia();
        if (field == QLatin1String("login"))
            options.adminLogin = value;
        else if (field == QLatin1String("adminName"))
            options.adminName = value;
        else if (field == QLatin1String("registryCode"))
            options.registryCode = value;
        else if (field == QLatin1String("registryName"))
            options.registryName = value;
        else if (field == QLatin1String("pattern"))
            options.indexPattern = value;
        else
            options.registers.first().code = value;
        Bootstrap bootstrap(db.context());
        auto made = bootstrap.initialize(options);
        QVERIFY(!made.ok());
        QCOMPARE(made.error().code, ErrorCode::InvalidInput);
        QCOMPARE(*bootstrap.state(), Bootstrap::State::Empty);
    }
};

QTEST_GUILESS_MAIN(tst_Bootstrap)
#include "tst_Bootstrap.moc"
