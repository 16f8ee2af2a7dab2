// SPDX-License-Identifier: GPL-3.0-or-later
#include "TempDatabase.h"
#include "audit/AuditJournal.h"
#include "core/Ids.h"
#include "search/SearchService.h"
#include "search/SearchText.h"
#include "services/DocumentService.h"
#include "services/RegistrationService.h"
#include "storage/BlobStore.h"
#include "storage/Sql.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDirIterator>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;

namespace {

QString sha256Of(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

qint64 rows(TempDatabase &db, const QString &table)
{
    auto conn = db.database().connection();
    if (!conn)
        return -1;
    auto n = Sql::scalar(*conn, QStringLiteral("SELECT count(*) FROM ") + table);
    return n ? n->toLongLong() : -1;
}

int blobFiles(const QString &root)
{
    int n = 0;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        ++n;
    }
    return n;
}

/** What each test needs: a database, a blob store and one registered document. */
struct Setup
{
    explicit Setup(TempDatabase &database)
        : db(database)
    { }

    TempDatabase &db;
    QTemporaryDir dir;
    BlobStore blobs {dir.filePath(QStringLiteral("blobs"))};
    DocumentService service {db.context(), blobs};

    Result<Registration> registerDocument(AccessLevel access = AccessLevel::Internal,
                                          const QString &subject = QStringLiteral("Заявление за достъп"),
                                          const QString &correspondentId = {})
    {
        RegistrationService registrations(db.context());
        NewRegistration request;
        request.registerId = db.incomingRegisterId;
        request.document.kind = QStringLiteral("Заявление");
        request.document.subject = subject;
        request.document.accessLevel = access;
        request.document.channel = Channel::Post;
        request.document.pageCount = 3;
        request.document.correspondentId = correspondentId;
        db.clock.advance(60000);
        return registrations.registerDocument(db.clerk, request);
    }

    Result<DocumentFile> add(const Session &session, const QString &documentId, const QString &name,
                             const QByteArray &data,
                             const QString &mediaType = QStringLiteral("application/pdf"))
    {
        QBuffer buffer;
        buffer.setData(data);
        buffer.open(QIODevice::ReadOnly);
        db.clock.advance(1000);
        return service.addFile(session, documentId, name, mediaType, buffer);
    }

    QStringList found(const QString &text)
    {
        SearchService search(db.context());
        SearchQuery query;
        query.text = text;
        auto result = search.search(db.official, query);
        QStringList ids;
        if (result) {
            for (const DocumentSummary &hit : std::as_const(result->hits))
                ids << hit.documentId;
        }
        return ids;
    }
};

} // namespace

