// SPDX-License-Identifier: GPL-3.0-or-later
#include "EmbeddedDesk.h"
#include "RegisterModel.h"
#include "TempDatabase.h"
#include "audit/AuditJournal.h"
#include "domain/Egn.h"
#include "search/SearchService.h"
#include "services/DemoData.h"
#include "services/RegistrationService.h"
#include "services/RegistryService.h"
#include "services/UserService.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"
#include "sync/ChangeFeed.h"
#include "sync/SyncCommandApplier.h"

#include <QAbstractItemModelTester>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace dms;

namespace {

/** Mid-November 2020: two months after TempDatabase's users were made. */
const QDateTime kNow(QDate(2020, 11, 10), QTime(14, 0), Qt::UTC);

DemoOptions demo(int documents, quint32 seed = 7)
{
    DemoOptions options;
    options.documents = documents;
    options.seed = seed;
    return options;
}

/** What the demo made, in registration order, without ids. */
QStringList entriesOf(TempDatabase &db)
{
    auto conn = db.database().connection();
    if (!conn)
        return {QStringLiteral("error: ") + conn.error().toString()};
    auto rows = Sql::exec(
        *conn,
        QStringLiteral("SELECT r.reg_index, r.registered_at, d.kind, d.subject, d.channel,"
                       " d.access_level, r.status, COALESCE(c.name, ''), COALESCE(r.annul_reason, '')"
                       " FROM registration r JOIN document d ON d.id = r.document_id"
                       " LEFT JOIN correspondent c ON c.id = d.correspondent_id"
                       " ORDER BY r.registered_at, r.reg_index"));
    if (!rows)
        return {QStringLiteral("error: ") + rows.error().toString()};
    QStringList out;
    while (rows->next()) {
        QStringList fields;
        for (int i = 0; i < 9; ++i)
            fields << rows->value(i).toString();
        out << fields.join(QLatin1Char('|'));
    }
    return out;
}

/** What the exchange module records on the office when a document is sent over
 *  СЕОС or its recipient answers (exchange::Outbox::recordStatus): the status of
 *  the document for the recipient, published in the registration's feed data. */
bool recordSent(TempDatabase &db, const QString &documentId, const QString &recipientGuid,
                const QString &status, const QDateTime &at, const QString &number = {},
                const QDate &date = {})
{
    auto tx = Transaction::begin(db.database());
    if (!tx)
        return false;
    const QSqlDatabase &c = tx->connection();
    if (!Sql::exec(c, QStringLiteral("DELETE FROM exchange_participant WHERE guid = ?"), {recipientGuid})
        || !Sql::exec(
            c,
            QStringLiteral("INSERT INTO exchange_participant (guid, identifier, name, certificate_sn,"
                           " endpoint_uri, active, refreshed_at) VALUES (?, '000000002', ?, '1f',"
                           " 'https://them.invalid/', 1, ?)"),
            {recipientGuid, QString(QStringLiteral("Получател ") + recipientGuid.mid(1, 1)), Sql::toText(at)})
        || !Sql::exec(c,
                      QStringLiteral("DELETE FROM exchange_sent_document WHERE document_id = ?"
                                     " AND recipient_guid = ?"),
                      {documentId, recipientGuid})
        || !Sql::exec(c,
                      QStringLiteral("INSERT INTO exchange_sent_document (document_guid, recipient_guid,"
                                     " document_id, status, receiver_number, receiver_date, updated_at)"
                                     " VALUES (?, ?, ?, ?, ?, ?, ?)"),
                      {QStringLiteral("{0d0d0d0d-0000-4000-8000-%1}").arg(documentId.right(12)),
                       recipientGuid, documentId, status, Sql::textOrNull(number),
                       date.isValid() ? QVariant(date.toString(Qt::ISODate)) : Sql::null(), Sql::toText(at)}))
        return false;
    auto changes = SyncCommandApplier::documentChanges(c, documentId, at);
    if (!changes || !ChangeFeed::append(*tx, *changes))
        return false;
    return tx->commit().ok();
}

qint64 countOf(TempDatabase &db, const QString &sql, std::initializer_list<QVariant> params = {})
{
    auto conn = db.database().connection();
    if (!conn)
        return -1;
    auto value = Sql::scalar(*conn, sql, params);
    return value ? value->toLongLong() : -1;
}

} // namespace

