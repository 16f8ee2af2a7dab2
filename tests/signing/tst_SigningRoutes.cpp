// SPDX-License-Identifier: GPL-3.0-or-later
// Routing an outgoing document for signature through desk sync (SigningRouteCommands,
// SignedPdfCheck) on an office database of either engine: a clerk routes a draft PDF,
// the official signs it with a real PAdES signature (PadesSigner), the signed PDF is
// registered in the outgoing register and verifies; refusals, idempotence, return,
// withdraw and the СЕОС hand-over through SyncExtensions.
#include "TempDatabase.h"
#include "core/Ids.h"
#include "desk/DeskConnection.h"
#include "desk/DeskSigningCommands.h"
#include "desk/DeskSigningReader.h"
#include "pades/PadesTestEnvironment.h"
#include "signing/pades/PadesVerifier.h"
#include "storage/BlobStore.h"
#include "storage/Sql.h"
#include "sync/SyncService.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace dms;
using namespace dms::test::pades;
using namespace std::chrono_literals;

namespace {

const QByteArray kDesk = QByteArray(64, 'd');

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject op(const QString &kind, const QJsonObject &payload, const QString &opId = Ids::create())
{
    return {{"op_id", opId}, {"kind", kind}, {"payload", payload}};
}

QString sha256Of(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

qint64 count(TempDatabase &db, const QString &sql, std::initializer_list<QVariant> params = {})
{
    auto conn = db.database().connection();
    auto value = Sql::scalar(*conn, sql, params);
    return value ? value->toLongLong() : -1;
}

QString errorCode(const QJsonObject &answer)
{
    return answer.value("error").toObject().value("code").toString();
}

QJsonObject resultOf(const QJsonObject &answer)
{
    return answer.value("result").toObject();
}

/** Stands in for the СЕОС exchange's "exchange.send": records what it was asked. */
class RecordingSend : public SyncCommandHandler
{
public:
    Result<CommandEffect> apply(const SyncCommandContext &context) override
    {
        documents << context.command.payload.value("document_id").toString();
        recipients << context.command.payload.value("recipient_guid").toString();
        logins << context.session.login;
        if (refuse)
            return makeError(ErrorCode::NotFound, QStringLiteral("participant not in the registry copy"));
        return CommandEffect {{{"outbox_id", "outbox-1"}}, {}};
    }
    QStringList documents, recipients, logins;
    bool refuse = false;
};

} // namespace

class tst_SigningRoutes : public QObject
{
    Q_OBJECT

private:
    PadesTestEnvironment m_env;
    QTemporaryDir m_dir;
    QByteArray m_draft;
    QByteArray m_signed;
    QByteArray m_otherSigned;

    struct Office
    {
        std::unique_ptr<SyncService> service;
        QString blobDir;
        QHash<QString, QString> tokens;

        QJsonObject push(const QString &login, const QJsonObject &command)
        {
            const SyncReply reply = service->handle({"POST",
                                                     "/api/v1/sync/push",
                                                     {{"session", tokens.value(login)}},
                                                     json({{"ops", QJsonArray {command}}}),
                                                     kDesk});
            return reply.body.value("results").toArray().first().toObject();
        }
        QString upload(const QByteArray &bytes)
        {
            auto blob = BlobStore(blobDir).put(bytes);
            return blob ? blob->sha256 : QString();
        }
        QList<QJsonObject> pull(const QString &login, const QString &entity)
        {
            const SyncReply reply = service->handle(
                {"GET", "/api/v1/sync/pull", {{"session", tokens.value(login)}, {"cursor", "0"}}, {}, kDesk});
            QList<QJsonObject> changes;
            for (const QJsonValue &change : reply.body.value("changes").toArray())
                if (change.toObject().value("entity").toString() == entity)
                    changes << change.toObject().value("data").toObject();
            return changes;
        }
        int chunkStatus(const QString &login, const QString &sha256)
        {
            return service
                ->handle({"GET",
                          "/api/v1/blobs/chunk",
                          {{"session", tokens.value(login)}, {"sha256", sha256}},
                          {},
                          kDesk})
                .status;
        }
    };

