// SPDX-License-Identifier: GPL-3.0-or-later
// Files of registrations through sync: a desk's SyncEngine uploads the blob and
// pushes "document.attach_file"; the office records it through DocumentService.
// The office database is a TempDatabase (SQLite or PostgreSQL), each desk has
// its own SQLite replica and file store.
#include "TempDatabase.h"
#include "core/Ids.h"
#include "services/DocumentService.h"
#include "storage/BlobStore.h"
#include "storage/Sql.h"
#include "sync/InProcessSyncTransport.h"
#include "sync/SyncEngine.h"
#include "sync/SyncService.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;
using namespace std::chrono_literals;

namespace {

const QByteArray kDeskA(64, 'a');
const QByteArray kDeskB(64, 'b');

QString sha256Of(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

QByteArray body(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

class tst_FileSync : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    struct Desk
    {
        std::shared_ptr<Database> local;
        std::shared_ptr<std::atomic<bool>> reachable = std::make_shared<std::atomic<bool>>(true);
        std::unique_ptr<SyncEngine> engine;
    };

    Desk makeDesk(SyncService &service, TempDatabase &db, const QByteArray &cert, const QString &user,
                  qint64 maxFileBytes = 256LL * 1024 * 1024)
    {
        Desk desk;
        DatabaseConfig config;
        config.path = m_dir.filePath(Ids::create() + QStringLiteral(".db"));
        auto opened = Database::open(config);
        if (!opened)
            return desk;
        desk.local = *opened;
        SyncEngineSettings settings;
        settings.userLogin = user;
        settings.deskCode = QStringLiteral("Г1");
        settings.pollWaitSeconds = 1;
        settings.retryIntervalMs = 100;
        settings.fileDir = m_dir.filePath(Ids::create());
        settings.maxFileBytes = maxFileBytes;
        auto reachable = desk.reachable;
        desk.engine = std::make_unique<SyncEngine>(
            desk.local, db.clock,
            [&service, cert, reachable] {
                return std::make_unique<InProcessSyncTransport>(service, cert, reachable);
            },
            settings);
        return desk;
    }

    std::unique_ptr<SyncService> makeService(TempDatabase &db, const QString &blobDir,
                                             qint64 maxFileBytes = 256LL * 1024 * 1024)
    {
        SyncSettings settings;
        settings.blobDir = blobDir;
        settings.maxWait = 1s;
        settings.maxWaitingPulls = 4;
        settings.maxFileBytes = maxFileBytes;
        auto service = std::make_unique<SyncService>(db.context(), settings);
        if (!service->desks().add(db.admin, "Гише 1", QString::fromLatin1(kDeskA))
            || !service->desks().add(db.admin, "Гише 2", QString::fromLatin1(kDeskB)))
            return nullptr;
        return service;
    }

    static NewRegistration incoming(const QString &registerId, const QString &subject)
    {
        NewRegistration request;
        request.registerId = registerId;
        request.document.kind = QStringLiteral("Писмо");
        request.document.subject = subject;
        return request;
    }

    /** A session token of `login` on desk A, straight from the service. */
    static QString login(SyncService &service, const QString &login)
    {
        const SyncReply reply
            = service.handle({"POST", "/api/v1/sync/login", {}, body({{"login", login}}), kDeskA});
        return reply.body.value("session").toString();
    }

    static SyncReply call(SyncService &service, const QString &session, QByteArray method, QByteArray path,
                          QMap<QString, QString> query = {}, const QByteArray &content = {})
    {
        query.insert("session", session);
        return service.handle({std::move(method), std::move(path), query, content, kDeskA});
    }

    /** Uploads `bytes` as one part under `name` (which may be wrong on purpose). */
    static SyncReply upload(SyncService &service, const QString &session, const QString &name,
                            const QByteArray &bytes)
    {
        const SyncReply part
            = call(service, session, "PUT", "/api/v1/blobs/part", {{"sha256", name}, {"part", "0"}}, bytes);
        if (!part.isSuccess())
            return part;
        return call(service, session, "POST", "/api/v1/blobs/complete", {{"sha256", name}, {"parts", "1"}});
    }

    static QJsonObject pushOne(SyncService &service, const QString &session, const QString &opId,
                               const QString &kind, const QJsonObject &payload)
    {
        const QJsonObject op {{"op_id", opId}, {"kind", kind}, {"payload", payload}};
        const SyncReply reply
            = call(service, session, "POST", "/api/v1/sync/push", {}, body({{"ops", QJsonArray {op}}}));
        return reply.body.value("results").toArray().first().toObject();
    }

    /** A registration applied on the office through desk A's session: its document id. */
    static QString registered(SyncService &service, const QString &session, const QString &registerId)
    {
        const QJsonObject answer
            = pushOne(service, session, Ids::create(), "registration.create",
                      {{"register_id", registerId},
                       {"document", QJsonObject {{"kind", "Писмо"}, {"subject", "С файл"}}}});
        return answer.value("result").toObject().value("document_id").toString();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void offlineScanReachesTheOfficeWithItsRegistration()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        const QString blobDir = m_dir.filePath(Ids::create());
        auto service = makeService(db, blobDir);
        QVERIFY(service);
        Desk a = makeDesk(*service, db, kDeskA, "clerk");
        Desk b = makeDesk(*service, db, kDeskB, "official");
        QVERIFY(a.engine && b.engine);

        // Offline: the registration and its scan wait in the outbox, in order.
        *a.reachable = false;
        a.engine->start();
        QTRY_COMPARE_WITH_TIMEOUT(a.engine->state(), SyncState::Offline, 10'000);
        auto entry = a.engine->registerDocument(incoming(db.incomingRegisterId, "Сканирано писмо"));
        QVERIFY(entry);
        // Larger than one upload part, so that the parts are joined on the office.
        QByteArray scan = "%PDF-1.7\n" + QByteArray(9 * 1024 * 1024, 'x');
        QBuffer content(&scan);
        QVERIFY(content.open(QIODevice::ReadOnly));
        auto attach = a.engine->attachFile({{}, entry->opId, "scan.pdf", "application/pdf"}, content);
        QVERIFY2(attach, qPrintable(attach ? QString() : attach.error().message));
        const QString hash = sha256Of(scan);
        QCOMPARE(attach->payload.value("sha256").toString(), hash);
        QVERIFY(!a.engine->localFile(hash).isEmpty()); // the desk can show its own copy at once
        QCOMPARE(*a.engine->outbox().count("pending"), 2);
        QVERIFY(!BlobStore(blobDir).contains(hash));

        // Back online: blob, registration and attach arrive, and the feed tells every desk.
        *a.reachable = true;
        a.engine->syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(*a.engine->outbox().count("applied"), 2, 20'000);
        auto answer = a.engine->outbox().find(attach->opId);
        QVERIFY(answer);
        const QJsonObject result = answer->result.value("result").toObject();
        QCOMPARE(result.value("version").toInt(), 1);
        QCOMPARE(result.value("sha256").toString(), hash);

        BlobStore office(blobDir);
        auto files
            = DocumentService(db.context(), office).files(db.clerk, result.value("document_id").toString());
        QVERIFY(files);
        QCOMPARE(files->size(), 1);
        QCOMPARE(files->first().sha256, hash);
        QCOMPARE(files->first().name, QStringLiteral("scan.pdf"));
        QCOMPARE(files->first().mediaType, QStringLiteral("application/pdf"));
        QVERIFY(office.verify(hash));

        b.engine->start();
        const QString registrationId
            = answer->result.value("result").toObject().value("document_id").toString();
        auto registrationOf = a.engine->outbox().find(entry->opId);
        QVERIFY(registrationOf);
        const QString id
            = registrationOf->result.value("result").toObject().value("registration_id").toString();
        QTRY_VERIFY_WITH_TIMEOUT(
            b.engine->replicated("registration", id)
                && !b.engine->replicated("registration", id)->value("files").toArray().isEmpty(),
            10'000);
        const QJsonObject announced
            = b.engine->replicated("registration", id)->value("files").toArray().first().toObject();
        QCOMPARE(announced.value("sha256").toString(), hash);
        QCOMPARE(announced.value("size").toInteger(), scan.size());

        // Another desk fetches it by hash, in chunks, and keeps a checked copy.
        QVERIFY(b.engine->localFile(hash).isEmpty());
        QSignalSpy fetched(b.engine.get(), &SyncEngine::fileFetched);
        b.engine->requestFile(hash);
        QTRY_COMPARE_WITH_TIMEOUT(fetched.size(), 1, 20'000);
        QCOMPARE(fetched.first().at(1).toString(), QString());
        QFile copy(b.engine->localFile(hash));
        QVERIFY(copy.open(QIODevice::ReadOnly));
        QCOMPARE(sha256Of(copy.readAll()), hash);
        Q_UNUSED(registrationId);
        a.engine->stop();
        b.engine->stop();
    }

    void attachIsIdempotent()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        const QString blobDir = m_dir.filePath(Ids::create());
        auto service = makeService(db, blobDir);
        QVERIFY(service);
        const QString session = login(*service, "clerk");
        QVERIFY(!session.isEmpty());
        const QString documentId = registered(*service, session, db.incomingRegisterId);
        QVERIFY(!documentId.isEmpty());
        const QByteArray first = "%PDF-1.7 first";
        QVERIFY(upload(*service, session, sha256Of(first), first).isSuccess());
        const QJsonObject payload {{"document_id", documentId},
                                   {"sha256", sha256Of(first)},
                                   {"size", first.size()},
                                   {"name", "scan.pdf"},
                                   {"media_type", "application/pdf"}};
        const QString opId = Ids::create();
        const QJsonObject applied = pushOne(*service, session, opId, "document.attach_file", payload);
        QCOMPARE(applied.value("outcome").toString(), QStringLiteral("applied"));
        // The same command again: the same answer, nothing new.
        QCOMPARE(pushOne(*service, session, opId, "document.attach_file", payload), applied);
        // The same bytes under a new command (sent twice after a lost answer): still one version.
        const QJsonObject again = pushOne(*service, session, Ids::create(), "document.attach_file", payload);
        QCOMPARE(again.value("result").toObject().value("version").toInt(), 1);
        QCOMPARE(again.value("result").toObject().value("file_id"),
                 applied.value("result").toObject().value("file_id"));
        // Other bytes (the certified copy) are the next version.
        const QByteArray certified = "%PDF-1.7 certified";
        QVERIFY(upload(*service, session, sha256Of(certified), certified).isSuccess());
        QJsonObject next = payload;
        next.insert("sha256", sha256Of(certified));
        next.insert("size", certified.size());
        const QJsonObject second = pushOne(*service, session, Ids::create(), "document.attach_file", next);
        QCOMPARE(second.value("result").toObject().value("version").toInt(), 2);
        BlobStore office(blobDir);
        auto files = DocumentService(db.context(), office).files(db.clerk, documentId);
        QVERIFY(files);
        QCOMPARE(files->size(), 2);
        // One journal entry per version, with the hash.
        auto conn = db.database().connection();
        QCOMPARE(Sql::scalar(*conn, "SELECT COUNT(*) FROM audit_journal WHERE action = 'document.file.add'")
                     ->toInt(),
                 2);
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("login");
        QTest::addColumn<QString>("what"); // how the command is wrong
        QTest::addColumn<QString>("code");
        QTest::newRow("unknown blob") << "clerk"
                                      << "unknown"
                                      << "not-found";
        QTest::newRow("oversized") << "clerk"
                                   << "oversized"
                                   << "invalid-input";
        QTest::newRow("wrong size") << "clerk"
                                    << "size"
                                    << "corrupt";
        QTest::newRow("no rights") << "auditor"
                                   << ""
                                   << "permission-denied";
        QTest::newRow("unknown registration") << "clerk"
                                              << "registration"
                                              << "not-found";
        QTest::newRow("no target") << "clerk"
                                   << "target"
                                   << "invalid-input";
        QTest::newRow("bad name") << "clerk"
                                  << "name"
                                  << "invalid-input";
        QTest::newRow("bad hash") << "clerk"
                                  << "hash"
                                  << "invalid-input";
    }

    void refusals()
    {
        QFETCH(QString, login);
        QFETCH(QString, what);
        QFETCH(QString, code);
        DMS_OPEN_TEMP_DATABASE(db);
        const QString blobDir = m_dir.filePath(Ids::create());
        auto service = makeService(db, blobDir, 1024);
        QVERIFY(service);
        const QString clerk = tst_FileSync::login(*service, "clerk");
        const QString session = tst_FileSync::login(*service, login);
        QVERIFY(!clerk.isEmpty() && !session.isEmpty());
        const QString documentId = registered(*service, clerk, db.incomingRegisterId);
        QVERIFY(!documentId.isEmpty());
        QByteArray bytes
            = what == QLatin1String("oversized") ? QByteArray(2048, 'z') : QByteArray("%PDF-1.7 small");
        if (what != QLatin1String("unknown"))
            QVERIFY(upload(*service, clerk, sha256Of(bytes), bytes).isSuccess());
        QJsonObject payload {{"document_id", documentId},
                             {"sha256", sha256Of(bytes)},
                             {"size", bytes.size()},
                             {"name", "scan.pdf"},
                             {"media_type", "application/pdf"}};
        if (what == QLatin1String("size"))
            payload.insert("size", bytes.size() + 1);
        if (what == QLatin1String("registration")) {
            payload.remove("document_id");
            payload.insert("registration_op_id", Ids::create());
        }
        if (what == QLatin1String("target"))
            payload.remove("document_id");
        if (what == QLatin1String("name"))
            payload.insert("name", "../etc/passwd");
        if (what == QLatin1String("hash"))
            payload.insert("sha256", "../../secret");
        const QJsonObject answer = pushOne(*service, session, Ids::create(), "document.attach_file", payload);
        QCOMPARE(answer.value("outcome").toString(), QStringLiteral("rejected"));
        QCOMPARE(answer.value("error").toObject().value("code").toString(), code);
        QVERIFY(!answer.value("error").toObject().value("message").toString().isEmpty());
        BlobStore office(blobDir);
        auto files = DocumentService(db.context(), office).files(db.clerk, documentId);
        QVERIFY(files);
        QVERIFY(files->isEmpty()); // a refused command changes nothing
    }

    void uploadRefusals()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        const QString blobDir = m_dir.filePath(Ids::create());
        auto service = makeService(db, blobDir, 1024);
        QVERIFY(service);
        const QString session = login(*service, "clerk");
        // Bytes that do not have the hash they are sent under are discarded.
        const QByteArray bytes = "%PDF-1.7 real";
        const QString claimed = sha256Of("something else");
        const SyncReply mismatch = upload(*service, session, claimed, bytes);
        QCOMPARE(mismatch.status, 422);
        QCOMPARE(mismatch.body.value("error").toObject().value("code").toString(), QStringLiteral("corrupt"));
        QVERIFY(!BlobStore(blobDir).contains(claimed));
        const SyncReply missing = call(*service, session, "POST", "/api/v1/blobs/missing", {},
                                       body({{"hashes", QJsonArray {claimed}}}));
        QCOMPARE(missing.body.value("missing").toArray().size(), 1);
        // A part past the largest file accepted is refused before it is stored.
        QCOMPARE(
            call(*service, session, "PUT", "/api/v1/blobs/part", {{"sha256", claimed}, {"part", "1"}}, bytes)
                .status,
            400);
        // Without a session nothing is taken.
        QCOMPARE(
            service
                ->handle({"PUT", "/api/v1/blobs/part", {{"sha256", claimed}, {"part", "0"}}, bytes, kDeskA})
                .status,
            401);
    }

    void downloadRefusals()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        const QString blobDir = m_dir.filePath(Ids::create());
        auto service = makeService(db, blobDir);
        QVERIFY(service);
        const QString clerk = login(*service, "clerk");
        // Uploaded but attached to nothing: a hash alone opens nothing.
        const QByteArray bytes = "%PDF-1.7 loose";
        QVERIFY(upload(*service, clerk, sha256Of(bytes), bytes).isSuccess());
        QCOMPARE(call(*service, clerk, "GET", "/api/v1/blobs/chunk", {{"sha256", sha256Of(bytes)}}).status,
                 404);
        QCOMPARE(call(*service, clerk, "GET", "/api/v1/blobs/chunk", {{"sha256", "../x"}}).status, 400);

        // A restricted document's file is for who may read restricted documents.
        auto conn = db.database().connection();
        const QString documentId = registered(*service, clerk, db.incomingRegisterId);
        QVERIFY(Sql::exec(*conn, "UPDATE document SET access_level = 'restricted' WHERE id = ?", {documentId})
                    .ok());
        const QJsonObject attached = pushOne(*service, clerk, Ids::create(), "document.attach_file",
                                             {{"document_id", documentId},
                                              {"sha256", sha256Of(bytes)},
                                              {"name", "scan.pdf"},
                                              {"media_type", "application/pdf"}});
        QCOMPARE(attached.value("outcome").toString(), QStringLiteral("applied"));
        const QMap<QString, QString> query {{"sha256", sha256Of(bytes)}};
        QCOMPARE(call(*service, clerk, "GET", "/api/v1/blobs/chunk", query).status, 403);
        const SyncReply auditor
            = call(*service, login(*service, "auditor"), "GET", "/api/v1/blobs/chunk", query);
        QCOMPARE(auditor.status, 200);
        QCOMPARE(QByteArray::fromBase64(auditor.body.value("data").toString().toLatin1()), bytes);
        QCOMPARE(call(*service, clerk, "GET", "/api/v1/blobs/chunk",
                      {{"sha256", sha256Of(bytes)}, {"offset", "99"}})
                     .status,
                 403);

        // The desk tells the clerk when a file cannot be fetched.
        Desk a = makeDesk(*service, db, kDeskA, "clerk");
        QSignalSpy fetched(a.engine.get(), &SyncEngine::fileFetched);
        a.engine->start();
        a.engine->requestFile(sha256Of(bytes));
        QTRY_COMPARE_WITH_TIMEOUT(fetched.size(), 1, 10'000);
        QVERIFY(!fetched.first().at(1).toString().isEmpty());
        QVERIFY(a.engine->localFile(sha256Of(bytes)).isEmpty());
        a.engine->stop();
    }

    void deskRefusesWhatTheOfficeWouldNot()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        auto service = makeService(db, m_dir.filePath(Ids::create()));
        QVERIFY(service);
        Desk a = makeDesk(*service, db, kDeskA, "clerk", 16);
        QByteArray big(17, 'x');
        QBuffer content(&big);
        QVERIFY(content.open(QIODevice::ReadOnly));
        QCOMPARE(
            a.engine->attachFile({{}, Ids::create(), "big.pdf", "application/pdf"}, content).error().code,
            ErrorCode::InvalidInput);
        QByteArray small(8, 'x');
        QBuffer smallContent(&small);
        QVERIFY(smallContent.open(QIODevice::ReadOnly));
        QCOMPARE(a.engine->attachFile({{}, {}, "small.pdf", "application/pdf"}, smallContent).error().code,
                 ErrorCode::InvalidInput);
        QCOMPARE(*a.engine->outbox().count("pending"), 0);
    }

    void lostLocalCopyBecomesAConflict()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        auto service = makeService(db, m_dir.filePath(Ids::create()));
        QVERIFY(service);
        Desk a = makeDesk(*service, db, kDeskA, "clerk");
        auto entry = a.engine->registerDocument(incoming(db.incomingRegisterId, "Писмо"));
        QVERIFY(entry);
        QByteArray scan = "%PDF-1.7 lost";
        QBuffer content(&scan);
        QVERIFY(content.open(QIODevice::ReadOnly));
        auto attach = a.engine->attachFile({{}, entry->opId, "scan.pdf", "application/pdf"}, content);
        QVERIFY(attach);
        const QString path = a.engine->localFile(sha256Of(scan));
        QFile::setPermissions(path, QFile::WriteOwner | QFile::ReadOwner);
        QVERIFY(QFile::remove(path));
        a.engine->start();
        QTRY_COMPARE_WITH_TIMEOUT(*a.engine->outbox().count("rejected"), 1, 10'000);
        // The registration itself goes on (decided after the file, in the same round).
        QTRY_COMPARE_WITH_TIMEOUT(a.engine->outbox().find(entry->opId)->state, QStringLiteral("applied"),
                                  10'000);
        QCOMPARE(
            a.engine->outbox().find(attach->opId)->result.value("error").toObject().value("code").toString(),
            QStringLiteral("not-found"));
        a.engine->stop();
    }
};

QTEST_GUILESS_MAIN(tst_FileSync)
#include "tst_FileSync.moc"
