// SPDX-License-Identifier: GPL-3.0-or-later
// A register's period exported from an embedded desk's replica, read back as CSV and JSON.
#include "EmbeddedDesk.h"
#include "TempDatabase.h"
#include "export/RegisterExportJob.h"
#include "services/RegistrationService.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;

namespace {

/** The rows of an RFC 4180 file (quoted fields, doubled quotes, CRLF). */
QList<QStringList> parseCsv(const QByteArray &bytes, bool *crlfOnly)
{
    const QString text = QString::fromUtf8(bytes);
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    *crlfOnly = true;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text.at(i + 1) == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u',') {
            row << field;
            field.clear();
        } else if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
            row << field;
            rows << row;
            row.clear();
            field.clear();
            ++i;
        } else {
            if (c == u'\n')
                *crlfOnly = false;
            field += c;
        }
    }
    if (!field.isEmpty() || !row.isEmpty())
        rows << (row << field);
    return rows;
}

QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class tst_RegisterExportJob : public QObject
{
    Q_OBJECT

private:
    /** Registers in ВК66 around October 2020 (Sofia: UTC+3 until 25 October, then
     *  UTC+2) and in ДИ05, and syncs the desk; returns the indexes inside October of ВК66. */
    QStringList populate(TempDatabase &db, EmbeddedDesk &desk, QString *restrictedIndex)
    {
        RegistrationService registrations(db.context());
        QStringList inside;
        const auto add = [&](const QDateTime &at, const QString &registerId, const QString &subject,
                             AccessLevel access = AccessLevel::Internal) {
            db.clock.set(at);
            NewRegistration request;
            request.registerId = registerId;
            request.document.kind = QStringLiteral("Писмо");
            request.document.subject = subject;
            request.document.accessLevel = access;
            auto entry = registrations.registerDocument(db.clerk, request);
            return entry ? entry->index : QStringLiteral("error: ") + entry.error().toString();
        };
        // 30 September 23:30 in Sofia: before the period.
        add(QDateTime(QDate(2020, 9, 30), QTime(20, 30), Qt::UTC), db.incomingRegisterId,
            QStringLiteral("Преди периода"));
        // 1 October 00:30 in Sofia is still 30 September in UTC: inside.
        inside << add(QDateTime(QDate(2020, 9, 30), QTime(21, 30), Qt::UTC), db.incomingRegisterId,
                      QStringLiteral("Жалба, с \"кавички\"\nи нов ред"));
        for (int day = 2; day <= 24; ++day) {
            inside << add(QDateTime(QDate(2020, 10, day), QTime(8, 0), Qt::UTC), db.incomingRegisterId,
                          QStringLiteral("Писмо %1").arg(day));
            add(QDateTime(QDate(2020, 10, day), QTime(9, 0), Qt::UTC), db.secondRegisterId,
                QStringLiteral("Заявление по ЗДОИ %1").arg(day));
        }
        *restrictedIndex = add(QDateTime(QDate(2020, 10, 26), QTime(9, 0), Qt::UTC), db.incomingRegisterId,
                               QStringLiteral("Ограничен достъп"), AccessLevel::Restricted);
        inside << *restrictedIndex;
        // 31 October 23:59 in Sofia (UTC+2 by then): the last minute of the period.
        inside << add(QDateTime(QDate(2020, 10, 31), QTime(21, 59), Qt::UTC), db.incomingRegisterId,
                      QStringLiteral("Последна минута"));
        // 1 November 00:01 in Sofia: after it.
        add(QDateTime(QDate(2020, 10, 31), QTime(22, 1), Qt::UTC), db.incomingRegisterId,
            QStringLiteral("След периода"));
        if (!desk.sync())
            return {QStringLiteral("sync failed")};
        return inside;
    }

    RegisterExportRequest october(TempDatabase &db, const Session &session, const QString &path)
    {
        RegisterExportRequest request;
        request.session = session;
        request.registerId = db.incomingRegisterId;
        request.registerCode = QStringLiteral("ВК66");
        request.from = QDate(2020, 10, 1);
        request.to = QDate(2020, 10, 31);
        request.timeZone = db.context().timeZone;
        request.path = path;
        return request;
    }

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void exportsThePeriodAsCsv()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        auto desk = EmbeddedDesk::open(db);
        QVERIFY(desk);
        QVERIFY(desk->connection->signIn(QStringLiteral("admin")).ok());
        QString restricted;
        const QStringList inside = populate(db, *desk, &restricted);
        QCOMPARE(inside.size(), 26);

        const QString path = m_dir.filePath(QStringLiteral("october.csv"));
        std::atomic_bool cancel = false;
        QList<qint64> steps;
        auto rows = RegisterExportJob::run(
            desk->connection->reader(), october(db, db.official, path), cancel,
            [&](qint64 done, qint64 total) { steps << done << total; }, 10);
        QVERIFY2(rows.ok(), qPrintable(rows.error().toString()));
        QCOMPARE(*rows, qint64(inside.size()));
        // Pages of ten: 0, 10, 20, 26 of 26.
        QCOMPARE(steps, (QList<qint64> {0, 26, 10, 26, 20, 26, 26, 26}));

        const QByteArray bytes = contents(path);
        QVERIFY(!bytes.startsWith("\xEF\xBB\xBF")); // UTF-8 without a byte-order mark
        bool crlfOnly = false;
        const QList<QStringList> table = parseCsv(bytes, &crlfOnly);
        QVERIFY(crlfOnly);
        QCOMPARE(table.size(), inside.size() + 1);
        QCOMPARE(table.first(),
                 (QStringList {"index", "registered_at", "kind", "subject", "correspondent", "channel",
                               "access_level", "status", "page_count"}));
        QStringList indexes;
        for (qsizetype i = 1; i < table.size(); ++i) {
            QCOMPARE(table.at(i).size(), 9);
            indexes << table.at(i).first();
        }
        QCOMPARE(indexes, inside); // oldest first, nothing outside the period or of ДИ05
        QCOMPARE(table.at(1).at(1), QStringLiteral("2020-10-01T00:30:00+03:00"));
        QCOMPARE(table.at(1).at(3), QStringLiteral("Жалба, с \"кавички\"\nи нов ред"));
        QCOMPARE(table.last().at(1), QStringLiteral("2020-10-31T23:59:00+02:00"));
        QVERIFY(!bytes.contains("ЗДОИ"));
        QVERIFY(!bytes.contains(QStringLiteral("След периода").toUtf8()));
        QVERIFY(!bytes.contains(QStringLiteral("Преди периода").toUtf8()));

        // A clerk may not read restricted documents: the same period without that entry.
        rows
            = RegisterExportJob::run(desk->connection->reader(), october(db, db.clerk, path), cancel, {}, 10);
        QVERIFY2(rows.ok(), qPrintable(rows.error().toString()));
        QCOMPARE(*rows, qint64(inside.size() - 1));
        const QByteArray clerks = contents(path);
        QVERIFY(!clerks.contains(restricted.toUtf8()));
        QVERIFY(!clerks.contains(QStringLiteral("Ограничен достъп").toUtf8()));
    }

    void exportsThePeriodAsJsonOnTheWorker()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        auto desk = EmbeddedDesk::open(db);
        QVERIFY(desk);
        QVERIFY(desk->connection->signIn(QStringLiteral("admin")).ok());
        QString restricted;
        const QStringList inside = populate(db, *desk, &restricted);
        QCOMPARE(inside.size(), 26);

        RegisterExportRequest request = october(db, db.admin, m_dir.filePath(QStringLiteral("october.json")));
        request.format = RegisterExportRequest::Format::Json;
        RegisterExportJob job(desk->connection->reader(), request);
        QSignalSpy progress(&job, &RegisterExportJob::progress);
        QSignalSpy finished(&job, &RegisterExportJob::finished);
        job.start();
        QVERIFY(job.isRunning());
        QVERIFY(finished.wait(30'000));
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.first().at(0).toLongLong(), qint64(inside.size()));
        const Error outcome = finished.first().at(1).value<Error>();
        QVERIFY2(outcome.message.isEmpty(), qPrintable(outcome.toString()));
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toInt(), int(inside.size()));

        QJsonParseError error;
        const QJsonObject json = QJsonDocument::fromJson(contents(request.path), &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(json.value(QStringLiteral("register")).toString(), QStringLiteral("ВК66"));
        QCOMPARE(json.value(QStringLiteral("from")).toString(), QStringLiteral("2020-10-01"));
        const QJsonArray entries = json.value(QStringLiteral("entries")).toArray();
        QStringList indexes;
        for (const QJsonValue &entry : entries)
            indexes << entry.toObject().value(QStringLiteral("index")).toString();
        QCOMPARE(indexes, inside);
        QCOMPARE(entries.first().toObject().value(QStringLiteral("page_count")).toInt(), 0);
    }

    void cancelLeavesNoFile()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        auto desk = EmbeddedDesk::open(db);
        QVERIFY(desk);
        QVERIFY(desk->connection->signIn(QStringLiteral("admin")).ok());
        QString restricted;
        QCOMPARE(populate(db, *desk, &restricted).size(), 26);

        // Cancelled after the first page was written: no file, and nothing beside it.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("october.csv"));
        std::atomic_bool cancel = false;
        int pages = 0;
        auto rows = RegisterExportJob::run(
            desk->connection->reader(), october(db, db.admin, path), cancel,
            [&](qint64 done, qint64) {
                if (done > 0 && ++pages == 1)
                    cancel = true;
            },
            10);
        QVERIFY(!rows.ok());
        QVERIFY(rows.error().isCancelled());
        QCOMPARE(pages, 1);
        QVERIFY(!QFile::exists(path));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList());

        // An earlier export at that path stays as it was.
        {
            QFile earlier(path);
            QVERIFY(earlier.open(QIODevice::WriteOnly));
            earlier.write("earlier\r\n");
        }
        cancel = false;
        pages = 0;
        rows = RegisterExportJob::run(
            desk->connection->reader(), october(db, db.admin, path), cancel,
            [&](qint64 done, qint64) {
                if (done > 0 && ++pages == 2)
                    cancel = true;
            },
            10);
        QVERIFY(rows.error().isCancelled());
        QCOMPARE(contents(path), QByteArray("earlier\r\n"));

        // The job: cancelled before it starts, it ends Cancelled before its first page.
        RegisterExportJob job(desk->connection->reader(),
                              october(db, db.admin, dir.filePath(QStringLiteral("job.csv"))));
        QSignalSpy finished(&job, &RegisterExportJob::finished);
        job.cancel();
        job.start();
        QVERIFY(finished.wait(30'000));
        const Error error = finished.first().at(1).value<Error>();
        QVERIFY2(error.isCancelled(), qPrintable(error.toString()));
        QCOMPARE(finished.first().at(0).toLongLong(), qint64(0));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("job.csv"))));
    }

    void unwritablePathIsAClearError()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        auto desk = EmbeddedDesk::open(db);
        QVERIFY(desk);
        QVERIFY(desk->connection->signIn(QStringLiteral("admin")).ok());
        QString restricted;
        QCOMPARE(populate(db, *desk, &restricted).size(), 26);

        const QString path = m_dir.filePath(QStringLiteral("no-such-folder/october.csv"));
        std::atomic_bool cancel = false;
        auto rows = RegisterExportJob::run(desk->connection->reader(), october(db, db.admin, path), cancel);
        QVERIFY(!rows.ok());
        QCOMPARE(rows.error().code, ErrorCode::Storage);
        QVERIFY2(rows.error().message.contains(path), qPrintable(rows.error().message));
        QVERIFY(!QFile::exists(path));

        // A period that ends before it starts.
        RegisterExportRequest backwards = october(db, db.admin, m_dir.filePath(QStringLiteral("x.csv")));
        backwards.to = QDate(2020, 9, 1);
        rows = RegisterExportJob::run(desk->connection->reader(), backwards, cancel);
        QCOMPARE(rows.error().code, ErrorCode::InvalidInput);
        QVERIFY(!QFile::exists(backwards.path));
    }
};

QTEST_MAIN(tst_RegisterExportJob)
#include "tst_RegisterExportJob.moc"
