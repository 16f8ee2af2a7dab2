// SPDX-License-Identifier: GPL-3.0-or-later
// Two administrations with their own databases and transport certificates exchange
// documents through the real message, SOAP and XMLDSig layers (in-process transport).
#include "ExchangePeer.h"
#include "TempDatabase.h"
#include "exchange/RetrySchedule.h"
#include "exchange/message/ExchangeGuid.h"
#include "exchange/message/MessageReader.h"
#include "storage/Sql.h"

#include <QTest>

using namespace dms;
using namespace dms::exchange;
using namespace dms::exchange::test;

namespace {

const Participant s_a {"000000001", "Администрация А", "{11111111-1111-4111-8111-111111111111}"};
const Participant s_b {"000000002", "Администрация Б", "{22222222-2222-4222-8222-222222222222}"};
const QString s_uriA = "https://a.obmen.invalid:8443/EGovExchange";
const QString s_uriB = "https://b.obmen.invalid:8443/EGovExchange";

DocumentRegistrationRequest letter(const QString &number)
{
    DocumentRegistrationRequest r;
    r.docId.kind = DocumentId::Kind::Number;
    r.docId.number = {number, QDate(2026, 3, 2)};
    r.docId.guid = ExchangeGuid::create().toUpper().replace("{", "{"); // peers may use upper case
    r.kind = "Писмо";
    r.about = "Искане за становище";
    r.attachments = {{"pismo.txt", "Тестово писмо", {}, "text/plain"}};
    return r;
}

} // namespace

class tst_ExchangeService : public QObject
{
    Q_OBJECT

    QTemporaryDir m_pki;
    QString m_p12A;
    QString m_p12B;

    struct Pair
    {
        TempDatabase dbA;
        TempDatabase dbB;
        std::unique_ptr<ExchangePeer> a;
        std::unique_ptr<ExchangePeer> b;
        LoopbackTransport transport;
    };

    bool setUp(Pair &pair, bool bKnowsA = true, const QString &serialOfAatB = {})
    {
        if (!pair.dbA.problem().isEmpty() || !pair.dbB.problem().isEmpty() || !pair.dbA.seed()
            || !pair.dbB.seed())
            return false;
        // The throwaway certificates are valid from now on.
        pair.dbA.clock.set(QDateTime::currentDateTimeUtc().addSecs(60));
        pair.dbB.clock.set(QDateTime::currentDateTimeUtc().addSecs(60));
        pair.a = std::make_unique<ExchangePeer>(pair.dbA, s_a, m_p12A);
        pair.b = std::make_unique<ExchangePeer>(pair.dbB, s_b, m_p12B);
        const ParticipantRecord recA {
            s_a.guid, s_a.identifier, s_a.name, serialOfAatB.isEmpty() ? pair.a->serialHex() : serialOfAatB,
            s_uriA,   true,           {}};
        const ParticipantRecord recB {
            s_b.guid.toUpper(), s_b.identifier, s_b.name, pair.b->serialHex(), s_uriB, true, {}};
        QList<ParticipantRecord> atB {recB};
        if (bKnowsA)
            atB.append(recA);
        if (!pair.a->service().directory().replaceAll({recA, recB})
            || !pair.b->service().directory().replaceAll(atB))
            return false;
        pair.transport.addPeer(s_uriA, pair.a.get());
        pair.transport.addPeer(s_uriB, pair.b.get());
        return true;
    }