    Office makeOffice(TempDatabase &db)
    {
        Office office;
        SyncSettings settings;
        settings.blobDir = m_dir.filePath(Ids::create());
        settings.maxWait = 1s;
        office.blobDir = settings.blobDir;
        office.service = std::make_unique<SyncService>(db.context(), settings);
        if (!office.service->desks().add(db.admin, QStringLiteral("Гише"), QString::fromLatin1(kDesk)))
            return office;
        for (const QString login : {"clerk", "official", "admin", "auditor"})
            office.tokens.insert(
                login,
                office.service->handle({"POST", "/api/v1/sync/login", {}, json({{"login", login}}), kDesk})
                    .body.value("session")
                    .toString());
        return office;
    }

    std::unique_ptr<DeskConnection> desk(TempDatabase &db, const QString &login)
    {
        DeskOptions options;
        options.replicaPath = m_dir.filePath(Ids::create() + ".db");
        options.pollWaitSeconds = 1;
        options.retryIntervalMs = 100;
        auto connection = DeskConnection::embedded(db.shared(), db.clock, options);
        if (!connection || !(*connection)->signIn(login))
            return nullptr;
        return std::move(*connection);
    }

    QJsonObject routePayload(TempDatabase &db, const QString &sha256, const QString &signerId,
                             const QString &recipient = {})
    {
        QJsonObject payload {{"title", "Отговор на жалба"},
                             {"note", "Моля, подпишете до петък."},
                             {"register_id", db.outgoingRegisterId},
                             {"kind", "Писмо"},
                             {"access_level", "internal"},
                             {"name", "otgovor.pdf"},
                             {"sha256", sha256},
                             {"size", m_draft.size()},
                             {"signer_id", signerId}};
        if (!recipient.isEmpty())
            payload.insert("recipient_guid", recipient);
        return payload;
    }

    static QJsonObject signPayload(const QString &routeId, const QString &sha256, qint64 size)
    {
        return {{"route_id", routeId}, {"sha256", sha256}, {"size", size}};
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString failure = m_env.setUp();
        if (failure.startsWith(QLatin1String("missing tool")))
            QSKIP(qPrintable(failure));
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        const QString draftPath = m_env.makePdf(QStringLiteral("draft.pdf"), false);
        const QString otherPath = m_env.makePdf(QStringLiteral("other.pdf"), true);
        QVERIFY(!draftPath.isEmpty() && !otherPath.isEmpty());
        const QString signedPath = m_env.file(QStringLiteral("draft-signed.pdf"));
        const QString otherSignedPath = m_env.file(QStringLiteral("other-signed.pdf"));
        QVERIFY(m_env.signer(QStringLiteral("software"), false)->signFile(draftPath, signedPath).ok());
        QVERIFY(m_env.signer(QStringLiteral("software"), false)->signFile(otherPath, otherSignedPath).ok());
        m_draft = dms::test::readAll(draftPath);
        m_signed = dms::test::readAll(signedPath);
        m_otherSigned = dms::test::readAll(otherSignedPath);
        QVERIFY(m_signed.startsWith(m_draft) && m_signed.size() > m_draft.size());
    }

    void cleanupTestCase() { m_env.tearDown(); }

    void officialSignsAndTheEntryIsRegistered()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Office office = makeOffice(db);
        QCOMPARE(office.tokens.size(), 4);
        const QString draftSha = office.upload(m_draft);
        const QString signedSha = office.upload(m_signed);
        QVERIFY(!draftSha.isEmpty() && !signedSha.isEmpty());

        // The clerk routes the draft to the official; a replay answers the same.
        const QJsonObject route = op("signing.route", routePayload(db, draftSha, db.official.userId));
        const QJsonObject routed = office.push("clerk", route);
        QCOMPARE(routed.value("outcome").toString(), "applied");
        const QString routeId = resultOf(routed).value("route_id").toString();
        QVERIFY(Ids::isValid(routeId));
        QCOMPARE(office.push("clerk", route), routed);
        QCOMPARE(count(db, "SELECT COUNT(*) FROM signing_route"), 1);

