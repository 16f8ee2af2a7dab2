// SPDX-License-Identifier: GPL-3.0-or-later
// The catalogue of administrative services: put, replace, list, JSON import and
// every refused value, on SQLite and PostgreSQL.
#include "EServiceFixture.h"
#include "TempDatabase.h"
#include "eservices/ServiceCatalogue.h"

#include <QJsonDocument>
#include <QTest>

using namespace dms;

class tst_ServiceCatalogue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void putListAndReplace()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        ServiceCatalogue catalogue(db.context());
        auto added = catalogue.put(db.admin, test::sketchService(db.incomingRegisterId));
        QVERIFY2(added, qPrintable(added ? QString() : added.error().toString()));
        QVERIFY(!added->id.isEmpty());

        auto found = catalogue.findByIisda(QStringLiteral(" 2079 "));
        QVERIFY(found);
        QCOMPARE(found->name, QStringLiteral("Издаване на скица на поземлен имот"));
        QCOMPARE(found->deadlineWorkingDays, 14);
        QCOMPARE(found->feeCents, 2000);
        QCOMPARE(found->requiredAttachments.size(), 1);
        QCOMPARE(found->requiredAttachments.constFirst().code, QStringLiteral("sketch"));
        QCOMPARE(found->responsibleUnit, QStringLiteral("Дирекция УТ"));

        AdministrativeService changed = *found;
        changed.deadlineWorkingDays = 7;
        changed.requiredAttachments.clear();
        auto replaced = catalogue.put(db.admin, changed);
        QVERIFY(replaced);
        QCOMPARE(replaced->id, added->id);
        auto all = catalogue.list();
        QVERIFY(all);
        QCOMPARE(all->size(), 1);
        QCOMPARE(all->constFirst().deadlineWorkingDays, 7);
        QVERIFY(all->constFirst().requiredAttachments.isEmpty());

        QCOMPARE(catalogue.findByIisda(QStringLiteral("9999")).error().code, ErrorCode::NotFound);
    }

    void refusesBadValues_data()
    {
        QTest::addColumn<QString>("field");
        QTest::newRow("iisda letters") << "iisdaNumber";
        QTest::newRow("iisda empty") << "iisdaNumber-empty";
        QTest::newRow("name") << "name";
        QTest::newRow("deadline zero") << "deadlineWorkingDays";
        QTest::newRow("deadline too long") << "deadlineWorkingDays-long";
        QTest::newRow("fee") << "feeCents";
        QTest::newRow("unit") << "responsibleUnit";
        QTest::newRow("attachment code") << "requiredAttachments";
        QTest::newRow("duplicate attachment") << "requiredAttachments-duplicate";
        QTest::newRow("register") << "registerId";
        QTest::newRow("outgoing register") << "registerId-outgoing";
    }
    void refusesBadValues()
    {
        QFETCH(QString, field);
        DMS_OPEN_TEMP_DATABASE(db);
        AdministrativeService service = test::sketchService(db.incomingRegisterId);
        if (field == QLatin1String("iisdaNumber"))
            service.iisdaNumber = QStringLiteral("20a9");
        else if (field == QLatin1String("iisdaNumber-empty"))
            service.iisdaNumber.clear();
        else if (field == QLatin1String("name"))
            service.name = QStringLiteral("  ");
        else if (field == QLatin1String("deadlineWorkingDays"))
            service.deadlineWorkingDays = 0;
        else if (field == QLatin1String("deadlineWorkingDays-long"))
            service.deadlineWorkingDays = ServiceCatalogue::kMaxDeadlineDays + 1;
        else if (field == QLatin1String("feeCents"))
            service.feeCents = -1;
        else if (field == QLatin1String("responsibleUnit"))
            service.responsibleUnit.clear();
        else if (field == QLatin1String("requiredAttachments"))
            service.requiredAttachments = {{QStringLiteral("Bad Code"), QStringLiteral("x")}};
        else if (field == QLatin1String("requiredAttachments-duplicate"))
            service.requiredAttachments
                = {{QStringLiteral("a"), QStringLiteral("x")}, {QStringLiteral("a"), QStringLiteral("y")}};
        else if (field == QLatin1String("registerId"))
            service.registerId = QStringLiteral("no-such-register");
        else if (field == QLatin1String("registerId-outgoing"))
            service.registerId = db.outgoingRegisterId;
        auto put = ServiceCatalogue(db.context()).put(db.admin, service);
        QVERIFY(!put);
        QCOMPARE(put.error().detail, field.section(QLatin1Char('-'), 0, 0));
        auto all = ServiceCatalogue(db.context()).list();
        QVERIFY(all);
        QVERIFY(all->isEmpty());
    }

    void needsPermission()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        auto put = ServiceCatalogue(db.context()).put(db.clerk, test::sketchService(db.incomingRegisterId));
        QVERIFY(!put);
        QCOMPARE(put.error().code, ErrorCode::PermissionDenied);
    }

    void importsJsonAllOrNothing()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        ServiceCatalogue catalogue(db.context());
        const auto service = [&](const QString &number, int days) {
            return QJsonObject {
                {QStringLiteral("iisdaNumber"), number},
                {QStringLiteral("name"), QString(QStringLiteral("Услуга ") + number)},
                {QStringLiteral("deadlineWorkingDays"), days},
                {QStringLiteral("feeCents"), 500},
                {QStringLiteral("requiredAttachments"),
                 QJsonArray {QJsonObject {{QStringLiteral("code"), QStringLiteral("id-card")},
                                          {QStringLiteral("title"), QStringLiteral("Документ")}}}},
                {QStringLiteral("responsibleUnit"), QStringLiteral("ГРАО")},
                {QStringLiteral("registerId"), db.incomingRegisterId}};
        };
        const auto json = [](const QJsonArray &services) {
            return QJsonDocument(QJsonObject {{QStringLiteral("services"), services}}).toJson();
        };
        auto imported = catalogue.importJson(
            db.admin,
            json(QJsonArray {service(QStringLiteral("100"), 7), service(QStringLiteral("101"), 14)}));
        QVERIFY2(imported, qPrintable(imported ? QString() : imported.error().toString()));
        QCOMPARE(*imported, 2);

        // The second entry is bad: nothing of this file is stored.
        auto refused = catalogue.importJson(
            db.admin,
            json(QJsonArray {service(QStringLiteral("102"), 7), service(QStringLiteral("103"), 0)}));
        QVERIFY(!refused);
        QCOMPARE(refused.error().detail, QStringLiteral("services[1].deadlineWorkingDays"));
        QCOMPARE(catalogue.list()->size(), 2);

        QCOMPARE(catalogue.importJson(db.admin, "{not json").error().code, ErrorCode::InvalidInput);
        QCOMPARE(catalogue.importJson(db.admin, "{\"services\":{}}").error().detail,
                 QStringLiteral("services"));
        QCOMPARE(catalogue.importJson(db.admin, "{\"services\":[42]}").error().detail,
                 QStringLiteral("services[0]"));
        QCOMPARE(catalogue.importJson(db.clerk, json(QJsonArray {})).error().code,
                 ErrorCode::PermissionDenied);
    }
};

QTEST_GUILESS_MAIN(tst_ServiceCatalogue)
#include "tst_ServiceCatalogue.moc"
