// SPDX-License-Identifier: GPL-3.0-or-later
// Registration throughput: RegistrationService (numbering, journal, search index,
// one transaction per registration as at a desk) against the same rows written
// through the raw sqlite3 C API with prepared statements. See README.md.
//
//   bench_registration [--count N] [--full-count M] [--batch B] [--dir DIR] [--pg]

#include "BenchCorpus.h"
#include "BenchDatabase.h"
#include "core/Ids.h"
#include "domain/IndexPattern.h"
#include "search/SearchText.h"
#include "services/RegistrationService.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTimeZone>

#include <cstdio>
#include <functional>
#include <memory>
#include <sqlite3.h>
#include <vector>

using namespace dms;

namespace {

struct Options
{
    qint64 count = 100000;
    qint64 fullCount = -1; ///< default: min(count, 10000)
    int batch = 1000;
    QString dir;
    bool pg = false;
};

struct Measurement
{
    QString name;
    qint64 count = 0;
    double seconds = 0;
    double perSecond() const { return seconds > 0 ? count / seconds : 0; }
};

void print(const Measurement &m)
{
    std::printf("%-52s %9lld %9.2f s %10.0f /s\n", qPrintable(m.name), m.count, m.seconds, m.perSecond());
    std::fflush(stdout);
}

void progress(const char *what, qint64 done, qint64 total)
{
    if (total >= 10 && done % (total / 10) == 0)
        std::fprintf(stderr, "  %s: %lld/%lld\n", what, done, total);
}

NewRegistration requestFor(const BenchDocument &doc, const QString &registerId)
{
    NewRegistration request;
    request.registerId = registerId;
    request.document.kind = doc.kind;
    request.document.subject = doc.subject;
    request.document.fullText = doc.fullText;
    request.document.channel = doc.channel;
    request.document.accessLevel = doc.accessLevel;
    request.document.pageCount = doc.pageCount;
    return request;
}

/** Registers `count` documents through the service on an opened, seeded database. */
Result<Measurement> runService(BenchDatabase &bench, const QString &name, qint64 count)
{
    RegistrationService service(bench.context());
    BenchCorpus corpus;
    QElapsedTimer timer;
    timer.start();
    for (qint64 i = 0; i < count; ++i) {
        auto entry
            = service.registerDocument(bench.clerk, requestFor(corpus.next(), bench.registerIds.first()));
        if (!entry)
            return entry.error();
        progress(qPrintable(name), i + 1, count);
    }
    return Measurement {name, count, timer.nsecsElapsed() / 1e9};
}

Result<Measurement> runServiceSqlite(const QString &dir, DatabaseConfig::Durability durability, qint64 count)
{
    DatabaseConfig config;
    config.engine = DatabaseConfig::Engine::Sqlite;
    config.path = QDir(dir).filePath(durability == DatabaseConfig::Durability::Full
                                         ? QStringLiteral("service-full.db")
                                         : QStringLiteral("service-normal.db"));
    config.durability = durability;
    auto bench = BenchDatabase::open(config);
    if (!bench)
        return bench.error();
    return runService(**bench,
                      durability == DatabaseConfig::Durability::Full
                          ? QStringLiteral("service  sqlite  synchronous=FULL    1 reg/tx")
                          : QStringLiteral("service  sqlite  synchronous=NORMAL  1 reg/tx"),
                      count);
}

/** A prepared statement that finalises itself. */
using Statement = std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt *)>;

class RawWriter
{
public:
    ~RawWriter()
    {
        m_statements.clear();
        if (m_db)
            sqlite3_close(m_db);
    }

