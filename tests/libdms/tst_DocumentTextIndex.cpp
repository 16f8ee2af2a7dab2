// SPDX-License-Identifier: GPL-3.0-or-later
// Text extracted from a document's files (OCR) in the search index:
// DocumentService::setExtractedText over DocumentTextIndex, on SQLite FTS5 and
// PostgreSQL (TempDatabase runs this test on both).
#include "TempDatabase.h"
#include "audit/AuditJournal.h"
#include "core/Ids.h"
#include "search/SearchService.h"
#include "services/DocumentService.h"
#include "services/RegistrationService.h"
#include "storage/BlobStore.h"
#include "storage/Sql.h"

#include <QBuffer>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;

namespace {

qint64 rows(TempDatabase &db, const QString &table)
{
    auto conn = db.database().connection();
    if (!conn)
        return -1;
    auto n = Sql::scalar(*conn, QStringLiteral("SELECT count(*) FROM ") + table);
    return n ? n->toLongLong() : -1;
}

struct Setup
{
    explicit Setup(TempDatabase &database)
        : db(database)
    { }

    TempDatabase &db;
    QTemporaryDir dir;
    BlobStore blobs {dir.filePath(QStringLiteral("blobs"))};
    DocumentService service {db.context(), blobs};

    Result<Registration> registerDocument(const QString &subject)
    {
        RegistrationService registrations(db.context());
        NewRegistration request;
        request.registerId = db.incomingRegisterId;
        request.document.kind = QStringLiteral("Заявление");
        request.document.subject = subject;
        request.document.accessLevel = AccessLevel::Internal;
        request.document.channel = Channel::Post;
        request.document.pageCount = 1;
        db.clock.advance(60000);
        return registrations.registerDocument(db.clerk, request);
    }

    Result<DocumentFile> add(const QString &documentId, const QString &name)
    {
        QBuffer buffer;
        buffer.setData("%PDF-1.7 " + name.toUtf8());
        buffer.open(QIODevice::ReadOnly);
        db.clock.advance(1000);
        return service.addFile(db.clerk, documentId, name, QStringLiteral("application/pdf"), buffer);
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

class tst_DocumentTextIndex : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void extractedTextBecomesSearchable()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Setup s {db};
        auto other = s.registerDocument(QStringLiteral("Жалба от съсед"));
        auto entry = s.registerDocument(QStringLiteral("Сканирано писмо"));
        QVERIFY(other.ok() && entry.ok());
        auto scan = s.add(entry->documentId, QStringLiteral("scan.pdf"));
        QVERIFY(scan.ok());
        QVERIFY(s.found(QStringLiteral("удостоверение")).isEmpty());

        QVERIFY(s.service
                    .setExtractedText(db.clerk, scan->id,
                                      QStringLiteral("Заявление за издаване на УДОСТОВЕРЕНИЕ\nThe applicant "
                                                     "requests a certificate"))
                    .ok());
        QCOMPARE(s.found(QStringLiteral("удостоверение")), QStringList {entry->documentId});
        QCOMPARE(s.found(QStringLiteral("certificate")), QStringList {entry->documentId});
        QCOMPARE(s.found(QStringLiteral("удостов*")), QStringList {entry->documentId});
        // Still found by its metadata.
        QCOMPARE(s.found(QStringLiteral("сканирано")), QStringList {entry->documentId});
        QCOMPARE(s.found(entry->index), QStringList {entry->documentId});
        // The document's own text is separate: setting it keeps the extracted words.
        QVERIFY(s.service.setText(db.clerk, entry->documentId, QStringLiteral("Резолюция на кмета")).ok());
        QCOMPARE(s.found(QStringLiteral("резолюция")), QStringList {entry->documentId});
        QCOMPARE(s.found(QStringLiteral("certificate")), QStringList {entry->documentId});
        auto details = s.service.get(db.clerk, entry->documentId);
        QVERIFY(details.ok());
        QCOMPARE(details->fullText, QStringLiteral("Резолюция на кмета"));

        // New text replaces the file's old words; empty removes them.
        QVERIFY(s.service.setExtractedText(db.official, scan->id, QStringLiteral("Наследство")).ok());
        QVERIFY(s.found(QStringLiteral("certificate")).isEmpty());
        QCOMPARE(s.found(QStringLiteral("наследство")), QStringList {entry->documentId});
        QCOMPARE(rows(db, QStringLiteral("document_file_text")), 1);
        QVERIFY(s.service.setExtractedText(db.clerk, scan->id, QString()).ok());
        QVERIFY(s.found(QStringLiteral("наследство")).isEmpty());
        QCOMPARE(rows(db, QStringLiteral("document_file_text")), 0);
        QCOMPARE(s.found(QStringLiteral("резолюция")), QStringList {entry->documentId});
        QCOMPARE(rows(db, QStringLiteral("search_entry")), 2);
    }

