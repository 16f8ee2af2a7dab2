// SPDX-License-Identifier: GPL-3.0-or-later
// The desks' "exchange.send" command through the sync applier's extension point
// (SyncExtensions): queued signed in the real outbox, refusals, idempotence, and the
// sent document's status published to desks in the change feed (both engines).
#include "DeskSendOffice.h"
#include "ExchangePeer.h"
#include "TempDatabase.h"
#include "exchange/ExchangeSendCommand.h"
#include "exchange/ParticipantFeed.h"
#include "exchange/message/ExchangeGuid.h"
#include "exchange/message/MessageReader.h"
#include "services/DocumentService.h"
#include "services/RegistrationService.h"
#include "storage/BlobStore.h"
#include "storage/Sql.h"
#include "sync/ChangeFeed.h"
#include "sync/ChangeNotifier.h"
#include "sync/DeskDirectory.h"
#include "sync/SyncCommandApplier.h"
#include "sync/SyncExtensions.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace dms;
using namespace dms::exchange;
using namespace dms::exchange::test;

namespace {

const Participant s_us {"000000001", "Община А", "{11111111-1111-4111-8111-111111111111}"};
const Participant s_them {"000000002", "Община Б", "{22222222-2222-4222-8222-222222222222}"};

} // namespace

class tst_ExchangeSendCommand : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_p12;

    using Office = DeskSendOffice;

    static bool setUp(Office &office)
    {
        return office.setUp({{s_them.guid.toUpper(),
                              s_them.identifier,
                              s_them.name,
                              "1f",
                              "https://b.invalid/EGov",
                              true,
                              {}},
                             {"{33333333-3333-4333-8333-333333333333}",
                              "000000003",
                              "Спряна община",
                              "2f",
                              "https://c.invalid/EGov",
                              false,
                              {}}});
    }

    static SyncOutcome send(Office &office, const Session &session, const QJsonObject &payload,
                            const QString &id = Office::newOpId())
    {
        return office.apply(session, ExchangeSendCommand::kind, payload, id);
    }

    static QString errorCode(const SyncOutcome &outcome) { return Office::errorCode(outcome); }

    static QJsonArray publishedExchange(TempDatabase &db, const QString &registrationId)
    {
        return Office::publishedExchange(db, registrationId);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_p12 = makeTransportCertificate(m_dir.path(), "000000001");
        QVERIFY(!m_p12.isEmpty());
    }

    void queuesTheSignedMessageAndPublishesItsStatus()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        db.clock.set(QDateTime::currentDateTimeUtc().addSecs(60)); // the throwaway certificate is valid
        QTemporaryDir blobs;
        Office office(db, s_us, m_p12, blobs.path());
        QVERIFY(setUp(office));

        const SyncOutcome outcome = send(
            office, db.clerk, {{"document_id", office.entry.documentId}, {"recipient_guid", s_them.guid}});
        QCOMPARE(int(outcome.kind), int(SyncOutcome::Kind::Applied));
        const QJsonObject result = outcome.json.value("result").toObject();
        QVERIFY(!result.value("outbox_id").toString().isEmpty());
        const QString documentGuid = result.value("document_guid").toString();
        QVERIFY(ExchangeGuid::isValid(documentGuid));

        // The outbox holds one signed registration request for them, with our number and the file.
        auto outbox = office.peer.service().outbox().list();
        QVERIFY(outbox.ok());
        QCOMPARE(outbox->size(), 1);
        QCOMPARE(outbox->at(0).recipientGuid, ExchangeGuid::normalized(s_them.guid));
        QCOMPARE(outbox->at(0).messageType, QString("MSG_DocumentRegistrationRequest"));
        auto read = MessageReader().read(outbox->at(0).content);
        QVERIFY2(read.ok(), qPrintable(read.ok() ? QString() : read.error().toString()));
        QVERIFY(read->hasSignature);
        const auto &request = std::get<DocumentRegistrationRequest>(read->message.body);
        QCOMPARE(request.docId.number.number, office.entry.index);
        QCOMPARE(request.about, QString("Отговор на запитване"));
        QCOMPARE(request.attachments.size(), 1);
        QCOMPARE(request.attachments.at(0).fileName, QString("letter.pdf"));
        QCOMPARE(request.attachments.at(0).content, QByteArray("%PDF-1.4 signed letter"));

        // Desks learn it is queued, then what the recipient answered.
        QJsonArray published = publishedExchange(db, office.entry.id);
        QCOMPARE(published.size(), 1);
        QCOMPARE(published.at(0).toObject().value("status").toString(), QString("pending"));
        QCOMPARE(published.at(0).toObject().value("recipient_name").toString(), s_them.name);
        QVERIFY(office.peer.service()
                    .outbox()
                    .recordStatus(documentGuid, s_them.guid, "DS_REGISTERED", "94-00-12", QDate(2026, 12, 4))
                    .ok());
        published = publishedExchange(db, office.entry.id);
        QCOMPARE(published.at(0).toObject().value("status").toString(), QString("DS_REGISTERED"));
        QCOMPARE(published.at(0).toObject().value("receiver_number").toString(), QString("94-00-12"));
        QCOMPARE(published.at(0).toObject().value("receiver_date").toString(), QString("2026-12-04"));
        QVERIFY(office.peer.service()
                    .outbox()
                    .recordStatus(documentGuid, s_them.guid, "DS_REJECTED", {}, {}, "Не е по компетентност")
                    .ok());
        published = publishedExchange(db, office.entry.id);
        QCOMPARE(published.at(0).toObject().value("rejection_reason").toString(),
                 QString("Не е по компетентност"));
    }

    void duplicateSendIsIdempotent()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        db.clock.set(QDateTime::currentDateTimeUtc().addSecs(60));
        QTemporaryDir blobs;
        Office office(db, s_us, m_p12, blobs.path());
        QVERIFY(setUp(office));
        const QJsonObject payload {{"document_id", office.entry.documentId}, {"recipient_guid", s_them.guid}};
        const QString first = Office::newOpId();
        const SyncOutcome sent = send(office, db.clerk, payload, first);
        QCOMPARE(int(sent.kind), int(SyncOutcome::Kind::Applied));
        // The same command again: the stored answer, byte for byte.
        const SyncOutcome replay = send(office, db.clerk, payload, first);
        QCOMPARE(replay.json, sent.json);
        // Another command for the same document and recipient: the first send, nothing new queued.
        const SyncOutcome again = send(office, db.clerk, payload);
        QCOMPARE(int(again.kind), int(SyncOutcome::Kind::Applied));
        QVERIFY(again.json.value("result").toObject().value("already_sent").toBool());
        QCOMPARE(again.json.value("result").toObject().value("outbox_id"),
                 sent.json.value("result").toObject().value("outbox_id"));
        QCOMPARE(office.peer.service().outbox().list()->size(), 1);
        // After a definitive failure it may be sent again.
        QVERIFY(office.peer.service()
                    .outbox()
                    .markFailed(sent.json.value("result").toObject().value("outbox_id").toString(), "refused")
                    .ok());
        const SyncOutcome retried = send(office, db.clerk, payload);
        QCOMPARE(int(retried.kind), int(SyncOutcome::Kind::Applied));
        QVERIFY(!retried.json.value("result").toObject().value("already_sent").toBool());
        QCOMPARE(office.peer.service().outbox().list()->size(), 2);
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("who");
        QTest::addColumn<QString>("document");
        QTest::addColumn<QString>("recipient");
        QTest::addColumn<QString>("code");
        const QString known = "known";
        QTest::newRow("unknown document")
            << "clerk" << QUuid::createUuid().toString(QUuid::WithoutBraces) << s_them.guid << "not-found";
        QTest::newRow("unknown participant") << "clerk" << known << "{44444444-4444-4444-8444-444444444444}"
                                             << "not-found";
        QTest::newRow("inactive participant") << "clerk" << known << "{33333333-3333-4333-8333-333333333333}"
                                              << "permission-denied";
        QTest::newRow("not a GUID") << "clerk" << known << "Община Б"
                                    << "invalid-input";
        QTest::newRow("not permitted") << "auditor" << known << s_them.guid << "permission-denied";
        QTest::newRow("no document") << "clerk" << QString() << s_them.guid << "invalid-input";
    }

    void refusals()
    {
        QFETCH(QString, who);
        QFETCH(QString, document);
        QFETCH(QString, recipient);
        QFETCH(QString, code);
        DMS_OPEN_TEMP_DATABASE(db);
        db.clock.set(QDateTime::currentDateTimeUtc().addSecs(60));
        QTemporaryDir blobs;
        Office office(db, s_us, m_p12, blobs.path());
        QVERIFY(setUp(office));
        QJsonObject payload {{"recipient_guid", recipient}};
        if (!document.isEmpty())
            payload.insert("document_id", document == "known" ? office.entry.documentId : document);
        const SyncOutcome outcome = send(office, who == "auditor" ? db.auditor : db.clerk, payload);
        QCOMPARE(int(outcome.kind), int(SyncOutcome::Kind::Rejected));
        QCOMPARE(errorCode(outcome), code);
        QCOMPARE(office.peer.service().outbox().list()->size(), 0);
        QVERIFY(publishedExchange(db, office.entry.id).isEmpty());
    }

    void unknownKindWithoutTheExtension()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        db.clock.set(QDateTime::currentDateTimeUtc().addSecs(60));
        QTemporaryDir blobs;
        Office office(db, s_us, m_p12, blobs.path());
        QVERIFY(setUp(office));
        office.extensions.remove(ExchangeSendCommand::kind);
        office.extensions.remove(ExchangeResendCommand::kind);
        const SyncOutcome outcome = send(
            office, db.clerk, {{"document_id", office.entry.documentId}, {"recipient_guid", s_them.guid}});
        QCOMPARE(errorCode(outcome), QString("invalid-input"));
        QVERIFY(office.extensions.kinds().isEmpty());
    }

    void participantsArePublishedOnceAndWhenGone()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        db.clock.set(QDateTime::currentDateTimeUtc().addSecs(60));
        QTemporaryDir blobs;
        Office office(db, s_us, m_p12, blobs.path());
        QVERIFY(setUp(office));
        auto published = ParticipantFeed::publish(*db.shared(), db.clock);
        QVERIFY(published.ok());
        QCOMPARE(*published, 3);
        QCOMPARE(*ParticipantFeed::publish(*db.shared(), db.clock), 0);
        // Them leave the registry copy: published inactive, once (the inactive one already was).
        QVERIFY(office.peer.service()
                    .directory()
                    .replaceAll({*office.peer.service().directory().find(s_us.guid)})
                    .ok());
        QCOMPARE(*ParticipantFeed::publish(*db.shared(), db.clock), 1);
        QCOMPARE(*ParticipantFeed::publish(*db.shared(), db.clock), 0);
        auto page = ChangeFeed::read(*db.shared(), 0, 10'000, true);
        QVERIFY(page.ok());
        QJsonObject last;
        for (const SyncChange &change : std::as_const(page->changes))
            if (change.entity == "exchange_participant"
                && change.entityId == ExchangeGuid::normalized(s_them.guid))
                last = QJsonDocument::fromJson(change.dataJson).object();
        QCOMPARE(last.value("name").toString(), s_them.name);
        QCOMPARE(last.value("active").toBool(true), false);
    }
};

QTEST_GUILESS_MAIN(tst_ExchangeSendCommand)
#include "tst_ExchangeSendCommand.moc"