        // Both see the route in the feed; the draft opens to the signer, not to others.
        const QList<QJsonObject> published = office.pull("official", "signing_route");
        QCOMPARE(published.size(), 1);
        QCOMPARE(published.first().value("status").toString(), "awaiting");
        QCOMPARE(published.first().value("signer_id").toString(), db.official.userId);
        QCOMPARE(published.first().value("author_id").toString(), db.clerk.userId);
        QCOMPARE(published.first().value("draft_sha256").toString(), draftSha);
        QCOMPARE(published.first().value("note").toString(), "Моля, подпишете до петък.");
        QCOMPARE(office.chunkStatus("official", draftSha), 200);
        QCOMPARE(office.chunkStatus("clerk", draftSha), 200);
        QCOMPARE(office.chunkStatus("auditor", draftSha), 404);

        // Only the named signer signs.
        QCOMPARE(errorCode(office.push("clerk",
                                       op("signing.sign", signPayload(routeId, signedSha, m_signed.size())))),
                 "permission-denied");
        QCOMPARE(errorCode(office.push("admin",
                                       op("signing.sign", signPayload(routeId, signedSha, m_signed.size())))),
                 "permission-denied");
        // A "signed" file that is not the draft plus a signature is refused.
        const QByteArray appended = m_draft + QByteArray("\n% not a signature\n");
        const QByteArray extra = m_signed + QByteArray("\n%extra\n");
        const QByteArray fakeSignature
            = m_draft + QByteArray("\n1 0 obj << /ByteRange [0 10 20 30] /Contents <00> >> endobj\n");
        for (const QByteArray &bad : {m_otherSigned, m_draft, appended, fakeSignature, extra}) {
            const QString sha = office.upload(bad);
            const QJsonObject answer
                = office.push("official", op("signing.sign", signPayload(routeId, sha, bad.size())));
            QCOMPARE(errorCode(answer), "invalid-input");
        }
        QCOMPARE(
            errorCode(office.push("official", op("signing.sign", signPayload(routeId, sha256Of("x"), 1)))),
            "not-found");
        QCOMPARE(count(db, "SELECT COUNT(*) FROM registration"), 0);

        const QJsonObject sign = op("signing.sign", signPayload(routeId, signedSha, m_signed.size()));
        const QJsonObject signedAnswer = office.push("official", sign);
        QCOMPARE(signedAnswer.value("outcome").toString(), "applied");
        const QString registrationId = resultOf(signedAnswer).value("registration_id").toString();
        const QString index = resultOf(signedAnswer).value("index").toString();
        QVERIFY(!index.isEmpty());
        QVERIFY(!resultOf(signedAnswer).contains("send_status"));
        // Nothing twice.
        QCOMPARE(office.push("official", sign), signedAnswer);
        QCOMPARE(count(db, "SELECT COUNT(*) FROM registration"), 1);
        QCOMPARE(errorCode(office.push("official",
                                       op("signing.sign", signPayload(routeId, signedSha, m_signed.size())))),
                 "invalid-state");

        // In the outgoing register, on the author's behalf, with the signed PDF as its file.
        QCOMPARE(
            count(db,
                  "SELECT COUNT(*) FROM registration r JOIN document_file f ON f.document_id = r.document_id"
                  " WHERE r.id = ? AND r.register_id = ? AND r.registered_by = ? AND f.sha256 = ?"
                  " AND f.name = 'otgovor.pdf'",
                  {registrationId, db.outgoingRegisterId, db.clerk.userId, signedSha}),
            1);
        QCOMPARE(count(db,
                       "SELECT COUNT(*) FROM signing_route WHERE id = ? AND status = 'signed'"
                       " AND registration_id = ? AND signed_sha256 = ?",
                       {routeId, registrationId, signedSha}),
                 1);
        QCOMPARE(count(db,
                       "SELECT COUNT(*) FROM audit_journal WHERE entity = 'signing_route' AND entity_id = ?",
                       {routeId}),
                 2);

        // The registered file verifies.
        auto stored = BlobStore(office.blobDir).open(signedSha);
        QVERIFY(stored.ok());
        const QString copy = m_env.file(QStringLiteral("registered.pdf"));
        QVERIFY(dms::test::writeFile(copy, (*stored)->readAll()));
        auto reports = PadesVerifier(m_env.cades).verifyFile(copy);
        QVERIFY(reports.ok());
        QCOMPARE(reports->size(), 1);
        QVERIFY(reports->first().isPassed());