    void textsOfSeveralFilesAddUpAndOnlyTheNewestVersionCounts()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Setup s {db};
        auto entry = s.registerDocument(QStringLiteral("Писмо"));
        QVERIFY(entry.ok());
        auto scan = s.add(entry->documentId, QStringLiteral("scan.pdf"));
        auto annex = s.add(entry->documentId, QStringLiteral("annex.pdf"));
        QVERIFY(scan.ok() && annex.ok());
        QVERIFY(s.service.setExtractedText(db.clerk, scan->id, QStringLiteral("първа версия")).ok());
        QVERIFY(s.service.setExtractedText(db.clerk, annex->id, QStringLiteral("приложение скица")).ok());
        QCOMPARE(s.found(QStringLiteral("версия")), QStringList {entry->documentId});
        QCOMPARE(s.found(QStringLiteral("скица")), QStringList {entry->documentId});

        // A rescan (version 2) with its own text: version 1's words no longer match.
        auto rescan = s.add(entry->documentId, QStringLiteral("scan.pdf"));
        QVERIFY(rescan.ok());
        QCOMPARE(rescan->version, 2);
        QVERIFY(s.service.setExtractedText(db.clerk, rescan->id, QStringLiteral("повторно сканиране")).ok());
        QVERIFY(s.found(QStringLiteral("първа")).isEmpty());
        QCOMPARE(s.found(QStringLiteral("повторно")), QStringList {entry->documentId});
        QCOMPARE(s.found(QStringLiteral("скица")), QStringList {entry->documentId});
        // Text set on the old version is stored but not searchable.
        QVERIFY(s.service.setExtractedText(db.clerk, scan->id, QStringLiteral("стара")).ok());
        QVERIFY(s.found(QStringLiteral("стара")).isEmpty());
    }

    void isJournalledWithoutTheText()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Setup s {db};
        auto entry = s.registerDocument(QStringLiteral("Писмо"));
        QVERIFY(entry.ok());
        auto scan = s.add(entry->documentId, QStringLiteral("scan.pdf"));
        QVERIFY(scan.ok());
        db.clock.advance(1000); // after the file's own journal entry
        QVERIFY(s.service.setExtractedText(db.clerk, scan->id, QStringLiteral("ЕГН 7501010010 тайна")).ok());
        AuditJournal journal(db.database(), db.clock);
        auto history = journal.history(QStringLiteral("document"), entry->documentId);
        QVERIFY(history.ok());
        QCOMPARE(history->last().event.action, QStringLiteral("document.file.text.set"));
        QCOMPARE(history->last().event.details.value(QStringLiteral("fileId")).toString(), scan->id);
        QCOMPARE(history->last().event.details.value(QStringLiteral("length")).toInt(), 20);
        const QByteArray json = QJsonDocument(history->last().event.details).toJson();
        QVERIFY(!json.contains("7501010010") && !json.contains("тайна"));
    }

    void refusesBadInput()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        Setup s {db};
        auto entry = s.registerDocument(QStringLiteral("Писмо"));
        QVERIFY(entry.ok());
        auto scan = s.add(entry->documentId, QStringLiteral("scan.pdf"));
        QVERIFY(scan.ok());
        const qint64 journal = rows(db, QStringLiteral("audit_journal"));

        QCOMPARE(s.service.setExtractedText(db.clerk, Ids::create(), QStringLiteral("x")).error().code,
                 ErrorCode::NotFound);
        QCOMPARE(
            s.service
                .setExtractedText(db.clerk, QStringLiteral("'; DROP TABLE document; --"), QStringLiteral("x"))
                .error()
                .code,
            ErrorCode::NotFound);
        // A document id is not a file id.
        QCOMPARE(s.service.setExtractedText(db.clerk, entry->documentId, QStringLiteral("x")).error().code,
                 ErrorCode::NotFound);
        QCOMPARE(s.service.setExtractedText(db.auditor, scan->id, QStringLiteral("x")).error().code,
                 ErrorCode::PermissionDenied);
        QCOMPARE(s.service.setExtractedText(Session {}, scan->id, QStringLiteral("x")).error().code,
                 ErrorCode::PermissionDenied);
        const QString tooLong(RegistrationService::kMaxTextLength + 1, QLatin1Char('a'));
        QCOMPARE(s.service.setExtractedText(db.clerk, scan->id, tooLong).error().code,
                 ErrorCode::InvalidInput);
        QCOMPARE(s.service.setText(db.clerk, Ids::create(), QStringLiteral("x")).error().code,
                 ErrorCode::NotFound);
        QCOMPARE(rows(db, QStringLiteral("document_file_text")), 0);
        QCOMPARE(rows(db, QStringLiteral("audit_journal")), journal);

        // Metacharacters are text, not query syntax.
        const QString nasty = QStringLiteral("\"NEAR(a b)\" OR * ' ; -- \\ % _ ключ");
        QVERIFY(s.service.setExtractedText(db.clerk, scan->id, nasty).ok());
        QCOMPARE(s.found(QStringLiteral("ключ")), QStringList {entry->documentId});
    }
};

QTEST_GUILESS_MAIN(tst_DocumentTextIndex)
#include "tst_DocumentTextIndex.moc"