    static int deliver(ExchangePeer &peer, Transport &transport)
    {
        auto delivered = peer.service().deliverDue(transport);
        return delivered ? *delivered : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_pki.isValid());
        m_p12A = makeTransportCertificate(m_pki.path(), "000000001");
        m_p12B = makeTransportCertificate(m_pki.path(), "000000002");
        QVERIFY(!m_p12A.isEmpty() && !m_p12B.isEmpty());
    }

    void registrationRoundTrip()
    {
        Pair p;
        if (p.dbA.skip())
            QSKIP(qPrintable(p.dbA.problem()));
        QVERIFY(setUp(p));
        const DocumentRegistrationRequest doc = letter("СОА26-ИЗ01-5");
        auto queued = p.a->service().sendDocument(s_b.guid, doc, {});
        QVERIFY2(queued.ok(), qPrintable(queued.error().toString()));
        QCOMPARE(deliver(*p.a, p.transport), 1);

        auto inbox = p.b->service().inbox().list();
        QVERIFY(inbox.ok());
        QCOMPARE(inbox->size(), 1);
        QCOMPARE(int(inbox->at(0).status), int(DocumentStatus::WaitRegistration));
        auto sent = p.a->service().outbox().sentDocument(doc.docId.guid, s_b.guid);
        QVERIFY(sent.ok());
        QCOMPARE(sent->status, QString("DS_WAIT_REGISTRATION"));

        auto registered
            = p.b->service().registerIncoming(p.dbB.clerk, inbox->at(0).id, p.dbB.incomingRegisterId);
        QVERIFY2(registered.ok(), qPrintable(registered.error().toString()));
        // Registering twice is refused: exactly once.
        QVERIFY(
            !p.b->service().registerIncoming(p.dbB.clerk, inbox->at(0).id, p.dbB.incomingRegisterId).ok());
        QCOMPARE(deliver(*p.b, p.transport), 1); // B pushes DS_REGISTERED to A

        sent = p.a->service().outbox().sentDocument(doc.docId.guid, s_b.guid);
        QCOMPARE(sent->status, QString("DS_REGISTERED"));
        QCOMPARE(sent->receiverNumber, registered->index);
        QCOMPARE(sent->receiverDate, registered->registeredOn);

        // A asks for the status; B answers synchronously with its number.
        QVERIFY(p.a->service().requestStatus(s_b.guid, doc.docId).ok());
        QCOMPARE(deliver(*p.a, p.transport), 1);
        QCOMPARE(p.a->service().outbox().sentDocument(doc.docId.guid, s_b.guid)->status,
                 QString("DS_REGISTERED"));
    }

    void rejectionGoesBack()
    {
        Pair p;
        if (p.dbA.skip())
            QSKIP(qPrintable(p.dbA.problem()));
        QVERIFY(setUp(p));
        const DocumentRegistrationRequest doc = letter("СОА26-ИЗ01-6");
        QVERIFY(p.a->service().sendDocument(s_b.guid, doc).ok());
        QCOMPARE(deliver(*p.a, p.transport), 1);
        const QString id = p.b->service().inbox().list()->at(0).id;
        QVERIFY(p.b->service().rejectIncoming(id, "Не е по компетентност").ok());
        QVERIFY(!p.b->service().registerIncoming(p.dbB.clerk, id, p.dbB.incomingRegisterId).ok());
        QCOMPARE(deliver(*p.b, p.transport), 1);
        auto sent = p.a->service().outbox().sentDocument(doc.docId.guid, s_b.guid);
        QCOMPARE(sent->status, QString("DS_REJECTED"));
        QCOMPARE(sent->rejectionReason, QString("Не е по компетентност"));
    }

    void faultsConverge_data()
    {
        QTest::addColumn<int>("fault");
        QTest::addColumn<int>("times");
        QTest::newRow("dropped before delivery") << int(LoopbackTransport::Fault::DropBefore) << 2;
        QTest::newRow("reply lost after delivery") << int(LoopbackTransport::Fault::DropAfter) << 3;
        QTest::newRow("soap fault") << int(LoopbackTransport::Fault::ServerFault) << 1;
        QTest::newRow("duplicated message") << int(LoopbackTransport::Fault::Duplicate) << 1;
        // The receiver processes the request only after the sender's timeout, twice in a row:
        // the retry (same MessageGUID and bytes) meets the late original.
        QTest::newRow("delayed reply") << int(LoopbackTransport::Fault::Delayed) << 2;
    }
    void faultsConverge()
    {
        QFETCH(int, fault);
        QFETCH(int, times);
        Pair p;
        if (p.dbA.skip())
            QSKIP(qPrintable(p.dbA.problem()));
        QVERIFY(setUp(p));
        const DocumentRegistrationRequest doc = letter("СОА26-ИЗ01-7");
        QVERIFY(p.a->service().sendDocument(s_b.guid, doc).ok());
        p.transport.failNext(LoopbackTransport::Fault(fault), times);
        for (int round = 0; round < 6; ++round) {
            QVERIFY(deliver(*p.a, p.transport) >= 0);
            if (round == 1) {
                p.a->restart(); // either side restarts mid-exchange
                p.b->restart();
            }
            p.dbA.clock.advance(RetrySchedule::kFirstDelaySeconds * 1000 << round);
        }
        p.transport.flushDelayed();
        QCOMPARE(p.b->service().inbox().list()->size(), 1);
        auto sent = p.a->service().outbox().sentDocument(doc.docId.guid, s_b.guid);
        QCOMPARE(sent->status, QString("DS_WAIT_REGISTRATION"));
        const QString id = p.b->service().inbox().list()->at(0).id;
        QVERIFY(p.b->service().registerIncoming(p.dbB.clerk, id, p.dbB.incomingRegisterId).ok());
        p.transport.failNext(LoopbackTransport::Fault(fault), times);
        for (int round = 0; round < 6; ++round) {
            QVERIFY(deliver(*p.b, p.transport) >= 0);
            p.dbB.clock.advance(RetrySchedule::kFirstDelaySeconds * 1000 << round);
        }
        p.transport.flushDelayed();
        QCOMPARE(p.a->service().outbox().sentDocument(doc.docId.guid, s_b.guid)->status,
                 QString("DS_REGISTERED"));
        QCOMPARE(p.b->service().inbox().list()->size(), 1);
        // Nothing is left to deliver on either side.
        QCOMPARE(p.a->service().outbox().due()->size(), 0);
        QCOMPARE(p.b->service().outbox().due()->size(), 0);
        // The receiver registered it exactly once.
        auto count = Sql::scalar(*p.dbB.database().connection(), "SELECT COUNT(*) FROM registration");
        QCOMPARE(count->toInt(), 1);
    }

    void sameDocumentResentIsAlreadyReceived()
    {
        Pair p;
        if (p.dbA.skip())
            QSKIP(qPrintable(p.dbA.problem()));
        QVERIFY(setUp(p));
        const DocumentRegistrationRequest doc = letter("СОА26-ИЗ01-8");
        QVERIFY(p.a->service().sendDocument(s_b.guid, doc).ok());
        QCOMPARE(deliver(*p.a, p.transport), 1);
        QVERIFY(p.b->service()
                    .registerIncoming(p.dbB.clerk, p.b->service().inbox().list()->at(0).id,
                                      p.dbB.incomingRegisterId)
                    .ok());
        // The sender sends the same document again with a new MessageGUID.
        QVERIFY(p.a->service().sendDocument(s_b.guid, doc).ok());
        QCOMPARE(deliver(*p.a, p.transport), 1);
        QCOMPARE(p.b->service().inbox().list()->size(), 1);
        auto sent = p.a->service().outbox().sentDocument(doc.docId.guid, s_b.guid);
        QCOMPARE(sent->status, QString("DS_ALREADY_RECEIVED"));
        QVERIFY(!sent->receiverNumber.isEmpty());
    }

    void retryScheduleThenFailure()
    {
        Pair p;
        if (p.dbA.skip())
            QSKIP(qPrintable(p.dbA.problem()));
        QVERIFY(setUp(p));
        const DocumentRegistrationRequest doc = letter("СОА26-ИЗ01-9");
        auto id = p.a->service().sendDocument(s_b.guid, doc);
        QVERIFY(id.ok());
        p.transport.failNext(LoopbackTransport::Fault::DropBefore, 1000);
        const QDateTime start = p.dbA.clock.now();
        QDateTime expected = start;
        for (int attempt = 1; attempt <= 11; ++attempt) {
            QCOMPARE(deliver(*p.a, p.transport), 0);
            QCOMPARE(p.transport.calls(), attempt);
            QCOMPARE(deliver(*p.a, p.transport), 0); // not due yet: no call
            QCOMPARE(p.transport.calls(), attempt);
            auto entry = p.a->service().outbox().find(*id);
            if (attempt <= 10) {
                expected = p.dbA.clock.now().addSecs(RetrySchedule::kFirstDelaySeconds << (attempt - 1));
                QCOMPARE(entry->nextAttemptAt, expected);
                p.dbA.clock.set(expected);
            } else {
                QCOMPARE(int(entry->state), int(OutboxEntry::State::Failed));
            }
        }
        // 10 d 15 h 45 m from the first attempt to the last.
        QCOMPARE(start.secsTo(p.dbA.clock.now()), qint64(((10 * 24 + 15) * 60 + 45) * 60));
        QCOMPARE(p.a->service().outbox().sentDocument(doc.docId.guid, s_b.guid)->status,
                 QString("sent-failed"));
        // The clerk's resend puts it back; a working link delivers it.
        QVERIFY(p.a->service().outbox().resend(*id).ok());
        p.transport.failNext(LoopbackTransport::Fault::None, 0);
        QCOMPARE(deliver(*p.a, p.transport), 1);
        QCOMPARE(p.b->service().inbox().list()->size(), 1);
    }

    void refusedPeers_data()
    {
        QTest::addColumn<bool>("bKnowsA");
        QTest::addColumn<QString>("serial");
        QTest::newRow("unknown sender") << false << QString();
        QTest::newRow("certificate serial mismatch") << true << QString("0123456789abcdef");
    }
    void refusedPeers()
    {
        QFETCH(bool, bKnowsA);
        QFETCH(QString, serial);
        Pair p;
        if (p.dbA.skip())
            QSKIP(qPrintable(p.dbA.problem()));
        QVERIFY(setUp(p, bKnowsA, serial));
        const DocumentRegistrationRequest doc = letter("СОА26-ИЗ01-10");
        auto id = p.a->service().sendDocument(s_b.guid, doc);
        QVERIFY(id.ok());
        QCOMPARE(deliver(*p.a, p.transport), 1); // answered by a signed MSG_Error
        QCOMPARE(p.b->service().inbox().list()->size(), 0);
        auto entry = p.a->service().outbox().find(*id);
        QCOMPARE(int(entry->state), int(OutboxEntry::State::Failed));
        QCOMPARE(p.a->service().outbox().sentDocument(doc.docId.guid, s_b.guid)->status,
                 QString("sent-failed"));
    }

    void tamperedAndDuplicatedMessages()
    {
        Pair p;
        if (p.dbA.skip())
            QSKIP(qPrintable(p.dbA.problem()));
        QVERIFY(setUp(p));
        auto id = p.a->service().sendDocument(s_b.guid, letter("СОА26-ИЗ01-11"));
        QVERIFY(id.ok());
        const QByteArray original = p.a->service().outbox().find(*id)->content;
        auto isError = [&](const SubmitOutcome &outcome) {
            if (outcome.kind != SubmitOutcome::Kind::Reply || outcome.reply.isEmpty())
                return false;
            auto reply = MessageReader().read(outcome.reply);
            return reply.ok() && reply->message.header.type == MessageType::Error;
        };
        QByteArray tampered = original;
        tampered.replace("Искане за становище", "Искане за пари");
        QVERIFY(isError(p.b->service().receive(tampered)));
        QCOMPARE(p.b->service().inbox().list()->size(), 0);
        // Unsigned: the signature removed.
        QByteArray unsignedMessage = original.left(original.indexOf("<Signature")) + "</Message>";
        QVERIFY(isError(p.b->service().receive(unsignedMessage)));
        // The genuine one is accepted; a second copy gets the same (empty) reply.
        SubmitOutcome first = p.b->service().receive(original);
        QCOMPARE(int(first.kind), int(SubmitOutcome::Kind::Reply));
        QVERIFY(first.reply.isEmpty());
        SubmitOutcome again = p.b->service().receive(original);
        QVERIFY(again.reply.isEmpty());
        QCOMPARE(p.b->service().inbox().list()->size(), 1);
        // Not well-formed: a SOAP fault (client).
        QCOMPARE(int(p.b->service().receive("<Message").kind), int(SubmitOutcome::Kind::ClientFault));
    }
};

QTEST_GUILESS_MAIN(tst_ExchangeService)
#include "tst_ExchangeService.moc"