        // The author's feed says signed, with the index.
        const QJsonObject last = office.pull("clerk", "signing_route").constLast();
        QCOMPARE(last.value("status").toString(), "signed");
        QCOMPARE(last.value("registration_index").toString(), index);
        QCOMPARE(last.value("signed_sha256").toString(), signedSha);
    }

    void returnedAndWithdrawnRoutesStayClosed()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Office office = makeOffice(db);
        QCOMPARE(office.tokens.size(), 4);
        const QString draftSha = office.upload(m_draft);
        const QString signedSha = office.upload(m_signed);
        const QString first
            = resultOf(
                  office.push("clerk", op("signing.route", routePayload(db, draftSha, db.official.userId))))
                  .value("route_id")
                  .toString();
        const QString second
            = resultOf(
                  office.push("clerk", op("signing.route", routePayload(db, draftSha, db.official.userId))))
                  .value("route_id")
                  .toString();
        QVERIFY(Ids::isValid(first) && Ids::isValid(second));

        QCOMPARE(errorCode(office.push("official", op("signing.return", {{"route_id", first}}))),
                 "invalid-input");
        QCOMPARE(
            errorCode(office.push("clerk", op("signing.return", {{"route_id", first}, {"reason", "x"}}))),
            "permission-denied");
        QCOMPARE(office
                     .push("official",
                           op("signing.return", {{"route_id", first}, {"reason", "Липсва приложение"}}))
                     .value("outcome")
                     .toString(),
                 "applied");
        QCOMPARE(errorCode(office.push("official",
                                       op("signing.sign", signPayload(first, signedSha, m_signed.size())))),
                 "invalid-state");
        QCOMPARE(errorCode(office.push("clerk", op("signing.withdraw", {{"route_id", first}}))),
                 "invalid-state");

