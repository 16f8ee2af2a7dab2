// SPDX-License-Identifier: GPL-3.0-or-later
#include "OpenDataFixture.h"
#include "TempDatabase.h"
#include "audit/AuditJournal.h"
#include "domain/Egn.h"
#include "registers/MunicipalRegisterEntryService.h"
#include "registers/MunicipalRegisterService.h"
#include "services/RegistrationService.h"
#include "storage/Sql.h"

#include <QJsonArray>
#include <QTest>

using namespace dms;

class tst_MunicipalRegisterEntryService : public QObject
{
    Q_OBJECT

private:
    static QJsonObject permit(const QString &number)
    {
        return {{QStringLiteral("permit_no"), number},
                {QStringLiteral("holder"), QStringLiteral("Иван Петров")},
                {QStringLiteral("holder_egn"), QStringLiteral("7501010010")},
                {QStringLiteral("issued_on"), QStringLiteral("04.12.2026")},
                {QStringLiteral("floors"), QStringLiteral("3")},
                {QStringLiteral("fee"), QStringLiteral("120,50")},
                {QStringLiteral("zone"), QStringLiteral("Б")},
                {QStringLiteral("internal_note"), QStringLiteral("проверено")}};
    }

    static bool define(TempDatabase &db)
    {
        MunicipalRegisterService registers(db.context());
        auto defined = registers.define(db.admin, OpenDataFixture::permitsDefinition());
        if (!defined)
            qWarning("define: %s", qPrintable(defined.error().toString()));
        return defined.ok();
    }