/** An embedded desk over `db`, signed in as the administrator (who reads
 *  everything) and caught up with what the office has made so far. */
#define DMS_OPEN_DESK(desk, db)                                                                              \
    auto desk = EmbeddedDesk::open(db);                                                                      \
    QVERIFY(desk);                                                                                           \
    QVERIFY(desk->connection->signIn(QStringLiteral("admin")).ok());                                         \
    QVERIFY(desk->sync())

class tst_RegisterModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void pagesThroughAFewHundredEntries()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        db.clock.set(kNow);
        auto made = DemoData::populate(db.context(), demo(450));
        QVERIFY2(made.ok(), qPrintable(made.error().toString()));
        QCOMPARE(made->registrations, 450);

        DMS_OPEN_DESK(desk, db);
        RegisterModel model(desk->connection->reader(), db.context().timeZone);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0); // no session yet
        QVERIFY(!model.canFetchMore({}));
        model.setSession(db.admin);
        QCOMPARE(model.columnCount(), int(RegisterModel::ColumnCount));
        QCOMPARE(model.rowCount(), RegisterModel::kPageSize);
        QVERIFY(model.canFetchMore({}));
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 2 * RegisterModel::kPageSize);
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 450);
        QVERIFY(!model.canFetchMore({}));
        model.fetchMore({}); // nothing more: no change
        QCOMPARE(model.rowCount(), 450);

        // Newest first, each entry once, and the columns say what the entry is.
        QSet<QString> ids;
        for (int row = 0; row < model.rowCount(); ++row) {
            ids.insert(model.entry(row).registrationId);
            if (row > 0)
                QVERIFY(model.entry(row - 1).registeredAt >= model.entry(row).registeredAt);
        }
        QCOMPARE(ids.size(), 450);
        const DocumentSummary &top = model.entry(0);
        QCOMPARE(model.index(0, RegisterModel::IndexColumn).data().toString(), top.index);
        QCOMPARE(model.index(0, RegisterModel::SubjectColumn).data().toString(), top.subject);
        QCOMPARE(model.index(0, RegisterModel::KindColumn).data().toString(), top.kind);
        QCOMPARE(model.index(0, RegisterModel::CorrespondentColumn).data().toString(), top.correspondentName);
        QCOMPARE(model.index(0, RegisterModel::StatusColumn).data().toString(), displayName(top.status));
        QCOMPARE(
            model.index(0, RegisterModel::DateColumn).data().toString(),
            top.registeredAt.toTimeZone(db.context().timeZone).toString(QStringLiteral("dd.MM.yyyy HH:mm")));
        QCOMPARE(model.index(0, 0).data(RegisterModel::RegistrationIdRole).toString(), top.registrationId);
        QCOMPARE(model.headerData(RegisterModel::SubjectColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Subject"));
        int annulled = 0;
        for (int row = 0; row < model.rowCount(); ++row) {
            if (model.index(row, 0).data(RegisterModel::AnnulledRole).toBool()) {
                ++annulled;
                QVERIFY(model.index(row, RegisterModel::IndexColumn)
                            .data(Qt::FontRole)
                            .value<QFont>()
                            .strikeOut());
            }
        }
        QCOMPARE(annulled, made->annulled);
        QCOMPARE(model.rowOfRegistration(model.entry(321).registrationId), 321);
        QCOMPARE(model.rowOfRegistration(QStringLiteral("no-such-id")), -1);
    }

    void reloadShowsANewRegistration()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        db.clock.set(kNow);
        QVERIFY(DemoData::populate(db.context(), demo(250)).ok());
        DMS_OPEN_DESK(desk, db);
        RegisterModel model(desk->connection->reader(), db.context().timeZone);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSession(db.admin);
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 250);

        db.clock.set(kNow.addSecs(60));
        RegistrationService registrations(db.context());
        NewRegistration request;
        request.registerId = db.incomingRegisterId;
        request.document.kind = QStringLiteral("Жалба");
        request.document.subject = QStringLiteral("Жалба относно дупка на ул. „Тестова“");
        auto entry = registrations.registerDocument(db.clerk, request);
        QVERIFY(entry.ok());
        QVERIFY(desk->sync()); // the entry reaches the desk through the feed
        QCOMPARE(model.rowOfRegistration(entry->id), -1); // not before a reload

        QSignalSpy reloaded(&model, &RegisterModel::reloaded);
        model.reload();
        QCOMPARE(reloaded.count(), 1);
        QCOMPARE(model.rowCount(), RegisterModel::kPageSize);
        QCOMPARE(model.rowOfRegistration(entry->id), 0);
        QCOMPARE(model.entry(0).index, entry->index);
        QCOMPARE(model.entry(0).subject, request.document.subject);
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 251);
    }

    void exchangeColumnShowsTheLatestStatus()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        db.clock.set(kNow);
        QVERIFY(DemoData::populate(db.context(), demo(260)).ok());
        DMS_OPEN_DESK(desk, db);
        RegisterModel model(desk->connection->reader(), db.context().timeZone);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSession(db.admin);
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 260);
        QCOMPARE(model.headerData(RegisterModel::ExchangeColumn, Qt::Horizontal).toString(),
                 QStringLiteral("СЕОС"));
        for (int row = 0; row < model.rowCount(); ++row) // never sent: empty
            QCOMPARE(model.index(row, RegisterModel::ExchangeColumn).data().toString(), QString());

        // One entry of the first page, one of the second; two recipients for the first.
        const QString first = model.entry(3).documentId;
        const QString second = model.entry(RegisterModel::kPageSize + 5).documentId;
        const QString firstId = model.entry(3).registrationId;
        const QString secondId = model.entry(RegisterModel::kPageSize + 5).registrationId;
        const QString them = QStringLiteral("{22222222-2222-4222-8222-222222222222}");
        const QString others = QStringLiteral("{33333333-3333-4333-8333-333333333333}");
        QVERIFY(recordSent(db, first, them, QStringLiteral("DS_WAIT_REGISTRATION"), kNow.addSecs(60)));
        QVERIFY(recordSent(db, first, others, QStringLiteral("sent-failed"), kNow.addSecs(120)));
        QVERIFY(recordSent(db, second, them, QStringLiteral("pending"), kNow.addSecs(60)));
        QVERIFY(desk->sync());
        model.reload();
        model.fetchMore({});
        const auto cell = [&model](const QString &registrationId, int role = Qt::DisplayRole) {
            return model.index(model.rowOfRegistration(registrationId), RegisterModel::ExchangeColumn)
                .data(role)
                .toString();
        };
        QCOMPARE(cell(firstId), QStringLiteral("Send failed"));
        QCOMPARE(cell(firstId, RegisterModel::ExchangeStatusRole), QStringLiteral("sent-failed"));
        QCOMPARE(cell(firstId, Qt::ToolTipRole),
                 QStringLiteral("Получател 2: Delivered, awaiting registration\n"
                                "Получател 3: Sending failed"));
        QCOMPARE(cell(secondId), QStringLiteral("Queued"));
        QCOMPARE(cell(secondId, Qt::ToolTipRole), QStringLiteral("Получател 2: Queued for sending"));

        // The recipient's answer arrives through sync: shown after the reload that follows.
        QVERIFY(recordSent(db, second, them, QStringLiteral("DS_REGISTERED"), kNow.addSecs(180),
                           QStringLiteral("12-34"), QDate(2026, 12, 5)));
        QVERIFY(desk->sync());
        QCOMPARE(cell(secondId), QStringLiteral("Queued"));
        model.reload();
        model.fetchMore({});
        QCOMPARE(cell(secondId), QStringLiteral("Registered by the recipient 12-34/05.12.2026"));
        QCOMPARE(cell(secondId, Qt::ToolTipRole),
                 QStringLiteral("Получател 2: Registered by the recipient as 12-34/05.12.2026"));
        QCOMPARE(model.exchange(model.rowOfRegistration(secondId)).size(), 1);
        int sent = 0;
        for (int row = 0; row < model.rowCount(); ++row)
            sent += model.index(row, RegisterModel::ExchangeColumn).data().toString().isEmpty() ? 0 : 1;
        QCOMPARE(sent, 2);
    }

    void registrationOnTheDeskGetsTheOfficialNumber()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        db.clock.set(kNow);
        QVERIFY(DemoData::populate(db.context(), demo(40)).ok());
        DMS_OPEN_DESK(desk, db);
        RegisterModel model(desk->connection->reader(), db.context().timeZone);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSession(db.admin);
        QCOMPARE(model.rowCount(), 40);

        // Offline first: the entry is kept with the desk's provisional number.
        desk->connection->setServerReachable(false);
        QTRY_COMPARE_WITH_TIMEOUT(desk->connection->state(), SyncState::Offline, 10'000);
        db.clock.set(kNow.addSecs(120));
        NewRegistration request;
        request.registerId = db.incomingRegisterId;
        request.document.kind = QStringLiteral("Писмо");
        request.document.subject = QStringLiteral("Писмо, прието без връзка");
        auto queued = desk->connection->engine()->registerDocument(request);
        QVERIFY(queued.ok());
        model.reload();
        QCOMPARE(model.rowCount(), 41);
        QCOMPARE(model.entry(0).index, QStringLiteral("ВР-Т1-1"));
        QCOMPARE(model.entry(0).registrationId, queued->opId);
        QVERIFY(model.index(0, 0).data(RegisterModel::PendingRole).toBool());
        QCOMPARE(model.index(0, RegisterModel::StatusColumn).data().toString(),
                 QStringLiteral("Awaiting number"));
        QCOMPARE(countOf(db, QStringLiteral("SELECT COUNT(*) FROM registration")), 40);

        // Back online, the server numbers it; the same row then carries the official index.
        QSignalSpy decided(desk->connection.get(), &DeskConnection::commandDecided);
        desk->connection->setServerReachable(true);
        QTRY_COMPARE_WITH_TIMEOUT(decided.size(), 1, 10'000);
        QVERIFY(decided.first().at(1).toBool());
        const QJsonObject result
            = decided.first().at(2).toJsonObject().value(QStringLiteral("result")).toObject();
        model.reload();
        QCOMPARE(model.rowCount(), 41);
        const QString official = result.value(QStringLiteral("index")).toString();
        QVERIFY2(official.startsWith(QStringLiteral("СОА20-ВК66-")), qPrintable(official));
        QCOMPARE(model.entry(0).index, official);
        QCOMPARE(model.entry(0).registrationId, result.value(QStringLiteral("registration_id")).toString());
        QVERIFY(!model.index(0, 0).data(RegisterModel::PendingRole).toBool());
        QVERIFY(desk->sync());
        model.reload();
        QCOMPARE(model.entry(0).index, official);
        QCOMPARE(model.entry(0).subject, request.document.subject);
        auto details = desk->connection->reader().find(model.entry(0).registrationId);
        QVERIFY(details.ok());
        QCOMPARE(details->provisionalNumber, QStringLiteral("ВР-Т1-1"));
        // Searching finds it by its official and by its provisional number.
        SearchQuery query;
        query.text = QStringLiteral("ВР-Т1-1");
        model.setQuery(query);
        QCOMPARE(model.rowCount(), 1);
        query.text = official;
        model.setQuery(query);
        QCOMPARE(model.rowCount(), 1);
    }

    void entriesArrivingBetweenPagesAreNotRepeated()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        db.clock.set(kNow);
        QVERIFY(DemoData::populate(db.context(), demo(230)).ok());
        DMS_OPEN_DESK(desk, db);
        RegisterModel model(desk->connection->reader(), db.context().timeZone);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSession(db.admin);
        QCOMPARE(model.rowCount(), RegisterModel::kPageSize);

        // Three newer entries shift every later page by three rows.
        RegistrationService registrations(db.context());
        for (int i = 0; i < 3; ++i) {
            db.clock.set(kNow.addSecs(60 * (i + 1)));
            NewRegistration request;
            request.registerId = db.incomingRegisterId;
            request.document.kind = QStringLiteral("Писмо");
            request.document.subject = QStringLiteral("Писмо %1").arg(i);
            QVERIFY(registrations.registerDocument(db.clerk, request).ok());
        }
        QVERIFY(desk->sync());
        while (model.canFetchMore({}))
            model.fetchMore({});
        QCOMPARE(model.rowCount(), 230);
        QSet<QString> ids;
        for (int row = 0; row < model.rowCount(); ++row)
            ids.insert(model.entry(row).registrationId);
        QCOMPARE(ids.size(), 230);
    }

    void filtersAndReadingRights()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        db.clock.set(kNow);
        auto made = DemoData::populate(db.context(), demo(260));
        QVERIFY(made.ok());
        QVERIFY(made->restricted > 0);
        DMS_OPEN_DESK(desk, db);
        RegisterModel model(desk->connection->reader(), db.context().timeZone);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

        SearchQuery query;
        query.registerId = db.secondRegisterId; // ДИ05: requests for access to information
        model.setSession(db.admin);
        model.setQuery(query);
        QVERIFY(model.rowCount() > 0);
        const qint64 inRegister
            = countOf(db, QStringLiteral("SELECT COUNT(*) FROM registration WHERE register_id = ?"),
                      {db.secondRegisterId});
        QCOMPARE(model.rowCount(), int(inRegister));
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.entry(row).registerId, db.secondRegisterId);

        query = {};
        query.text = QStringLiteral("ЗДОИ");
        model.setQuery(query);
        QVERIFY(model.rowCount() > 0);
        for (int row = 0; row < model.rowCount(); ++row)
            QVERIFY2(model.entry(row).subject.contains(QStringLiteral("ЗДОИ")),
                     qPrintable(model.entry(row).subject));

        // A clerk may not read restricted documents; an official may.
        query = {};
        model.setQuery(query);
        while (model.canFetchMore({}))
            model.fetchMore({});
        QCOMPARE(model.rowCount(), 260);
        model.setSession(db.clerk);
        while (model.canFetchMore({}))
            model.fetchMore({});
        QCOMPARE(model.rowCount(), 260 - made->restricted);
        for (int row = 0; row < model.rowCount(); ++row)
            QVERIFY(model.entry(row).accessLevel != AccessLevel::Restricted);
        model.setSession(db.official);
        while (model.canFetchMore({}))
            model.fetchMore({});
        QCOMPARE(model.rowCount(), 260);
    }

    void failedLoadIsReported()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        db.clock.set(kNow);
        QVERIFY(DemoData::populate(db.context(), demo(30)).ok());
        DMS_OPEN_DESK(desk, db);
        RegisterModel model(desk->connection->reader(), db.context().timeZone);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSession(db.admin);
        QCOMPARE(model.rowCount(), 30);
        QVERIFY(model.lastError().message.isEmpty());

        QSignalSpy failed(&model, &RegisterModel::loadFailed);
        SearchQuery query;
        query.text = QString(SearchService::kMaxTextLength + 1, QLatin1Char('a'));
        model.setQuery(query);
        QCOMPARE(failed.count(), 1);
        QCOMPARE(model.lastError().code, ErrorCode::InvalidInput);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.canFetchMore({}));

        // A session without the right to read gets nothing, with the reason.
        Session nobody = db.admin;
        nobody.roles.clear();
        model.setQuery({});
        model.setSession(nobody);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.lastError().code, ErrorCode::PermissionDenied);
        model.setSession(db.admin);
        QCOMPARE(model.rowCount(), 30);
        QVERIFY(model.lastError().message.isEmpty());
    }

    void sqlMetacharactersInSearchAreJustText()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        db.clock.set(kNow);
        RegistrationService registrations(db.context());
        NewRegistration request;
        request.registerId = db.incomingRegisterId;
        request.document.kind = QStringLiteral("Писмо");
        request.document.subject = QStringLiteral("Robert'); DROP TABLE registration;--");
        QVERIFY(registrations.registerDocument(db.clerk, request).ok());
        DMS_OPEN_DESK(desk, db);
        RegisterModel model(desk->connection->reader(), db.context().timeZone);
        model.setSession(db.admin);
        SearchQuery query;
        query.text = QStringLiteral("'); DROP TABLE registration;--");
        model.setQuery(query);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.entry(0).subject, request.document.subject);
    }

    // DemoData feeds these models (and the screenshots); its contract is checked here.
    void demoDataOnAnEmptyDatabase()
    {
        TempDatabase db; // not seeded: no users, no registry
        if (db.skip())
            QSKIP(qPrintable(db.problem()));
        QVERIFY2(db.problem().isEmpty(), qPrintable(db.problem()));
        db.clock.set(kNow);
        int calls = 0;
        DemoOptions options = demo(120);
        options.progress = [&calls](int done, int total) {
            ++calls;
            return done <= total;
        };
        auto made = DemoData::populate(db.context(), options);
        QVERIFY2(made.ok(), qPrintable(made.error().toString()));
        QCOMPARE(calls, 120);
        QCOMPARE(made->registrations, 120);
        QVERIFY(made->caseFiles > 0);
        QVERIFY(made->followUps > 0);
        QVERIFY(made->correspondents > 0);
        QCOMPARE(countOf(db, QStringLiteral("SELECT COUNT(*) FROM registration")), 120);
        QCOMPARE(countOf(db, QStringLiteral("SELECT COUNT(*) FROM registration WHERE status = 'annulled'")),
                 made->annulled);
        QCOMPARE(countOf(db, QStringLiteral("SELECT COUNT(*) FROM registration WHERE sub_number > 0")),
                 made->followUps);
        QCOMPARE(countOf(db, QStringLiteral("SELECT COUNT(*) FROM case_file")), made->caseFiles);
        QCOMPARE(countOf(db, QStringLiteral("SELECT COUNT(*) FROM correspondent")), made->correspondents);

        UserService users(db.context());
        for (const char *login : {"admin", "clerk", "official", "auditor"}) {
            auto session = users.sessionFor(QString::fromLatin1(login));
            QVERIFY2(session.ok(), login);
        }
        QVERIFY(users.sessionFor(QStringLiteral("admin"))->can(Permission::AnnulRegistration));
        RegistryService registries(db.context());
        auto registers = registries.registers(made->registryId);
        QVERIFY(registers.ok());
        QStringList codes;
        for (const Register &reg : *registers)
            codes << reg.code + QLatin1Char(':') + toName(reg.kind);
        codes.sort();
        QCOMPARE(codes,
                 QStringList({QStringLiteral("ВК66:incoming"), QStringLiteral("ВЪ01:internal"),
                              QStringLiteral("ДИ05:incoming"), QStringLiteral("ИЗ01:outgoing")}));

        // Every personal number is a made-up one with a valid check digit.
        auto conn = db.database().connection();
        QVERIFY(conn.ok());
        auto egns = Sql::exec(*conn, QStringLiteral("SELECT egn FROM correspondent WHERE egn IS NOT NULL"));
        QVERIFY(egns.ok());
        int withEgn = 0;
        while (egns->next()) {
            QVERIFY(Egn::validate(egns->value(0).toString()).ok());
            ++withEgn;
        }
        QVERIFY(withEgn > 0);

        // All within office hours of working days in the last 60 days, in journal order.
        auto times = Sql::exec(*conn, QStringLiteral("SELECT registered_at FROM registration"));
        QVERIFY(times.ok());
        while (times->next()) {
            const QDateTime at = QDateTime::fromString(times->value(0).toString(), Qt::ISODateWithMs);
            QVERIFY(at >= kNow.addDays(-60) && at <= kNow);
            const QDateTime local = at.toTimeZone(db.context().timeZone);
            QVERIFY2(local.time() >= QTime(8, 30) && local.time() <= QTime(17, 31),
                     qPrintable(local.toString()));
            QVERIFY(local.date().dayOfWeek() <= 5);
        }
        auto journal = Sql::exec(*conn, QStringLiteral("SELECT at FROM audit_journal ORDER BY seq"));
        QVERIFY(journal.ok());
        QString previous;
        while (journal->next()) {
            const QString at = journal->value(0).toString();
            QVERIFY2(at >= previous, qPrintable(at));
            previous = at;
        }
        AuditJournal audit(db.database(), db.clock);
        auto report = audit.verify();
        QVERIFY(report.ok());
        QVERIFY2(report->ok(), qPrintable(report->problems.join(QLatin1Char('\n'))));
    }

    void demoDataIsDeterministic()
    {
        DMS_OPEN_TEMP_DATABASE(first);
        DMS_OPEN_TEMP_DATABASE(second);
        DMS_OPEN_TEMP_DATABASE(third);
        for (TempDatabase *db : {&first, &second, &third})
            db->clock.set(kNow);
        QVERIFY(DemoData::populate(first.context(), demo(80, 42)).ok());
        QVERIFY(DemoData::populate(second.context(), demo(80, 42)).ok());
        QVERIFY(DemoData::populate(third.context(), demo(80, 43)).ok());
        const QStringList a = entriesOf(first);
        QCOMPARE(a.size(), 80);
        QCOMPARE(entriesOf(second), a);
        QVERIFY(entriesOf(third) != a);
    }

    void demoDataRunsTwiceOnOneDatabase()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        db.clock.set(kNow);
        auto first = DemoData::populate(db.context(), demo(40));
        QVERIFY(first.ok());
        db.clock.set(kNow.addDays(3));
        auto second = DemoData::populate(db.context(), demo(40));
        QVERIFY2(second.ok(), qPrintable(second.error().toString()));
        QCOMPARE(second->registryId, first->registryId);
        QCOMPARE(countOf(db, QStringLiteral("SELECT COUNT(*) FROM registration")), 80);
        QCOMPARE(countOf(db, QStringLiteral("SELECT COUNT(*) FROM registry")), 1);
        QCOMPARE(countOf(db, QStringLiteral("SELECT COUNT(*) FROM register")), 4);
        // The same seed means the same people: they are found again, not duplicated.
        QVERIFY(second->correspondents < first->correspondents);

        // Again at once: the clock is now behind the journal's end, and the mail still follows it.
        auto conn = db.database().connection();
        QVERIFY(conn.ok());
        auto lastAt = Sql::scalar(*conn, QStringLiteral("SELECT MAX(at) FROM audit_journal"));
        QVERIFY(lastAt.ok());
        const QString journalEnd = lastAt->toString();
        QVERIFY(DemoData::populate(db.context(), demo(40)).ok());
        QCOMPARE(countOf(db, QStringLiteral("SELECT COUNT(*) FROM registration WHERE registered_at > ?"),
                         {journalEnd}),
                 40);
        auto journal = Sql::exec(*conn, QStringLiteral("SELECT at FROM audit_journal ORDER BY seq"));
        QVERIFY(journal.ok());
        QString previous;
        while (journal->next()) {
            QVERIFY2(journal->value(0).toString() >= previous, qPrintable(journal->value(0).toString()));
            previous = journal->value(0).toString();
        }
        AuditJournal audit(db.database(), db.clock);
        auto report = audit.verify();
        QVERIFY(report.ok() && report->ok());
    }

    void demoDataStopsWhenAsked()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        db.clock.set(kNow);
        DemoOptions options = demo(50);
        options.progress = [](int done, int) {
            return done < 10;
        };
        auto made = DemoData::populate(db.context(), options);
        QVERIFY(!made.ok());
        QCOMPARE(made.error().code, ErrorCode::Cancelled);
        QCOMPARE(countOf(db, QStringLiteral("SELECT COUNT(*) FROM registration")), 10);

        options = demo(-1);
        auto negative = DemoData::populate(db.context(), options);
        QVERIFY(!negative.ok());
        QCOMPARE(negative.error().code, ErrorCode::InvalidInput);
        QCOMPARE(countOf(db, QStringLiteral("SELECT COUNT(*) FROM registration")), 10);
    }

    void demoDataNeedsAnAdministrator()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        db.clock.set(kNow);
        // The only administrator loses the role: nobody may set up the demo.
        UserService users(db.context());
        QVERIFY(users.setRoles(db.admin, db.admin.userId, {Role::Clerk}).ok());
        const qint64 journal = countOf(db, QStringLiteral("SELECT COUNT(*) FROM audit_journal"));
        auto made = DemoData::populate(db.context(), demo(5));
        QVERIFY(!made.ok());
        QCOMPARE(made.error().code, ErrorCode::PermissionDenied);
        QCOMPARE(countOf(db, QStringLiteral("SELECT COUNT(*) FROM registration")), 0);
        QCOMPARE(countOf(db, QStringLiteral("SELECT COUNT(*) FROM audit_journal")), journal);
    }
};

QTEST_MAIN(tst_RegisterModel)
#include "tst_RegisterModel.moc"