    bool open(const QString &path, bool full)
    {
        if (sqlite3_open_v2(path.toUtf8().constData(), &m_db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
            return fail("open");
        sqlite3_busy_timeout(m_db, 30000);
        return exec("PRAGMA journal_mode=WAL") && exec("PRAGMA foreign_keys=ON")
            && exec(full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    }

    bool exec(const char *sql)
    {
        char *message = nullptr;
        if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
            std::fprintf(stderr, "raw: %s: %s\n", sql, message ? message : "?");
            sqlite3_free(message);
            return false;
        }
        return true;
    }

    sqlite3_stmt *prepare(const char *sql)
    {
        sqlite3_stmt *statement = nullptr;
        if (sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) != SQLITE_OK) {
            fail(sql);
            return nullptr;
        }
        m_statements.emplace_back(statement, sqlite3_finalize);
        return statement;
    }

    bool step(sqlite3_stmt *statement)
    {
        const int rc = sqlite3_step(statement);
        sqlite3_reset(statement);
        sqlite3_clear_bindings(statement);
        if (rc != SQLITE_DONE && rc != SQLITE_ROW)
            return fail("step");
        return true;
    }

    sqlite3_int64 lastRowid() const { return sqlite3_last_insert_rowid(m_db); }

    bool fail(const char *what)
    {
        std::fprintf(stderr, "raw: %s: %s\n", what, m_db ? sqlite3_errmsg(m_db) : "no database");
        return false;
    }

private:
    sqlite3 *m_db = nullptr;
    std::vector<Statement> m_statements;
};

void bindText(sqlite3_stmt *statement, int column, const QString &text)
{
    if (text.isNull()) {
        sqlite3_bind_null(statement, column);
        return;
    }
    const QByteArray utf8 = text.toUtf8();
    sqlite3_bind_text(statement, column, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

/** The same rows as a registration (document, registration, search entry and FTS
 *  row; equivalent values) through prepared statements, `batch` registrations per
 *  transaction. It does not bump a counter row, journal or go through Qt SQL. */
Result<Measurement> runRaw(const QString &dir, bool full, qint64 count, int batch)
{
    DatabaseConfig config;
    config.engine = DatabaseConfig::Engine::Sqlite;
    config.path = QDir(dir).filePath(QStringLiteral("raw-%1-%2.db").arg(full ? 1 : 0).arg(batch));
    config.durability = full ? DatabaseConfig::Durability::Full : DatabaseConfig::Durability::Normal;
    // The schema and the seed rows come from the services, so both write to the same tables.
    auto bench = BenchDatabase::open(config);
    if (!bench)
        return bench.error();
    const QString userId = (*bench)->clerkUserId;
    const QString registerId = (*bench)->registerIds.first();
    const QString registerCode = (*bench)->registerCodes.first();
    const QString registryCode = (*bench)->registryCode;
    auto pattern = IndexPattern::create((*bench)->indexPattern);
    if (!pattern)
        return pattern.error();
    (*bench)->close();

    RawWriter raw;
    if (!raw.open(config.path, full))
        return makeError(ErrorCode::Storage, QStringLiteral("raw open failed"));
    sqlite3_stmt *begin = raw.prepare("BEGIN IMMEDIATE");
    sqlite3_stmt *commit = raw.prepare("COMMIT");
    sqlite3_stmt *document = raw.prepare(
        "INSERT INTO document (id, kind, subject, correspondent_id, channel, page_count, access_level,"
        " classification_id, full_text, created_at, created_by)"
        " VALUES (?, ?, ?, NULL, ?, ?, ?, NULL, ?, ?, ?)");
    sqlite3_stmt *registration = raw.prepare(
        "INSERT INTO registration (id, register_id, year, number, sub_number, reg_index, registered_at,"
        " registered_on, document_id, base_registration_id, registered_by, status)"
        " VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, NULL, ?, 'active')");
    sqlite3_stmt *entry = raw.prepare("INSERT INTO search_entry (document_id) VALUES (?)");
    sqlite3_stmt *fts = raw.prepare("INSERT INTO search_fts (rowid, terms) VALUES (?, ?)");
    if (!begin || !commit || !document || !registration || !entry || !fts)
        return makeError(ErrorCode::Storage, QStringLiteral("raw prepare failed"));

    const QTimeZone sofia(QByteArrayLiteral("Europe/Sofia"));
    BenchCorpus corpus;
    qint64 number = 0;
    int year = 0;
    const QString name = QStringLiteral("raw      sqlite  synchronous=%1 %2 reg/tx")
                             .arg(full ? QStringLiteral("FULL  ") : QStringLiteral("NORMAL"))
                             .arg(batch, 4);
    QElapsedTimer timer;
    timer.start();
    for (qint64 i = 0; i < count; ++i) {
        if (i % batch == 0 && !raw.step(begin))
            return makeError(ErrorCode::Storage, QStringLiteral("raw begin failed"));
        const BenchDocument doc = corpus.next();
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QDate localDate = now.toTimeZone(sofia).date();
        if (localDate.year() != year) {
            year = localDate.year();
            number = 0;
        }
        ++number;
        const QString documentId = Ids::create(now);
        const QString registrationId = Ids::create(now);
        const QString index = pattern->format({registryCode, year, registerCode, number, 0, localDate});
        const QString nowText = now.toString(Qt::ISODateWithMs);

        bindText(document, 1, documentId);
        bindText(document, 2, doc.kind);
        bindText(document, 3, doc.subject);
        bindText(document, 4, toName(doc.channel));
        sqlite3_bind_int(document, 5, doc.pageCount);
        bindText(document, 6, toName(doc.accessLevel));
        bindText(document, 7, doc.fullText.isEmpty() ? QString() : doc.fullText);
        bindText(document, 8, nowText);
        bindText(document, 9, userId);
        if (!raw.step(document))
            return makeError(ErrorCode::Storage, QStringLiteral("raw document insert failed"));

        bindText(registration, 1, registrationId);
        bindText(registration, 2, registerId);
        sqlite3_bind_int(registration, 3, year);
        sqlite3_bind_int64(registration, 4, number);
        bindText(registration, 5, index);
        bindText(registration, 6, nowText);
        bindText(registration, 7, localDate.toString(Qt::ISODate));
        bindText(registration, 8, documentId);
        bindText(registration, 9, userId);
        if (!raw.step(registration))
            return makeError(ErrorCode::Storage, QStringLiteral("raw registration insert failed"));

        bindText(entry, 1, documentId);
        if (!raw.step(entry))
            return makeError(ErrorCode::Storage, QStringLiteral("raw search entry insert failed"));
        QStringList words;
        for (const QString &part : {index, doc.kind, doc.subject, doc.fullText})
            words << SearchText::words(part);
        sqlite3_bind_int64(fts, 1, raw.lastRowid());
        bindText(fts, 2, words.join(QLatin1Char(' ')));
        if (!raw.step(fts))
            return makeError(ErrorCode::Storage, QStringLiteral("raw fts insert failed"));

        if ((i + 1) % batch == 0 || i + 1 == count) {
            if (!raw.step(commit))
                return makeError(ErrorCode::Storage, QStringLiteral("raw commit failed"));
        }
        progress(qPrintable(name), i + 1, count);
    }
    return Measurement {name, count, timer.nsecsElapsed() / 1e9};
}

bool parse(const QStringList &args, Options *options)
{
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString &arg = args[i];
        const bool hasValue = i + 1 < args.size();
        if (arg == QLatin1String("--count") && hasValue)
            options->count = args[++i].toLongLong();
        else if (arg == QLatin1String("--full-count") && hasValue)
            options->fullCount = args[++i].toLongLong();
        else if (arg == QLatin1String("--batch") && hasValue)
            options->batch = args[++i].toInt();
        else if (arg == QLatin1String("--dir") && hasValue)
            options->dir = args[++i];
        else if (arg == QLatin1String("--pg"))
            options->pg = true;
        else
            return false;
    }
    if (options->fullCount < 0)
        options->fullCount = std::min<qint64>(options->count, 10000);
    return options->count > 0 && options->batch > 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("dms.*.info=false"));
    Options options;
    if (!parse(QCoreApplication::arguments(), &options)) {
        std::fprintf(
            stderr,
            "usage: bench_registration [--count N] [--full-count M] [--batch B] [--dir DIR] [--pg]\n");
        return 2;
    }
    std::unique_ptr<QTemporaryDir> temporary;
    if (options.dir.isEmpty()) {
        temporary = std::make_unique<QTemporaryDir>(
            QDir::temp().filePath(QStringLiteral("bench_registration-XXXXXX")));
        if (!temporary->isValid()) {
            std::fprintf(stderr, "cannot make a temporary folder\n");
            return 1;
        }
        options.dir = temporary->path();
    } else if (!QDir().mkpath(options.dir)) {
        std::fprintf(stderr, "cannot make %s\n", qPrintable(options.dir));
        return 1;
    } else {
        // Fresh files for every run.
        for (const QString &file : QDir(options.dir).entryList({QStringLiteral("*.db*")}, QDir::Files))
            QFile::remove(QDir(options.dir).filePath(file));
    }

    std::printf("bench_registration: SQLite %s, files in %s\n", sqlite3_libversion(),
                qPrintable(options.dir));
    std::printf("%-52s %9s %11s %13s\n", "run", "count", "time", "rate");
    auto report = [](const Result<Measurement> &m) {
        if (!m) {
            std::fprintf(stderr, "failed: %s\n", qPrintable(m.error().toString()));
            return false;
        }
        print(*m);
        return true;
    };

    if (options.pg) {
        auto bench = BenchDatabase::createPostgres();
        if (!bench) {
            std::fprintf(stderr, "%s\n", qPrintable(bench.error().toString()));
            return 1;
        }
        auto pg
            = runService(**bench, QStringLiteral("service  postgresql              1 reg/tx"), options.count);
        if (!report(pg))
            return 1;
        return 0;
    }

    auto serviceNormal = runServiceSqlite(options.dir, DatabaseConfig::Durability::Normal, options.count);
    if (!report(serviceNormal))
        return 1;
    auto rawNormal = runRaw(options.dir, false, options.count, 1);
    if (!report(rawNormal))
        return 1;
    auto rawBatched = runRaw(options.dir, false, options.count, options.batch);
    if (!report(rawBatched))
        return 1;
    auto serviceFull = runServiceSqlite(options.dir, DatabaseConfig::Durability::Full, options.fullCount);
    if (!report(serviceFull))
        return 1;
    auto rawFull = runRaw(options.dir, true, options.fullCount, 1);
    if (!report(rawFull))
        return 1;

    std::printf("\nraw / service, 1 reg/tx, synchronous=NORMAL: %.2fx\n",
                rawNormal->perSecond() / serviceNormal->perSecond());
    std::printf("raw / service, 1 reg/tx, synchronous=FULL:   %.2fx\n",
                rawFull->perSecond() / serviceFull->perSecond());
    std::printf("raw %d reg/tx / service 1 reg/tx (NORMAL):   %.2fx\n", options.batch,
                rawBatched->perSecond() / serviceNormal->perSecond());
    std::printf("service NORMAL / FULL:                       %.2fx\n",
                serviceNormal->perSecond() / serviceFull->perSecond());
    const bool goal
        = serviceNormal->perSecond() >= 1000 && rawNormal->perSecond() / serviceNormal->perSecond() <= 5.0;
    std::printf("goal (>= 1000/s and within 5x of raw at 1 reg/tx, NORMAL): %s\n", goal ? "met" : "NOT met");
    return 0;
}