class tst_DocumentService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void getsDocumentWithRegistrationAndFiles()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Setup s {db};
        auto conn = db.database().connection();
        QVERIFY(conn.ok());
        const QString correspondentId = Ids::create();
        QVERIFY(Sql::exec(
                    *conn,
                    QStringLiteral("INSERT INTO correspondent (id, kind, name, egn, search_key, created_at)"
                                   " VALUES (?, 'citizen', ?, '7501010010', ?, '2020-01-01T00:00:00.000Z')"),
                    {correspondentId, QStringLiteral("Иван Петров"),
                     SearchText::key(QStringLiteral("Иван Петров"))})
                    .ok());
        auto entry = s.registerDocument(AccessLevel::Public, QStringLiteral("Искане за информация"),
                                        correspondentId);
        QVERIFY2(entry.ok(), qPrintable(entry.error().toString()));

        auto details = s.service.get(db.clerk, entry->documentId);
        QVERIFY2(details.ok(), qPrintable(details.error().toString()));
        QCOMPARE(details->id, entry->documentId);
        QCOMPARE(details->kind, QStringLiteral("Заявление"));
        QCOMPARE(details->subject, QStringLiteral("Искане за информация"));
        QCOMPARE(details->correspondentId, correspondentId);
        QCOMPARE(details->correspondentName, QStringLiteral("Иван Петров"));
        QCOMPARE(details->channel, Channel::Post);
        QCOMPARE(details->pageCount, 3);
        QCOMPARE(details->accessLevel, AccessLevel::Public);
        QCOMPARE(details->createdBy, db.clerk.userId);
        QCOMPARE(details->createdAt, entry->registeredAt);
        QCOMPARE(details->registration.id, entry->id);
        QCOMPARE(details->registration.index, entry->index);
        QVERIFY(details->files.isEmpty());
        QVERIFY(details->fullText.isEmpty());

        QVERIFY(s.add(db.clerk, entry->documentId, QStringLiteral("scan.pdf"), "first").ok());
        QVERIFY(s.add(db.clerk, entry->documentId, QStringLiteral("appendix.odt"), "appendix").ok());
        QVERIFY(s.add(db.clerk, entry->documentId, QStringLiteral("scan.pdf"), "second").ok());
        details = s.service.get(db.official, entry->documentId);
        QVERIFY(details.ok());
        QCOMPARE(details->files.size(), 3);
        QCOMPARE(details->files.at(0).name, QStringLiteral("appendix.odt"));
        QCOMPARE(details->files.at(1).name, QStringLiteral("scan.pdf"));
        QCOMPARE(details->files.at(1).version, 1);
        QCOMPARE(details->files.at(2).name, QStringLiteral("scan.pdf"));
        QCOMPARE(details->files.at(2).version, 2);
    }

    void addsFileVersions()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Setup s {db};
        auto entry = s.registerDocument();
        QVERIFY(entry.ok());
        // Split literals: "\x02b…" would read as one hex escape.
        const QByteArray scan("%PDF-1.7\n\0\x01\x02"
                              "binary"
                              "\xff",
                              20);
        auto first = s.add(db.clerk, entry->documentId, QStringLiteral("сканиран.pdf"), scan);
        QVERIFY2(first.ok(), qPrintable(first.error().toString()));
        QVERIFY(Ids::isValid(first->id));
        QCOMPARE(first->documentId, entry->documentId);
        QCOMPARE(first->name, QStringLiteral("сканиран.pdf"));
        QCOMPARE(first->version, 1);
        QCOMPARE(first->sha256, sha256Of(scan));
        QCOMPARE(first->size, qint64(scan.size()));
        QCOMPARE(first->mediaType, QStringLiteral("application/pdf"));
        QCOMPARE(first->addedBy, db.clerk.userId);
        QCOMPARE(first->addedAt, db.clock.now());
        QVERIFY(s.blobs.contains(first->sha256));

        // The official (ManageCases) may add a new version; the same bytes are stored once.
        auto second = s.add(db.official, entry->documentId, QStringLiteral("сканиран.pdf"), scan);
        QVERIFY2(second.ok(), qPrintable(second.error().toString()));
        QCOMPARE(second->version, 2);
        QCOMPARE(second->sha256, first->sha256);
        auto third = s.add(db.admin, entry->documentId, QStringLiteral("сканиран.pdf"), "changed");
        QVERIFY(third.ok());
        QCOMPARE(third->version, 3);
        auto other = s.add(db.clerk, entry->documentId, QStringLiteral("other.pdf"), scan);
        QVERIFY(other.ok());
        QCOMPARE(other->version, 1);
        QCOMPARE(rows(db, QStringLiteral("blob")), 2);
        QCOMPARE(rows(db, QStringLiteral("document_file")), 4);
        QCOMPARE(blobFiles(s.blobs.rootDir()), 2);

        // Versions are per document.
        auto another = s.registerDocument();
        QVERIFY(another.ok());
        auto elsewhere = s.add(db.clerk, another->documentId, QStringLiteral("сканиран.pdf"), scan);
        QVERIFY(elsewhere.ok());
        QCOMPARE(elsewhere->version, 1);

        auto files = s.service.files(db.clerk, entry->documentId);
        QVERIFY(files.ok());
        QCOMPARE(files->size(), 4);
        QCOMPARE(files->at(0).name, QStringLiteral("other.pdf"));
        QCOMPARE(files->at(1).version, 1);
        QCOMPARE(files->at(2).version, 2);
        QCOMPARE(files->at(3).version, 3);
        QCOMPARE(files->at(3).id, third->id);
    }

    void opensTheExactBytes()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Setup s {db};
        auto entry = s.registerDocument();
        QVERIFY(entry.ok());
        QByteArray data;
        for (int i = 0; i < 100000; ++i)
            data.append(char(i % 251));
        data.append('\0');
        auto file = s.add(db.clerk, entry->documentId, QStringLiteral("data.bin"), data, QString());
        QVERIFY(file.ok());
        QCOMPARE(file->mediaType, QStringLiteral("application/octet-stream"));
        auto device = s.service.openFile(db.auditor, file->id);
        QVERIFY2(device.ok(), qPrintable(device.error().toString()));
        QCOMPARE((*device)->readAll(), data);

        auto empty = s.add(db.clerk, entry->documentId, QStringLiteral("empty.txt"), QByteArray(),
                           QStringLiteral("Text/Plain"));
        QVERIFY(empty.ok());
        QCOMPARE(empty->mediaType, QStringLiteral("text/plain"));
        QCOMPARE(empty->size, qint64(0));
        auto emptyDevice = s.service.openFile(db.clerk, empty->id);
        QVERIFY(emptyDevice.ok());
        QVERIFY((*emptyDevice)->readAll().isEmpty());
    }

    void streamsFromAFile()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Setup s {db};
        auto entry = s.registerDocument();
        QVERIFY(entry.ok());
        const QString path = s.dir.filePath(QStringLiteral("big.tif"));
        QByteArray chunk(64 * 1024, '\0');
        for (int i = 0; i < chunk.size(); ++i)
            chunk[i] = char((i * 7) % 256);
        QCryptographicHash hash(QCryptographicHash::Sha256);
        {
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly));
            for (int i = 0; i < 40; ++i) {
                QCOMPARE(out.write(chunk), qint64(chunk.size()));
                hash.addData(chunk);
            }
        }
        QFile in(path);
        QVERIFY(in.open(QIODevice::ReadOnly));
        auto file = s.service.addFile(db.clerk, entry->documentId, QStringLiteral("big.tif"),
                                      QStringLiteral("image/tiff"), in);
        QVERIFY2(file.ok(), qPrintable(file.error().toString()));
        QCOMPARE(file->size, qint64(40 * chunk.size()));
        QCOMPARE(file->sha256, QString::fromLatin1(hash.result().toHex()));
        QVERIFY(s.blobs.verify(file->sha256).ok());
    }

    void restrictedDocumentsNeedReadRestricted()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Setup s {db};
        auto entry = s.registerDocument(AccessLevel::Restricted);
        QVERIFY(entry.ok());
        // The clerk attaches the scan of what he registered, but cannot read it back.
        auto file = s.add(db.clerk, entry->documentId, QStringLiteral("secret.pdf"), "secret");
        QVERIFY2(file.ok(), qPrintable(file.error().toString()));
        QCOMPARE(s.service.get(db.clerk, entry->documentId).error().code, ErrorCode::PermissionDenied);
        QCOMPARE(s.service.files(db.clerk, entry->documentId).error().code, ErrorCode::PermissionDenied);
        QCOMPARE(s.service.openFile(db.clerk, file->id).error().code, ErrorCode::PermissionDenied);
        for (const Session &reader : {db.official, db.auditor, db.admin}) {
            QVERIFY(s.service.get(reader, entry->documentId).ok());
            QCOMPARE(s.service.files(reader, entry->documentId)->size(), 1);
            auto device = s.service.openFile(reader, file->id);
            QVERIFY(device.ok());
            QCOMPARE((*device)->readAll(), QByteArrayLiteral("secret"));
        }
    }

    void permissionsAreEnforced()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Setup s {db};
        auto entry = s.registerDocument();
        QVERIFY(entry.ok());
        auto file = s.add(db.clerk, entry->documentId, QStringLiteral("a.pdf"), "a");
        QVERIFY(file.ok());
        Session nobody;
        nobody.userId = Ids::create();
        nobody.login = QStringLiteral("nobody");
        for (const Session &reader : {Session {}, nobody}) {
            QCOMPARE(s.service.get(reader, entry->documentId).error().code, ErrorCode::PermissionDenied);
            QCOMPARE(s.service.files(reader, entry->documentId).error().code, ErrorCode::PermissionDenied);
            QCOMPARE(s.service.openFile(reader, file->id).error().code, ErrorCode::PermissionDenied);
        }
        const qint64 journal = rows(db, QStringLiteral("audit_journal"));
        for (const Session &writer : {db.auditor, nobody}) {
            QCOMPARE(s.add(writer, entry->documentId, QStringLiteral("b.pdf"), "bbb").error().code,
                     ErrorCode::PermissionDenied);
            QCOMPARE(s.service.setText(writer, entry->documentId, QStringLiteral("текст")).error().code,
                     ErrorCode::PermissionDenied);
        }
        QCOMPARE(rows(db, QStringLiteral("document_file")), 1);
        QCOMPARE(blobFiles(s.blobs.rootDir()), 1);
        QCOMPARE(rows(db, QStringLiteral("audit_journal")), journal);
    }

    void rejectsBadFileNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("empty") << QString();
        QTest::newRow("blank") << QStringLiteral("  \t ");
        QTest::newRow("slash") << QStringLiteral("a/b.pdf");
        QTest::newRow("parent path") << QStringLiteral("../../etc/passwd");
        QTest::newRow("backslash") << QStringLiteral("C:\\Windows\\x.pdf");
        QTest::newRow("dot") << QStringLiteral(".");
        QTest::newRow("dot dot") << QStringLiteral("..");
        QTest::newRow("newline") << QStringLiteral("a\nb.pdf");
        QTest::newRow("carriage return") << QStringLiteral("a\rb.pdf");
        QTest::newRow("NUL") << QString(QStringLiteral("a") + QChar(0) + QStringLiteral(".pdf"));
        QTest::newRow("escape") << QStringLiteral("a\x1b[31m.pdf");
        QTest::newRow("delete") << QStringLiteral("a\x7f.pdf");
        QTest::newRow("C1 control") << QStringLiteral("a\u0085.pdf");
        QTest::newRow("line separator") << QStringLiteral("a\u2028.pdf");
        QTest::newRow("right-to-left override") << QStringLiteral("invoice\u202Efdp.exe");
        QTest::newRow("isolate") << QStringLiteral("a\u2067b.pdf");
        QTest::newRow("too long") << QString(QString(252, QChar(0x0436)) + QStringLiteral(".pdf"));
        QTest::newRow("lone surrogate")
            << QString(QStringLiteral("a") + QChar(0xd800) + QStringLiteral(".pdf"));
    }

    void rejectsBadFileNames()
    {
        QFETCH(QString, name);
        DMS_OPEN_TEMP_DATABASE(db);
        Setup s {db};
        auto entry = s.registerDocument();
        QVERIFY(entry.ok());
        const qint64 journal = rows(db, QStringLiteral("audit_journal"));
        auto file = s.add(db.clerk, entry->documentId, name, "content");
        QVERIFY(!file.ok());
        QCOMPARE(file.error().code, ErrorCode::InvalidInput);
        QVERIFY(!file.error().message.isEmpty());
        QCOMPARE(rows(db, QStringLiteral("document_file")), 0);
        QCOMPARE(rows(db, QStringLiteral("blob")), 0);
        QCOMPARE(blobFiles(s.blobs.rootDir()), 0);
        QCOMPARE(rows(db, QStringLiteral("audit_journal")), journal);
    }

    void acceptsAndNormalisesNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("stored");
        QTest::newRow("Cyrillic") << QStringLiteral("Заявление №5.pdf") << QStringLiteral("Заявление №5.pdf");
        QTest::newRow("trimmed") << QStringLiteral("  scan.pdf \t") << QStringLiteral("scan.pdf");
        QTest::newRow("NFC") << QStringLiteral("и\u0306.pdf") << QStringLiteral("й.pdf");
        QTest::newRow("SQL") << QStringLiteral("Robert'); DROP TABLE document_file; --.pdf")
                             << QStringLiteral("Robert'); DROP TABLE document_file; --.pdf");
        QTest::newRow("quotes and percent")
            << QStringLiteral("\"100%\" _x_ $$.pdf") << QStringLiteral("\"100%\" _x_ $$.pdf");
        QTest::newRow("longest") << QString(QString(251, QChar(0x0436)) + QStringLiteral(".pdf"))
                                 << QString(QString(251, QChar(0x0436)) + QStringLiteral(".pdf"));
        QTest::newRow("outside the BMP") << QString(QString(253, QLatin1Char('a')) + QStringLiteral("😀😀"))
                                         << QString(QString(253, QLatin1Char('a')) + QStringLiteral("😀😀"));
        QTest::newRow("dots") << QStringLiteral("...pdf") << QStringLiteral("...pdf");
    }

    void acceptsAndNormalisesNames()
    {
        QFETCH(QString, name);
        QFETCH(QString, stored);
        DMS_OPEN_TEMP_DATABASE(db);
        Setup s {db};
        auto entry = s.registerDocument();
        QVERIFY(entry.ok());
        auto file = s.add(db.clerk, entry->documentId, name, "content");
        QVERIFY2(file.ok(), qPrintable(file.error().toString()));
        QCOMPARE(file->name, stored);
        auto files = s.service.files(db.clerk, entry->documentId);
        QVERIFY(files.ok());
        QCOMPARE(files->size(), 1);
        QCOMPARE(files->first().name, stored);
        // The same name again is the next version of the same file.
        auto again = s.add(db.clerk, entry->documentId, stored, "content 2");
        QVERIFY(again.ok());
        QCOMPARE(again->version, 2);
    }

    void rejectsBadMediaTypes_data()
    {
        QTest::addColumn<QString>("mediaType");
        QTest::newRow("no subtype") << QStringLiteral("pdf");
        QTest::newRow("two slashes") << QStringLiteral("a/b/c");
        QTest::newRow("parameters") << QStringLiteral("text/plain; charset=utf-8");
        QTest::newRow("space") << QStringLiteral("application/ pdf");
        QTest::newRow("SQL") << QStringLiteral("x/y'; DROP TABLE blob; --");
        QTest::newRow("non-ASCII") << QStringLiteral("текст/обикновен");
        QTest::newRow("too long") << QString(QStringLiteral("application/") + QString(200, QLatin1Char('x')));
    }

    void rejectsBadMediaTypes()
    {
        QFETCH(QString, mediaType);
        DMS_OPEN_TEMP_DATABASE(db);
        Setup s {db};
        auto entry = s.registerDocument();
        QVERIFY(entry.ok());
        QCOMPARE(s.add(db.clerk, entry->documentId, QStringLiteral("a.pdf"), "a", mediaType).error().code,
                 ErrorCode::InvalidInput);
        QCOMPARE(rows(db, QStringLiteral("document_file")), 0);
        QCOMPARE(blobFiles(s.blobs.rootDir()), 0);
    }

    void unknownDocumentsAndFilesAreNotFound_data()
    {
        QTest::addColumn<QString>("id");
        QTest::newRow("unknown") << QStringLiteral("0190a0a0-0000-7000-8000-000000000000");
        QTest::newRow("malformed") << QStringLiteral("' OR 1=1 --");
        QTest::newRow("empty") << QString();
    }

    void unknownDocumentsAndFilesAreNotFound()
    {
        QFETCH(QString, id);
        DMS_OPEN_TEMP_DATABASE(db);
        Setup s {db};
        QVERIFY(s.registerDocument().ok());
        QCOMPARE(s.service.get(db.admin, id).error().code, ErrorCode::NotFound);
        QCOMPARE(s.service.files(db.admin, id).error().code, ErrorCode::NotFound);
        QCOMPARE(s.service.openFile(db.admin, id).error().code, ErrorCode::NotFound);
        QCOMPARE(s.service.setText(db.admin, id, QStringLiteral("текст")).error().code, ErrorCode::NotFound);
        QCOMPARE(s.add(db.admin, id, QStringLiteral("a.pdf"), "a").error().code, ErrorCode::NotFound);
        QCOMPARE(blobFiles(s.blobs.rootDir()), 0);
        QCOMPARE(rows(db, QStringLiteral("document_file")), 0);
    }

    void damagedBlobsAreReported()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Setup s {db};
        auto entry = s.registerDocument();
        QVERIFY(entry.ok());
        auto file = s.add(db.clerk, entry->documentId, QStringLiteral("a.pdf"), "original bytes");
        QVERIFY(file.ok());
        const QString path = s.blobs.pathFor(file->sha256);
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        QVERIFY(QFile::resize(path, 3));
        QCOMPARE(s.service.openFile(db.clerk, file->id).error().code, ErrorCode::Corrupt);
        QVERIFY(QFile::remove(path));
        QCOMPARE(s.service.openFile(db.clerk, file->id).error().code, ErrorCode::NotFound);
    }

    void addingIsJournalledWithoutPersonalData()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Setup s {db};
        auto entry = s.registerDocument();
        QVERIFY(entry.ok());
        auto file = s.add(db.clerk, entry->documentId, QStringLiteral("Заявление ЕГН 7501010010.pdf"), "pdf");
        QVERIFY(file.ok());
        AuditJournal journal(db.database(), db.clock);
        auto history = journal.history(QStringLiteral("document"), entry->documentId);
        QVERIFY(history.ok());
        QCOMPARE(history->size(), 1);
        const AuditEntry &added = history->first();
        QCOMPARE(added.event.action, QStringLiteral("document.file.add"));
        QCOMPARE(added.actor, QStringLiteral("clerk"));
        QCOMPARE(added.event.details.value(QStringLiteral("fileId")).toString(), file->id);
        QCOMPARE(added.event.details.value(QStringLiteral("sha256")).toString(), file->sha256);
        QCOMPARE(added.event.details.value(QStringLiteral("size")).toInteger(), qint64(3));
        QCOMPARE(added.event.details.value(QStringLiteral("version")).toInt(), 1);
        QCOMPARE(added.event.details.value(QStringLiteral("name")).toString(),
                 QStringLiteral("Заявление ЕГН **********.pdf"));
        QVERIFY(!QJsonDocument(added.event.details).toJson().contains("7501010010"));
        // The stored name is what the clerk typed.
        QCOMPARE(file->name, QStringLiteral("Заявление ЕГН 7501010010.pdf"));
        auto report = journal.verify();
        QVERIFY(report.ok());
        QVERIFY2(report->ok(), qPrintable(report->problems.join(QLatin1Char('\n'))));
    }

    void textBecomesSearchable()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Setup s {db};
        auto older = s.registerDocument(AccessLevel::Internal, QStringLiteral("Жалба от съсед"));
        QVERIFY(older.ok());
        auto entry = s.registerDocument(AccessLevel::Internal, QStringLiteral("Сканирано писмо"));
        QVERIFY(entry.ok());
        auto newer = s.registerDocument(AccessLevel::Internal, QStringLiteral("Наследство на имот"));
        QVERIFY(newer.ok());
        QVERIFY(s.found(QStringLiteral("наследство")).contains(newer->documentId));
        QVERIFY(!s.found(QStringLiteral("наследство")).contains(entry->documentId));

        QVERIFY(s.service
                    .setText(db.clerk, entry->documentId,
                             QStringLiteral("УДОСТОВЕРЕНИЕ за НАСЛЕДСТВО и наследници, разпознато с OCR"))
                    .ok());
        auto details = s.service.get(db.clerk, entry->documentId);
        QVERIFY(details.ok());
        QCOMPARE(details->fullText,
                 QStringLiteral("УДОСТОВЕРЕНИЕ за НАСЛЕДСТВО и наследници, разпознато с OCR"));
        // Found by the new text and still by subject, kind and index; newest first as before.
        QCOMPARE(s.found(QStringLiteral("наследство")), (QStringList {newer->documentId, entry->documentId}));
        QCOMPARE(s.found(QStringLiteral("наследн*")), QStringList {entry->documentId});
        QCOMPARE(s.found(QStringLiteral("сканирано")), QStringList {entry->documentId});
        QCOMPARE(s.found(QStringLiteral("заявление")),
                 (QStringList {newer->documentId, entry->documentId, older->documentId}));
        QCOMPARE(s.found(entry->index), QStringList {entry->documentId});

        // New text replaces the old words.
        QVERIFY(s.service.setText(db.official, entry->documentId, QStringLiteral("Ново съдържание")).ok());
        QVERIFY(s.found(QStringLiteral("наследници")).isEmpty());
        QCOMPARE(s.found(QStringLiteral("съдържание")), QStringList {entry->documentId});
        QVERIFY(s.service.setText(db.clerk, entry->documentId, QString()).ok());
        QVERIFY(s.found(QStringLiteral("съдържание")).isEmpty());
        QCOMPARE(s.found(QStringLiteral("сканирано")), QStringList {entry->documentId});
        details = s.service.get(db.clerk, entry->documentId);
        QVERIFY(details.ok());
        QVERIFY(details->fullText.isEmpty());
        QCOMPARE(rows(db, QStringLiteral("search_entry")), 3);

        AuditJournal journal(db.database(), db.clock);
        auto history = journal.history(QStringLiteral("document"), entry->documentId);
        QVERIFY(history.ok());
        QCOMPARE(history->size(), 3);
        QCOMPARE(history->at(0).event.action, QStringLiteral("document.text.set"));
        QCOMPARE(history->at(0).event.details.value(QStringLiteral("length")).toInt(), 58);
        QVERIFY(!QJsonDocument(history->at(0).event.details).toJson().contains("OCR"));
    }

    void textKeepsMetacharactersVerbatim()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Setup s {db};
        auto entry = s.registerDocument();
        QVERIFY(entry.ok());
        const QString nasty
            = QStringLiteral("Robert'); DROP TABLE document; -- \"x\" %_ \\ NEAR( a:* & ! $$ ?");
        QVERIFY(s.service.setText(db.clerk, entry->documentId, nasty).ok());
        auto details = s.service.get(db.clerk, entry->documentId);
        QVERIFY(details.ok());
        QCOMPARE(details->fullText, nasty);
        QCOMPARE(s.found(QStringLiteral("robert drop")), QStringList {entry->documentId});
        QCOMPARE(rows(db, QStringLiteral("document")), 1);
    }

    void refusesTooLongText()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Setup s {db};
        auto entry = s.registerDocument();
        QVERIFY(entry.ok());
        QVERIFY(s.service.setText(db.clerk, entry->documentId, QStringLiteral("стар текст")).ok());
        const QString tooLong(RegistrationService::kMaxTextLength + 1, QLatin1Char('a'));
        QCOMPARE(s.service.setText(db.clerk, entry->documentId, tooLong).error().code,
                 ErrorCode::InvalidInput);
        auto details = s.service.get(db.clerk, entry->documentId);
        QVERIFY(details.ok());
        QCOMPARE(details->fullText, QStringLiteral("стар текст"));
    }

    void validatesOutsideTheDatabase()
    {
        QCOMPARE(*DocumentService::normalizedFileName(QStringLiteral(" a.pdf ")), QStringLiteral("a.pdf"));
        QCOMPARE(DocumentService::normalizedFileName(QStringLiteral("a/b")).error().code,
                 ErrorCode::InvalidInput);
        QCOMPARE(*DocumentService::normalizedMediaType(QStringLiteral("IMAGE/TIFF")),
                 QStringLiteral("image/tiff"));
        QCOMPARE(
            *DocumentService::normalizedMediaType(QStringLiteral("application/vnd.oasis.opendocument.text")),
            QStringLiteral("application/vnd.oasis.opendocument.text"));
        QCOMPARE(*DocumentService::normalizedMediaType(QStringLiteral("image/svg+xml")),
                 QStringLiteral("image/svg+xml"));
        QCOMPARE(DocumentService::normalizedMediaType(QStringLiteral("/")).error().code,
                 ErrorCode::InvalidInput);
    }
};

QTEST_GUILESS_MAIN(tst_DocumentService)
#include "tst_DocumentService.moc"
