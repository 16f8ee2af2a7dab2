// SPDX-License-Identifier: GPL-3.0-or-later
#include "TempDatabase.h"
#include "audit/AuditJournal.h"
#include "services/ClassificationService.h"
#include "storage/Sql.h"

#include <QTest>

using namespace dms;

class tst_ClassificationService : public QObject
{
    Q_OBJECT

private:
    static NewClassificationHeading heading(const QString &code, const QString &title, int years,
                                            int from = 2024, const QString &parentId = {})
    {
        NewClassificationHeading draft;
        draft.code = code;
        draft.title = title;
        draft.parentId = parentId;
        draft.retentionYears = years;
        draft.permanent = years == 0;
        draft.validFromYear = from;
        return draft;
    }

    static QString create(ClassificationService &service, const Session &session,
                          const NewClassificationHeading &draft)
    {
        auto created = service.create(session, draft);
        if (!created) {
            qWarning("create %s: %s", qPrintable(draft.code), qPrintable(created.error().toString()));
            return {};
        }
        return created->id;
    }

    static QStringList outline(const QList<ClassificationHeading> &headings)
    {
        QStringList lines;
        for (const ClassificationHeading &heading : headings)
            lines << QString(heading.depth * 2, QLatin1Char(' ')) + heading.code;
        return lines;
    }

