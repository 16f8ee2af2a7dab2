// SPDX-License-Identifier: GPL-3.0-or-later
#include "TempDatabase.h"
#include "search/SearchIndex.h"
#include "search/SearchService.h"
#include "services/RegistrationService.h"
#include "storage/Transaction.h"

#include <QTest>

using namespace dms;

class tst_SearchIndex : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void indexesLargeTextsOnBothEngines()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        RegistrationService registrations(db.context());
        NewRegistration request;
        request.registerId = db.incomingRegisterId;
        request.document.kind = QStringLiteral("Писмо");
        request.document.subject = QStringLiteral("Сканирано дело");
        // Megabytes of OCR-like text: repeated words, one over-long word and
        // more distinct words than a PostgreSQL tsvector (1 MB) could hold.
        QString text = QStringLiteral("началнадума ") + QString(300, QChar(0x0436)) + QLatin1Char(' ');
        for (int i = 0; i < 60000; ++i)
            text += QStringLiteral("страница %1 от делото съдържа текст ").arg(i % 500);
        for (int i = 0; i < 120000; ++i)
            text += QStringLiteral("дума%1 ").arg(i);
        request.document.fullText = text;
        QVERIFY(text.size() > 2 * 1000 * 1000);
        auto entry = registrations.registerDocument(db.clerk, request);
        QVERIFY2(entry.ok(), qPrintable(entry.error().toString()));

        SearchService search(db.context());
        SearchQuery query;
        query.text = QStringLiteral("началнадума страница делото");
        auto found = search.search(db.clerk, query);
        QVERIFY2(found.ok(), qPrintable(found.error().toString()));
        QCOMPARE(found->hits.size(), 1);
        QCOMPARE(found->hits.first().documentId, entry->documentId);
    }

    void replacesAndRemovesEntries()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        RegistrationService registrations(db.context());
        NewRegistration request;
        request.registerId = db.incomingRegisterId;
        request.document.kind = QStringLiteral("Писмо");
        request.document.subject = QStringLiteral("Стара тема");
        auto entry = registrations.registerDocument(db.clerk, request);
        QVERIFY(entry.ok());
        SearchService search(db.context());
        SearchQuery old;
        old.text = QStringLiteral("стара");
        SearchQuery fresh;
        fresh.text = QStringLiteral("нова");
        {
            auto tx = Transaction::begin(db.database());
            QVERIFY(tx.ok());
            QVERIFY(SearchIndex::put(*tx, entry->documentId, {QStringLiteral("Нова тема")}).ok());
            QVERIFY(tx->commit().ok());
        }
        QCOMPARE(search.search(db.clerk, old)->hits.size(), 0);
        QCOMPARE(search.search(db.clerk, fresh)->hits.size(), 1);
        {
            auto tx = Transaction::begin(db.database());
            QVERIFY(SearchIndex::remove(*tx, entry->documentId).ok());
            QVERIFY(tx->commit().ok());
        }
        QCOMPARE(search.search(db.clerk, fresh)->hits.size(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_SearchIndex)
#include "tst_SearchIndex.moc"