    static QString journalText(TempDatabase &db)
    {
        auto conn = db.database().connection();
        auto rows
            = Sql::exec(*conn, QStringLiteral("SELECT action, details FROM audit_journal ORDER BY seq"));
        QString text;
        while (rows && rows->next())
            text += rows->value(0).toString() + QLatin1Char(' ') + rows->value(1).toString()
                + QLatin1Char('\n');
        return text;
    }

private Q_SLOTS:
    void onlyAdministratorsDefine()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        MunicipalRegisterService registers(db.context());
        auto refused = registers.define(db.clerk, OpenDataFixture::permitsDefinition());
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, ErrorCode::PermissionDenied);
        auto defined = registers.define(db.admin, OpenDataFixture::permitsDefinition());
        QVERIFY2(defined.ok(), qPrintable(defined.error().toString()));
        auto again = registers.define(db.admin, OpenDataFixture::permitsDefinition());
        QCOMPARE(again.error().code, ErrorCode::AlreadyExists);

        auto found = registers.find(db.official, QStringLiteral("permits"));
        QVERIFY2(found.ok(), qPrintable(found.error().toString()));
        QCOMPARE(found->toJson(), OpenDataFixture::permitsDefinition().toJson());
        QCOMPARE(registers.find(db.official, QStringLiteral("shops")).error().code, ErrorCode::NotFound);
        QVERIFY(journalText(db).contains(QStringLiteral("municipal-register.define")));
        MunicipalRegisterDefinition plain = OpenDataFixture::permitsDefinition();
        plain.code = QStringLiteral("plain");
        plain.description = QString(); // optional
        QVERIFY2(registers.define(db.admin, plain).ok(), "a register without a description");
    }

    void clerksAddEntriesNumberedWithoutGaps()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(define(db));
        MunicipalRegisterEntryService entries(db.context());
        QCOMPARE(
            entries.add(db.official, QStringLiteral("permits"), permit(QStringLiteral("1"))).error().code,
            ErrorCode::PermissionDenied);
        for (int i = 1; i <= 3; ++i) {
            auto entry = entries.add(db.clerk, QStringLiteral("permits"), permit(QString::number(i)));
            QVERIFY2(entry.ok(), qPrintable(entry.error().toString()));
            QCOMPARE(entry->number, qint64(i));
            QCOMPARE(entry->version, 1);
        }
        // A refused entry takes no number.
        QJsonObject invalid = permit(QStringLiteral("x"));
        invalid.insert(QStringLiteral("floors"), QStringLiteral("много"));
        QCOMPARE(entries.add(db.clerk, QStringLiteral("permits"), invalid).error().code,
                 ErrorCode::InvalidInput);
        auto fourth = entries.add(db.clerk, QStringLiteral("permits"), permit(QStringLiteral("4")));
        QVERIFY(fourth.ok());
        QCOMPARE(fourth->number, qint64(4));

        auto read = entries.get(db.clerk, QStringLiteral("permits"), 2);
        QVERIFY2(read.ok(), qPrintable(read.error().toString()));
        QCOMPARE(read->values.value(QStringLiteral("issued_on")).toString(), QStringLiteral("2026-12-04"));
        QCOMPARE(read->values.value(QStringLiteral("fee")).toString(), QStringLiteral("120.50"));
        QCOMPARE(read->values.value(QStringLiteral("floors")).toInteger(), qint64(3));
        QCOMPARE(read->values.value(QStringLiteral("holder_egn")).toString(), QStringLiteral("7501010010"));
        QCOMPARE(entries.get(db.clerk, QStringLiteral("permits"), 99).error().code, ErrorCode::NotFound);
        QCOMPARE(entries.get(db.clerk, QStringLiteral("../permits"), 1).error().code, ErrorCode::NotFound);
    }

    void invalidEntriesAreRefused()
    {
        // One database for all the cases: a fresh one per case is slow on PostgreSQL.
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(define(db));
        MunicipalRegisterEntryService entries(db.context());
        const QList<std::pair<QString, QJsonValue>> cases {
            {QStringLiteral("colour"), QJsonValue(QStringLiteral("red"))}, // unknown field
            {QStringLiteral("permit_no"), QJsonValue(QJsonValue::Null)}, // required missing
            {QStringLiteral("issued_on"), QJsonValue(QStringLiteral("  "))}, // required blank
            {QStringLiteral("holder_egn"), QJsonValue(QStringLiteral("7501010011"))}, // bad egn
            {QStringLiteral("company_eik"), QJsonValue(QStringLiteral("123456789"))}, // bad eik
            {QStringLiteral("issued_on"), QJsonValue(QStringLiteral("31.02.2026"))}, // bad date
            {QStringLiteral("floors"), QJsonValue(2.5)}, // bad integer
            {QStringLiteral("fee"), QJsonValue(QStringLiteral("12 лв."))}, // bad decimal
            {QStringLiteral("active"), QJsonValue(QStringLiteral("може"))}, // bad boolean
            {QStringLiteral("zone"), QJsonValue(QStringLiteral("Z"))}, // bad enum
        };
        for (const auto &[field, value] : cases) {
            QJsonObject values = permit(QStringLiteral("1"));
            if (value.isNull())
                values.remove(field);
            else
                values.insert(field, value);
            const auto refused = entries.add(db.clerk, QStringLiteral("permits"), values);
            QVERIFY2(!refused.ok(), qPrintable(field));
            QCOMPARE(refused.error().code, ErrorCode::InvalidInput);
            QVERIFY(!refused.error().toString().contains(QStringLiteral("750101001")));
        }
        // Nothing was stored or journalled.
        auto conn = db.database().connection();
        QCOMPARE(Sql::scalar(*conn, QStringLiteral("SELECT COUNT(*) FROM municipal_register_entry"))->toInt(),
                 0);
        QVERIFY(!journalText(db).contains(QStringLiteral("municipal-register-entry")));
    }

    void historyKeepsEveryChange()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(define(db));
        MunicipalRegisterEntryService entries(db.context());
        auto created = entries.add(db.clerk, QStringLiteral("permits"), permit(QStringLiteral("15")));
        QVERIFY(created.ok());
        db.clock.advance(60'000);
        auto changed = entries.update(db.admin, QStringLiteral("permits"), 1,
                                      {{QStringLiteral("floors"), 4},
                                       {QStringLiteral("internal_note"), QJsonValue::Null},
                                       {QStringLiteral("holder_egn"), QStringLiteral("8001010008")}},
                                      1);
        QVERIFY2(changed.ok(), qPrintable(changed.error().toString()));
        QCOMPARE(changed->version, 2);
        QVERIFY(!changed->values.contains(QStringLiteral("internal_note")));
        // A stale version is refused; an update that changes nothing keeps the version.
        QCOMPARE(entries.update(db.clerk, QStringLiteral("permits"), 1, {{QStringLiteral("floors"), 5}}, 1)
                     .error()
                     .code,
                 ErrorCode::Conflict);
        auto same
            = entries.update(db.clerk, QStringLiteral("permits"), 1, {{QStringLiteral("floors"), 4}}, 2);
        QVERIFY(same.ok());
        QCOMPARE(same->version, 2);
        QCOMPARE(
            entries
                .update(db.clerk, QStringLiteral("permits"), 1, {{QStringLiteral("permit_no"), QString()}}, 2)
                .error()
                .code,
            ErrorCode::InvalidInput);

        auto history = entries.history(db.clerk, QStringLiteral("permits"), 1);
        QVERIFY2(history.ok(), qPrintable(history.error().toString()));
        QList<MunicipalRegisterChange> second;
        for (const auto &change : *history) {
            if (change.version == 2)
                second << change;
        }
        QCOMPARE(history->size() - second.size(), qsizetype(8)); // creation: every field set
        QCOMPARE(second.size(), qsizetype(3));
        QCOMPARE(second.at(0).field, QStringLiteral("floors"));
        QCOMPARE(second.at(0).oldValue.toInteger(), qint64(3));
        QCOMPARE(second.at(0).newValue.toInteger(), qint64(4));
        QCOMPARE(second.at(0).actorLogin, QStringLiteral("admin"));
        QCOMPARE(second.at(0).at, db.clock.now());
        QCOMPARE(second.at(1).field, QStringLiteral("holder_egn"));
        QCOMPARE(second.at(1).newValue.toString(), QStringLiteral("8001010008"));
        QCOMPARE(second.at(2).field, QStringLiteral("internal_note"));
        QCOMPARE(second.at(2).oldValue.toString(), QStringLiteral("проверено"));
        QVERIFY(second.at(2).newValue.isNull());

        // Officials may read but not see ЕГН; the journal never holds values.
        auto masked = entries.history(db.official, QStringLiteral("permits"), 1);
        QVERIFY(masked.ok());
        for (const auto &change : *masked) {
            QVERIFY(!change.oldValue.toString().contains(QStringLiteral("1010")));
            QVERIFY(!change.newValue.toString().contains(QStringLiteral("1010")));
        }
        auto seen = entries.get(db.official, QStringLiteral("permits"), 1);
        QCOMPARE(seen->values.value(QStringLiteral("holder_egn")).toString(), QStringLiteral("800101****"));
        const QString journal = journalText(db);
        QVERIFY(journal.contains(QStringLiteral("municipal-register-entry.update")));
        QVERIFY(journal.contains(QStringLiteral("holder_egn"))); // the name of the changed field …
        QVERIFY(!journal.contains(QStringLiteral("8001010008"))); // … never its value
        QVERIFY(!journal.contains(QStringLiteral("7501010010")));
        QVERIFY(!journal.contains(QStringLiteral("проверено")));
        AuditJournal verifier(db.database(), db.clock);
        QVERIFY(verifier.verify()->ok());
    }

    void entriesLinkToDocumentsAndCases()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(define(db));
        RegistrationService registrations(db.context());
        NewRegistration request;
        request.registerId = db.incomingRegisterId;
        request.document.kind = QStringLiteral("Заявление");
        request.document.subject = QStringLiteral("Искане за разрешение за строеж");
        request.openCase = true;
        auto registration = registrations.registerDocument(db.clerk, request);
        QVERIFY2(registration.ok(), qPrintable(registration.error().toString()));
        MunicipalRegisterEntryService entries(db.context());
        QVERIFY(entries.add(db.clerk, QStringLiteral("permits"), permit(QStringLiteral("1"))).ok());
        const QString permits = QStringLiteral("permits");
        QVERIFY(
            entries
                .link(db.clerk, permits, 1, MunicipalRegisterLink::Kind::Document, registration->documentId)
                .ok());
        QVERIFY(
            entries.link(db.clerk, permits, 1, MunicipalRegisterLink::Kind::CaseFile, registration->caseId)
                .ok());
        QCOMPARE(
            entries.link(db.clerk, permits, 1, MunicipalRegisterLink::Kind::CaseFile, registration->caseId)
                .error()
                .code,
            ErrorCode::AlreadyExists);
        QCOMPARE(
            entries.link(db.clerk, permits, 1, MunicipalRegisterLink::Kind::Document, QStringLiteral("nope"))
                .error()
                .code,
            ErrorCode::NotFound);
        QCOMPARE(entries
                     .link(db.official, permits, 1, MunicipalRegisterLink::Kind::Document,
                           registration->documentId)
                     .error()
                     .code,
                 ErrorCode::PermissionDenied);
        auto entry = entries.get(db.official, permits, 1);
        QVERIFY(entry.ok());
        QCOMPARE(entry->links.size(), qsizetype(2));
    }

    void listReadsPageByPage()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(define(db));
        MunicipalRegisterEntryService entries(db.context());
        const QString permits = QStringLiteral("permits");
        for (int i = 1; i <= 5; ++i)
            QVERIFY(entries.add(db.clerk, permits, permit(QStringLiteral("П-%1").arg(i))).ok());
        QVERIFY(entries.update(db.clerk, permits, 2, {{QStringLiteral("floors"), 7}}, 1).ok());

        auto all = entries.list(db.admin, permits);
        QVERIFY2(all.ok(), qPrintable(all.error().toString()));
        QCOMPARE(all->size(), qsizetype(5));
        for (qsizetype i = 0; i < all->size(); ++i) {
            QCOMPARE(all->at(i).number, qint64(i + 1));
            QCOMPARE(all->at(i).values.value(QStringLiteral("permit_no")).toString(),
                     QStringLiteral("П-%1").arg(i + 1));
        }
        QCOMPARE(all->at(1).version, 2);
        QCOMPARE(all->at(1).values.value(QStringLiteral("floors")).toInteger(), qint64(7));
        QCOMPARE(all->at(0).values.value(QStringLiteral("holder_egn")).toString(),
                 QStringLiteral("7501010010"));

        auto page = entries.list(db.admin, permits, 2, 2);
        QVERIFY(page.ok());
        QCOMPARE(page->size(), qsizetype(2));
        QCOMPARE(page->at(0).number, qint64(3));
        QCOMPARE(page->at(1).number, qint64(4));
        QVERIFY(entries.list(db.admin, permits, 5)->isEmpty());

        // Readers without ViewPersonalData see masked ЕГН, as with get().
        auto masked = entries.list(db.official, permits, 0, 1);
        QVERIFY(masked.ok());
        QVERIFY(masked->at(0).values.value(QStringLiteral("holder_egn")).toString()
                != QStringLiteral("7501010010"));
        QCOMPARE(masked->at(0).values.value(QStringLiteral("holder_egn")).toString(),
                 Egn::mask(QStringLiteral("7501010010")));

        QCOMPARE(entries.list(db.admin, QStringLiteral("shops")).error().code, ErrorCode::NotFound);
        QCOMPARE(entries.list(db.admin, permits, 0, 0).error().code, ErrorCode::InvalidInput);
        QCOMPARE(
            entries.list(db.admin, permits, 0, MunicipalRegisterEntryService::kMaxListLimit + 1).error().code,
            ErrorCode::InvalidInput);
    }

    void definitionsChangeOnlySafely()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(define(db));
        MunicipalRegisterEntryService entries(db.context());
        QVERIFY(entries.add(db.clerk, QStringLiteral("permits"), permit(QStringLiteral("1"))).ok());
        MunicipalRegisterService registers(db.context());
        const MunicipalRegisterDefinition base = OpenDataFixture::permitsDefinition();

        MunicipalRegisterDefinition retyped = base;
        retyped.fields[5].type = MunicipalFieldType::Decimal;
        QCOMPARE(registers.update(db.admin, retyped).error().code, ErrorCode::InvalidInput);
        MunicipalRegisterDefinition removed = base;
        removed.fields.removeLast();
        QCOMPARE(registers.update(db.admin, removed).error().code, ErrorCode::InvalidInput);
        MunicipalRegisterDefinition narrowed = base;
        narrowed.fields[8].enumValues.removeLast();
        QCOMPARE(registers.update(db.admin, narrowed).error().code, ErrorCode::InvalidInput);
        MunicipalRegisterDefinition newRequired = base;
        newRequired.fields << MunicipalRegisterField {
            QStringLiteral("area"), QStringLiteral("Площ"), MunicipalFieldType::Decimal, true, true, {}};
        QCOMPARE(registers.update(db.admin, newRequired).error().code, ErrorCode::InvalidInput);

        MunicipalRegisterDefinition grown = base;
        grown.title = QStringLiteral("Разрешения за строеж");
        grown.published = false;
        grown.fields[8].enumValues << QStringLiteral("Г");
        grown.fields << MunicipalRegisterField {
            QStringLiteral("area"), QStringLiteral("Площ"), MunicipalFieldType::Decimal, false, true, {}};
        QCOMPARE(registers.update(db.clerk, grown).error().code, ErrorCode::PermissionDenied);
        auto updated = registers.update(db.admin, grown);
        QVERIFY2(updated.ok(), qPrintable(updated.error().toString()));
        QCOMPARE(updated->fields.size(), base.fields.size() + 1);
        QCOMPARE(updated->fields.constLast().name, QStringLiteral("area"));
        QVERIFY(!updated->published);
        QCOMPARE(updated->entryCount, qint64(1));
        QVERIFY(entries
                    .update(db.clerk, QStringLiteral("permits"), 1,
                            {{QStringLiteral("zone"), QStringLiteral("Г")},
                             {QStringLiteral("area"), QStringLiteral("88.5")}},
                            1)
                    .ok());
    }
};

QTEST_GUILESS_MAIN(tst_MunicipalRegisterEntryService)
#include "tst_MunicipalRegisterEntryService.moc"