    static qint64 headingCount(TempDatabase &db)
    {
        auto conn = db.database().connection();
        auto count = Sql::scalar(*conn, QStringLiteral("SELECT COUNT(*) FROM classification"));
        return count ? count->toLongLong() : -1;
    }

private Q_SLOTS:
    void compareCodes_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<int>("order");
        QTest::newRow("equal") << "01-2"
                               << "01-2" << 0;
        QTest::newRow("numbers") << "2"
                                 << "10" << -1;
        QTest::newRow("leading zero") << "02"
                                      << "10" << -1;
        QTest::newRow("groups") << "01-2"
                                << "01-10" << -1;
        QTest::newRow("prefix first") << "01"
                                      << "01-1" << -1;
        QTest::newRow("deeper after") << "01-1.1"
                                      << "01-2" << -1;
        QTest::newRow("letters") << "А-1"
                                 << "Б-1" << -1;
        QTest::newRow("same number, different text") << "01"
                                                     << "1" << -1;
        QTest::newRow("greater") << "10"
                                 << "9" << 1;
    }

    void compareCodes()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(int, order);
        QCOMPARE(ClassificationService::compareCodes(a, b), order);
        QCOMPARE(ClassificationService::compareCodes(b, a), -order);
    }

    void createAndListTree()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        ClassificationService service(db.context());
        const QString org
            = create(service, db.admin, heading(QStringLiteral("01"), QStringLiteral("Организация"), 0));
        QVERIFY(!org.isEmpty());
        const QString orders = create(
            service, db.admin, heading(QStringLiteral("01-1"), QStringLiteral("Заповеди"), 0, 2024, org));
        QVERIFY(!create(service, db.admin,
                        heading(QStringLiteral("01-10"), QStringLiteral("Справки"), 5, 2024, org))
                     .isEmpty());
        QVERIFY(!create(service, db.admin,
                        heading(QStringLiteral("01-2"), QStringLiteral("Протоколи"), 10, 2024, org))
                     .isEmpty());
        QVERIFY(
            !create(service, db.admin, heading(QStringLiteral("10"), QStringLiteral("Други"), 3)).isEmpty());
        QVERIFY(!create(service, db.admin, heading(QStringLiteral("3"), QStringLiteral("Персонал"), 50))
                     .isEmpty());
        QVERIFY(!create(service, db.admin, heading(QStringLiteral("02"), QStringLiteral("Финанси"), 10))
                     .isEmpty());
        const QString nested = create(
            service, db.admin,
            heading(QStringLiteral("01-1.1"), QStringLiteral("Заповеди за отпуск"), 5, 2025, orders));
        QVERIFY(!nested.isEmpty());

        auto year2024 = service.list(2024);
        QVERIFY2(year2024.ok(), qPrintable(year2024.error().toString()));
        QCOMPARE(outline(*year2024),
                 (QStringList {QStringLiteral("01"), QStringLiteral("  01-1"), QStringLiteral("  01-2"),
                               QStringLiteral("  01-10"), QStringLiteral("02"), QStringLiteral("3"),
                               QStringLiteral("10")}));
        auto year2025 = service.list(2025);
        QVERIFY(year2025.ok());
        QCOMPARE(outline(*year2025),
                 (QStringList {QStringLiteral("01"), QStringLiteral("  01-1"), QStringLiteral("    01-1.1"),
                               QStringLiteral("  01-2"), QStringLiteral("  01-10"), QStringLiteral("02"),
                               QStringLiteral("3"), QStringLiteral("10")}));
        QVERIFY(service.list(2023)->isEmpty());

        auto found = service.find(nested);
        QVERIFY(found.ok());
        QCOMPARE(found->code, QStringLiteral("01-1.1"));
        QCOMPARE(found->title, QStringLiteral("Заповеди за отпуск"));
        QCOMPARE(found->parentId, orders);
        QCOMPARE(found->retentionYears, 5);
        QVERIFY(!found->permanent);
        QCOMPARE(found->validFromYear, 2025);
        QCOMPARE(found->validToYear, 0);
        auto permanent = service.find(org);
        QVERIFY(permanent->permanent);
        QCOMPARE(permanent->retentionYears, 0);
        QVERIFY(permanent->isInForce(2024));
        QVERIFY(!permanent->isInForce(2023));
        QCOMPARE(service.find(QStringLiteral("nope")).error().code, ErrorCode::NotFound);
        QCOMPARE(service.list(1800).error().code, ErrorCode::InvalidInput);
    }

    void closeAndReplace()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        ClassificationService service(db.context());
        const QString parent
            = create(service, db.admin, heading(QStringLiteral("05"), QStringLiteral("Стар раздел"), 0));
        const QString child
            = create(service, db.admin,
                     heading(QStringLiteral("05-1"), QStringLiteral("Подраздел"), 10, 2024, parent));
        QVERIFY(!child.isEmpty());

        // The sub-heading is still in force after 2025.
        auto refused = service.close(db.admin, parent, 2025);
        QCOMPARE(refused.error().code, ErrorCode::InvalidState);
        QCOMPARE(service.find(parent)->validToYear, 0);
        QCOMPARE(service.close(db.admin, child, 2023).error().code, ErrorCode::InvalidInput);
        QVERIFY(service.close(db.admin, child, 2025).ok());
        QVERIFY(service.close(db.admin, parent, 2025).ok());
        QCOMPARE(service.close(db.admin, parent, 2026).error().code, ErrorCode::InvalidState);
        QCOMPARE(service.find(parent)->validToYear, 2025);
        QCOMPARE(service.close(db.admin, QStringLiteral("nope"), 2025).error().code, ErrorCode::NotFound);
        QCOMPARE(service.close(db.admin, child, 1800).error().code, ErrorCode::InvalidInput);

        QCOMPARE(outline(*service.list(2025)),
                 (QStringList {QStringLiteral("05"), QStringLiteral("  05-1")}));
        QVERIFY(service.list(2026)->isEmpty());

        // The code is taken while the old heading is in force; free from 2026.
        auto overlapping
            = service.create(db.admin, heading(QStringLiteral("05"), QStringLiteral("Нов"), 5, 2025));
        QCOMPARE(overlapping.error().code, ErrorCode::AlreadyExists);
        auto earlier
            = service.create(db.admin, heading(QStringLiteral("05"), QStringLiteral("Нов"), 5, 2020));
        QCOMPARE(earlier.error().code, ErrorCode::AlreadyExists);
        auto replacement
            = service.create(db.admin, heading(QStringLiteral("05"), QStringLiteral("Нов раздел"), 5, 2026));
        QVERIFY2(replacement.ok(), qPrintable(replacement.error().toString()));
        QCOMPARE(service.list(2026)->size(), 1);
        QCOMPARE(service.list(2026)->first().title, QStringLiteral("Нов раздел"));
        // A closed heading takes no new sub-headings.
        auto underClosed = service.create(
            db.admin, heading(QStringLiteral("05-2"), QStringLiteral("Късен"), 5, 2024, parent));
        QCOMPARE(underClosed.error().code, ErrorCode::InvalidState);
    }

    void rejectsBadInput_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<int>("code");
        QTest::newRow("empty code") << "empty code" << int(ErrorCode::InvalidInput);
        QTest::newRow("code with sql") << "sql code" << int(ErrorCode::InvalidInput);
        QTest::newRow("code with a space") << "spaced code" << int(ErrorCode::InvalidInput);
        QTest::newRow("code ends with a separator") << "dangling code" << int(ErrorCode::InvalidInput);
        QTest::newRow("long code") << "long code" << int(ErrorCode::InvalidInput);
        QTest::newRow("empty title") << "empty title" << int(ErrorCode::InvalidInput);
        QTest::newRow("long title") << "long title" << int(ErrorCode::InvalidInput);
        QTest::newRow("long note") << "long note" << int(ErrorCode::InvalidInput);
        QTest::newRow("neither years nor permanent") << "neither" << int(ErrorCode::InvalidInput);
        QTest::newRow("both years and permanent") << "both" << int(ErrorCode::InvalidInput);
        QTest::newRow("negative years") << "negative" << int(ErrorCode::InvalidInput);
        QTest::newRow("too many years") << "too many" << int(ErrorCode::InvalidInput);
        QTest::newRow("year too early") << "early" << int(ErrorCode::InvalidInput);
        QTest::newRow("year too late") << "late" << int(ErrorCode::InvalidInput);
        QTest::newRow("unknown parent") << "unknown parent" << int(ErrorCode::NotFound);
        QTest::newRow("parent from a later year") << "later parent" << int(ErrorCode::InvalidState);
        QTest::newRow("same code and year") << "duplicate" << int(ErrorCode::AlreadyExists);
        QTest::newRow("clerk") << "clerk" << int(ErrorCode::PermissionDenied);
        QTest::newRow("official") << "official" << int(ErrorCode::PermissionDenied);
        QTest::newRow("auditor") << "auditor" << int(ErrorCode::PermissionDenied);
        QTest::newRow("nobody") << "nobody" << int(ErrorCode::PermissionDenied);
    }

    void rejectsBadInput()
    {
        QFETCH(QString, what);
        QFETCH(int, code);
        DMS_OPEN_TEMP_DATABASE(db);
        ClassificationService service(db.context());
        const QString existing
            = create(service, db.admin, heading(QStringLiteral("01"), QStringLiteral("Раздел"), 0, 2024));
        QVERIFY(!existing.isEmpty());
        NewClassificationHeading draft = heading(QStringLiteral("02"), QStringLiteral("Финанси"), 10, 2024);
        Session session = db.admin;
        if (what == QLatin1String("empty code"))
            draft.code = QStringLiteral("  ");
        else if (what == QLatin1String("sql code"))
            draft.code = QStringLiteral("01'; DROP TABLE classification; --");
        else if (what == QLatin1String("spaced code"))
            draft.code = QStringLiteral("01 2");
        else if (what == QLatin1String("dangling code"))
            draft.code = QStringLiteral("01-");
        else if (what == QLatin1String("long code"))
            draft.code = QString(ClassificationService::kMaxCodeLength + 1, QLatin1Char('1'));
        else if (what == QLatin1String("empty title"))
            draft.title = QStringLiteral(" \t");
        else if (what == QLatin1String("long title"))
            draft.title = QString(ClassificationService::kMaxTitleLength + 1, QLatin1Char('x'));
        else if (what == QLatin1String("long note"))
            draft.note = QString(ClassificationService::kMaxNoteLength + 1, QLatin1Char('x'));
        else if (what == QLatin1String("neither")) {
            draft.retentionYears = 0;
            draft.permanent = false;
        } else if (what == QLatin1String("both"))
            draft.permanent = true;
        else if (what == QLatin1String("negative"))
            draft.retentionYears = -5;
        else if (what == QLatin1String("too many"))
            draft.retentionYears = ClassificationService::kMaxRetentionYears + 1;
        else if (what == QLatin1String("early"))
            draft.validFromYear = 1899;
        else if (what == QLatin1String("late"))
            draft.validFromYear = 2200;
        else if (what == QLatin1String("unknown parent"))
            draft.parentId = QStringLiteral("0190a0a0-0000-7000-8000-000000000000");
        else if (what == QLatin1String("later parent")) {
            draft.parentId = existing;
            draft.validFromYear = 2023;
        } else if (what == QLatin1String("duplicate"))
            draft.code = QStringLiteral("01");
        else if (what == QLatin1String("clerk"))
            session = db.clerk;
        else if (what == QLatin1String("official"))
            session = db.official;
        else if (what == QLatin1String("auditor"))
            session = db.auditor;
        else if (what == QLatin1String("nobody"))
            session = Session {};
        auto result = service.create(session, draft);
        QVERIFY(!result.ok());
        QCOMPARE(int(result.error().code), code);
        QVERIFY(!result.error().message.isEmpty());
        QCOMPARE(headingCount(db), 1);
    }

    void closeNeedsThePermission()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        ClassificationService service(db.context());
        const QString id
            = create(service, db.admin, heading(QStringLiteral("01"), QStringLiteral("Раздел"), 5));
        for (const Session *session : {&db.clerk, &db.official, &db.auditor})
            QCOMPARE(service.close(*session, id, 2025).error().code, ErrorCode::PermissionDenied);
        QCOMPARE(service.find(id)->validToYear, 0);
    }

    void textIsStoredVerbatimAndJournalled()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        ClassificationService service(db.context());
        const QString nasty
            = QStringLiteral("Robert'); DROP TABLE classification; -- \"x\" %_ \\ $$ ? :name");
        NewClassificationHeading draft = heading(QStringLiteral("07"), nasty, 5);
        draft.note = nasty;
        auto created = service.create(db.admin, draft);
        QVERIFY2(created.ok(), qPrintable(created.error().toString()));
        auto stored = service.find(created->id);
        QCOMPARE(stored->title, nasty);
        QCOMPARE(stored->note, nasty);
        QVERIFY(service.close(db.admin, created->id, 2030).ok());

        AuditJournal journal(db.database(), db.clock);
        auto history = journal.history(QStringLiteral("classification"), created->id);
        QVERIFY(history.ok());
        QCOMPARE(history->size(), 2);
        QCOMPARE(history->at(0).event.action, QStringLiteral("classification.create"));
        QCOMPARE(history->at(0).event.details.value(QStringLiteral("code")).toString(), QStringLiteral("07"));
        QCOMPARE(history->at(0).event.details.value(QStringLiteral("retentionYears")).toInt(), 5);
        QCOMPARE(history->at(1).event.action, QStringLiteral("classification.close"));
        QCOMPARE(history->at(1).event.details.value(QStringLiteral("validToYear")).toInt(), 2030);
        QCOMPARE(history->at(1).actor, QStringLiteral("admin"));
        auto report = journal.verify();
        QVERIFY(report.ok());
        QVERIFY2(report->ok(), qPrintable(report->problems.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(tst_ClassificationService)
#include "tst_ClassificationService.moc"