        QCOMPARE(errorCode(office.push("official", op("signing.withdraw", {{"route_id", second}}))),
                 "permission-denied");
        QCOMPARE(
            office.push("clerk", op("signing.withdraw", {{"route_id", second}})).value("outcome").toString(),
            "applied");
        QCOMPARE(errorCode(office.push("official",
                                       op("signing.sign", signPayload(second, signedSha, m_signed.size())))),
                 "invalid-state");
        QCOMPARE(
            errorCode(office.push("official", op("signing.return", {{"route_id", second}, {"reason", "x"}}))),
            "invalid-state");
        QCOMPARE(count(db, "SELECT COUNT(*) FROM registration"), 0);
        QCOMPARE(count(db,
                       "SELECT COUNT(*) FROM signing_route WHERE id = ? AND status = 'returned'"
                       " AND reason = 'Липсва приложение'",
                       {first}),
                 1);
        QCOMPARE(
            count(
                db,
                "SELECT COUNT(*) FROM audit_journal WHERE action IN ('signing.return', 'signing.withdraw')"),
            2);
        const QJsonObject returned = office.pull("clerk", "signing_route").at(2);
        QCOMPARE(returned.value("status").toString(), "returned");
        QCOMPARE(returned.value("reason").toString(), "Липсва приложение");
    }

    void badRoutesAreRefused()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Office office = makeOffice(db);
        QCOMPARE(office.tokens.size(), 4);
        const QString draftSha = office.upload(m_draft);
        const QString text = office.upload("plain text, not a PDF");
        auto refusal = [&](const QString &login, QJsonObject payload) {
            return errorCode(office.push(login, op("signing.route", payload)));
        };
        QJsonObject payload = routePayload(db, draftSha, db.official.userId);
        QCOMPARE(refusal("auditor", payload), "permission-denied");
        QCOMPARE(refusal("clerk", routePayload(db, draftSha, db.clerk.userId)),
                 "invalid-input"); // may not sign
        QCOMPARE(refusal("clerk", routePayload(db, draftSha, Ids::create())), "not-found");
        QJsonObject notPdf = routePayload(db, text, db.official.userId);
        notPdf.remove("size");
        QCOMPARE(refusal("clerk", notPdf), "invalid-input");
        QJsonObject wrongSize = payload;
        wrongSize.insert("size", m_draft.size() + 1);
        QCOMPARE(refusal("clerk", wrongSize), "corrupt");
        QCOMPARE(refusal("clerk", routePayload(db, sha256Of("absent"), db.official.userId)), "not-found");
        QJsonObject incoming = payload;
        incoming.insert("register_id", db.incomingRegisterId);
        QCOMPARE(refusal("clerk", incoming), "invalid-input");
        QJsonObject untitled = payload;
        untitled.insert("title", "  ");
        QCOMPARE(refusal("clerk", untitled), "invalid-input");
        QJsonObject badGuid = payload;
        badGuid.insert("recipient_guid", "not-a-guid");
        QCOMPARE(refusal("clerk", badGuid), "invalid-input");
        QCOMPARE(count(db, "SELECT COUNT(*) FROM signing_route"), 0);
    }

    void signedRouteIsSentThroughTheExchange()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Office office = makeOffice(db);
        QCOMPARE(office.tokens.size(), 4);
        const QString draftSha = office.upload(m_draft);
        const QString signedSha = office.upload(m_signed);
        const QString recipient = QStringLiteral("2b8a3c5e-1f0d-4e5b-9a77-6c1d2e3f4a5b");

        // Without the exchange: registered, and the route says it was not sent.
        const QString lonely
            = resultOf(
                  office.push("clerk",
                              op("signing.route", routePayload(db, draftSha, db.official.userId, recipient))))
                  .value("route_id")
                  .toString();
        const QJsonObject unsent = resultOf(
            office.push("official", op("signing.sign", signPayload(lonely, signedSha, m_signed.size()))));
        QCOMPARE(unsent.value("send_status").toString(), "not-sent");
        QVERIFY(!unsent.value("index").toString().isEmpty());
        QVERIFY(!unsent.value("send_note").toString().isEmpty());

        // With it: the handler gets the registered document, on the author's behalf.
        auto send = std::make_shared<RecordingSend>();
        office.service->extensions().add(QStringLiteral("exchange.send"), send);
        const QString routed
            = resultOf(
                  office.push("clerk",
                              op("signing.route", routePayload(db, draftSha, db.official.userId, recipient))))
                  .value("route_id")
                  .toString();
        const QJsonObject sent = resultOf(
            office.push("official", op("signing.sign", signPayload(routed, signedSha, m_signed.size()))));
        QCOMPARE(sent.value("send_status").toString(), "queued");
        QCOMPARE(sent.value("outbox_id").toString(), "outbox-1");
        QCOMPARE(send->documents, QStringList {sent.value("document_id").toString()});
        QCOMPARE(send->recipients, QStringList {recipient});
        QCOMPARE(send->logins, QStringList {"clerk"});
        QCOMPARE(office.pull("clerk", "signing_route").constLast().value("send_status").toString(), "queued");

        // A refusal of the exchange keeps the registration and tells why.
        send->refuse = true;
        const QString refused
            = resultOf(
                  office.push("clerk",
                              op("signing.route", routePayload(db, draftSha, db.official.userId, recipient))))
                  .value("route_id")
                  .toString();
        const QJsonObject notSent = resultOf(
            office.push("official", op("signing.sign", signPayload(refused, signedSha, m_signed.size()))));
        QCOMPARE(notSent.value("send_status").toString(), "not-sent");
        QCOMPARE(notSent.value("send_note").toString(), "participant not in the registry copy");
        QCOMPARE(count(db, "SELECT COUNT(*) FROM registration"), 3);
    }

    void desksRouteSignAndReturnEndToEnd()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        auto clerk = desk(db, "clerk");
        auto official = desk(db, "official");
        QVERIFY(clerk && official);
        QVERIFY(clerk->publishOfficeData().ok());
        QTRY_VERIFY_WITH_TIMEOUT(clerk->isCaughtUp() && official->isCaughtUp(), 10'000);

        // Only those who may sign are offered.
        DeskSigningReader clerkRoutes(clerk->local());
        QTRY_COMPARE_WITH_TIMEOUT(clerkRoutes.signers()->size(), 2, 10'000); // official, admin
        const auto signers = clerkRoutes.signers();
        QVERIFY(signers.ok());
        QStringList logins;
        for (const DeskUser &user : *signers)
            logins << user.login;
        logins.sort();
        QCOMPARE(logins, (QStringList {"admin", "official"}));

        RoutingRequest request;
        request.title = QStringLiteral("Отговор до министерството");
        request.note = QStringLiteral("Спешно");
        request.registerId = db.outgoingRegisterId;
        request.kind = QStringLiteral("Писмо");
        request.signerId = db.official.userId;
        QBuffer notPdf;
        notPdf.setData("plain text");
        QVERIFY(notPdf.open(QIODevice::ReadOnly));
        QCOMPARE(DeskSigningCommands::route(*clerk->engine(), request, notPdf).error().code,
                 ErrorCode::InvalidInput);
        QBuffer draft(&m_draft);
        QVERIFY(draft.open(QIODevice::ReadOnly));
        QVERIFY(DeskSigningCommands::route(*clerk->engine(), request, draft).ok());
        QVERIFY(DeskSigningCommands::route(*clerk->engine(), request, draft).ok());

        // The official's desk lists both and fetches the draft by its hash.
        DeskSigningReader officialRoutes(official->local());
        QTRY_COMPARE_WITH_TIMEOUT(officialRoutes.awaitingSignature(official->session())->size(), 2, 10'000);
        const SigningRoute first = officialRoutes.awaitingSignature(official->session())->first();
        QCOMPARE(first.title, request.title);
        QCOMPARE(first.note, request.note);
        QCOMPARE(first.authorId, db.clerk.userId);
        QVERIFY(!first.authorName.isEmpty());
        QVERIFY(clerkRoutes.awaitingSignature(clerk->session())->isEmpty());
        QVERIFY(official->engine()->localFile(first.draftSha256).isEmpty());
        QSignalSpy fetched(official->engine(), &SyncEngine::fileFetched);
        official->engine()->requestFile(first.draftSha256);
        QTRY_COMPARE_WITH_TIMEOUT(fetched.size(), 1, 10'000);
        QCOMPARE(fetched.first().at(1).toString(), QString());
        QFile fetchedDraft(official->engine()->localFile(first.draftSha256));
        QVERIFY(fetchedDraft.open(QIODevice::ReadOnly));
        QCOMPARE(fetchedDraft.readAll(), m_draft);

        QBuffer signedPdf(&m_signed);
        QVERIFY(signedPdf.open(QIODevice::ReadOnly));
        QVERIFY(DeskSigningCommands::sign(*official->engine(), first.id, signedPdf).ok());
        const QString second = officialRoutes.awaitingSignature(official->session())->last().id;
        QCOMPARE(DeskSigningCommands::returnToAuthor(*official->engine(), second, "  ").error().code,
                 ErrorCode::InvalidInput);
        QVERIFY(DeskSigningCommands::returnToAuthor(*official->engine(), second, "Друг адресат").ok());
        QTRY_VERIFY_WITH_TIMEOUT(officialRoutes.awaitingSignature(official->session())->isEmpty(), 10'000);

        // The author sees what became of each.
        QTRY_VERIFY_WITH_TIMEOUT(clerkRoutes.route(clerk->session(), second)->status == "returned", 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(clerkRoutes.route(clerk->session(), first.id)->status == "signed", 10'000);
        const SigningRoute signedRoute = *clerkRoutes.route(clerk->session(), first.id);
        QVERIFY(!signedRoute.registrationIndex.isEmpty());
        QCOMPARE(clerkRoutes.route(clerk->session(), second)->reason, "Друг адресат");
        QCOMPARE(clerkRoutes.routedBy(clerk->session())->size(), 2);
        QCOMPARE(count(db,
                       "SELECT COUNT(*) FROM registration r JOIN document_file f ON f.document_id ="
                       " r.document_id WHERE r.reg_index = ? AND f.sha256 = ?",
                       {signedRoute.registrationIndex, sha256Of(m_signed)}),
                 1);
        // Someone else's route is not shown to a third user.
        auto admin = desk(db, "admin");
        QVERIFY(admin);
        QTRY_VERIFY_WITH_TIMEOUT(admin->isCaughtUp(), 10'000);
        QCOMPARE(DeskSigningReader(admin->local()).route(admin->session(), first.id).error().code,
                 ErrorCode::NotFound);
    }
};

QTEST_GUILESS_MAIN(tst_SigningRoutes)
#include "tst_SigningRoutes.moc"
