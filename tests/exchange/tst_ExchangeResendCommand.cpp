// SPDX-License-Identifier: GPL-3.0-or-later
// The desks' "exchange.resend" command through the sync applier's extension point
// (SyncExtensions): a send that failed for good goes back to the outbox unchanged and
// desks see it queued again; a repeated command changes nothing more; refusals when
// the send has not failed, was never made, or the user may not send (both engines).
#include "DeskSendOffice.h"
#include "ExchangePeer.h"
#include "TempDatabase.h"
#include "exchange/ExchangeResendCommand.h"
#include "exchange/ExchangeSendCommand.h"
#include "exchange/message/ExchangeGuid.h"
#include "services/DocumentService.h"
#include "services/RegistrationService.h"
#include "storage/BlobStore.h"
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

class tst_ExchangeResendCommand : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_p12;

    /** The office of DeskSendOffice, its entry sent to them (queued in the outbox). */
    struct Office : DeskSendOffice
    {
        using DeskSendOffice::DeskSendOffice;
        QString outboxId;
        QString documentGuid;
    };

    bool setUp(Office &office)
    {
        if (!office.setUp(
                {{s_them.guid, s_them.identifier, s_them.name, "1f", "https://b.invalid/EGov", true, {}}}))
            return false;
        const SyncOutcome sent
            = apply(office, office.db.clerk, ExchangeSendCommand::kind,
                    {{"document_id", office.entry.documentId}, {"recipient_guid", s_them.guid}});
        if (sent.kind != SyncOutcome::Kind::Applied)
            return false;
        office.outboxId = sent.json.value("result").toObject().value("outbox_id").toString();
        office.documentGuid = sent.json.value("result").toObject().value("document_guid").toString();
        return !office.outboxId.isEmpty();
    }

    static SyncOutcome apply(Office &office, const Session &session, const QString &kind,
                             const QJsonObject &payload, const QString &id = Office::newOpId())
    {
        return office.apply(session, kind, payload, id);
    }

    static SyncOutcome resend(Office &office, const Session &session, const QString &id = Office::newOpId())
    {
        return apply(office, session, ExchangeResendCommand::kind,
                     {{"document_id", office.entry.documentId}, {"recipient_guid", s_them.guid}}, id);
    }

    static QString errorCode(const SyncOutcome &outcome) { return Office::errorCode(outcome); }

    /** The latest status the feed published for the registration's send to them. */
    static QString publishedStatus(TempDatabase &db, const QString &registrationId)
    {
        const QJsonArray last = Office::publishedExchange(db, registrationId);
        return last.isEmpty() ? QString() : last.at(0).toObject().value("status").toString();
    }

    static OutboxEntry outboxEntry(Office &office)
    {
        auto entry = office.peer.service().outbox().find(office.outboxId);
        return entry ? *entry : OutboxEntry {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_p12 = makeTransportCertificate(m_dir.path(), "000000001");
        QVERIFY(!m_p12.isEmpty());
    }

    void failedSendIsQueuedAgainOnce()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        db.clock.set(QDateTime::currentDateTimeUtc().addSecs(60)); // the throwaway certificate is valid
        QTemporaryDir blobs;
        Office office(db, s_us, m_p12, blobs.path());
        QVERIFY(setUp(office));
        const QByteArray message = outboxEntry(office).content;
        QVERIFY(!message.isEmpty());

        // The recipient's exchange answered with an error: failed for good, desks told.
        db.clock.advance(5 * 60 * 1000);
        QVERIFY(office.peer.service().outbox().markFailed(office.outboxId, "MSG_Error 0004").ok());
        QCOMPARE(int(outboxEntry(office).state), int(OutboxEntry::State::Failed));
        QCOMPARE(publishedStatus(db, office.entry.id), QString("sent-failed"));

        db.clock.advance(5 * 60 * 1000);
        const QString id = Office::newOpId();
        const SyncOutcome outcome = resend(office, db.clerk, id);
        QCOMPARE(int(outcome.kind), int(SyncOutcome::Kind::Applied));
        const QJsonObject result = outcome.json.value("result").toObject();
        QCOMPARE(result.value("outbox_id").toString(), office.outboxId);
        QCOMPARE(result.value("document_guid").toString(), office.documentGuid);
        QVERIFY(!result.contains("already_queued"));

        // The same signed message, pending and due now with its retries counted anew; desks see it queued.
        OutboxEntry entry = outboxEntry(office);
        QCOMPARE(int(entry.state), int(OutboxEntry::State::Pending));
        QCOMPARE(entry.attempts, 0);
        QCOMPARE(entry.content, message);
        QCOMPARE(office.peer.service().outbox().due()->size(), 1);
        QCOMPARE(office.peer.service().outbox().list()->size(), 1);
        QCOMPARE(publishedStatus(db, office.entry.id), QString("pending"));
        const auto published = ChangeFeed::read(*db.shared(), 0, 10'000, true)->changes.size();

        // The same command again (the desk did not get the answer): the stored answer, nothing more.
        const SyncOutcome repeated = resend(office, db.clerk, id);
        QCOMPARE(int(repeated.kind), int(SyncOutcome::Kind::Applied));
        QCOMPARE(repeated.json.value("result").toObject(), result);
        // Another desk's resend of the queued message: answered, nothing changes.
        db.clock.advance(60 * 1000);
        const SyncOutcome other = resend(office, db.clerk);
        QCOMPARE(int(other.kind), int(SyncOutcome::Kind::Applied));
        QVERIFY(other.json.value("result").toObject().value("already_queued").toBool());
        QCOMPARE(ChangeFeed::read(*db.shared(), 0, 10'000, true)->changes.size(), published);
        QCOMPARE(outboxEntry(office).attempts, 0);
        QCOMPARE(office.peer.service().outbox().list()->size(), 1);
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("situation");
        QTest::addColumn<QString>("code");
        QTest::newRow("delivered") << "delivered"
                                   << "invalid-state";
        QTest::newRow("answered by the recipient") << "registered"
                                                   << "invalid-state";
        QTest::newRow("never sent to them") << "other recipient"
                                            << "not-found";
        QTest::newRow("not a GUID") << "bad recipient"
                                    << "invalid-input";
        QTest::newRow("no document") << "no document"
                                     << "invalid-input";
        QTest::newRow("may not send") << "auditor"
                                      << "permission-denied";
    }

    void refusals()
    {
        QFETCH(QString, situation);
        QFETCH(QString, code);
        DMS_OPEN_TEMP_DATABASE(db);
        db.clock.set(QDateTime::currentDateTimeUtc().addSecs(60));
        QTemporaryDir blobs;
        Office office(db, s_us, m_p12, blobs.path());
        QVERIFY(setUp(office));
        Outbox &outbox = office.peer.service().outbox();
        QJsonObject payload {{"document_id", office.entry.documentId}, {"recipient_guid", s_them.guid}};
        Session session = db.clerk;
        if (situation == "delivered") {
            QVERIFY(outbox.markSent(office.outboxId).ok());
        } else if (situation == "registered") {
            QVERIFY(outbox.markSent(office.outboxId).ok());
            QVERIFY(outbox
                        .recordStatus(office.documentGuid, s_them.guid, "DS_REGISTERED", "1-2",
                                      QDate(2026, 12, 4))
                        .ok());
        } else {
            QVERIFY(outbox.markFailed(office.outboxId, "MSG_Error").ok());
            if (situation == "other recipient")
                payload.insert("recipient_guid", "{33333333-3333-4333-8333-333333333333}");
            else if (situation == "bad recipient")
                payload.insert("recipient_guid", "Община Б");
            else if (situation == "no document")
                payload.remove("document_id");
            else if (situation == "auditor")
                session = db.auditor;
        }
        const auto before = outboxEntry(office);
        const SyncOutcome outcome = apply(office, session, ExchangeResendCommand::kind, payload);
        QCOMPARE(int(outcome.kind), int(SyncOutcome::Kind::Rejected));
        QCOMPARE(errorCode(outcome), code);
        QVERIFY(!outcome.json.value("error").toObject().value("message").toString().isEmpty());
        const auto after = outboxEntry(office);
        QCOMPARE(int(after.state), int(before.state));
        QCOMPARE(after.attempts, before.attempts);
    }
};

QTEST_GUILESS_MAIN(tst_ExchangeResendCommand)
#include "tst_ExchangeResendCommand.moc"
