// SPDX-License-Identifier: GPL-3.0-or-later
// Search latency on a large SQLite register: SearchService queries by word,
// prefix, metadata (register + dates) and word + metadata. See README.md.
//
//   bench_search [--count N] [--queries Q] [--db FILE] [--rebuild]
//
// The database is generated once (raw SQL in big transactions, writing what the
// services write: correspondents, documents, registrations, counters and the
// search index with SearchIndex's terms) and reused while its size matches.

#include "BenchCorpus.h"
#include "BenchDatabase.h"
#include "core/Ids.h"
#include "domain/IndexPattern.h"
#include "search/SearchService.h"
#include "search/SearchText.h"
#include "storage/Sql.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <sqlite3.h>
#include <vector>

using namespace dms;

namespace {

/** Bumped when the generated data changes, so that old files are rebuilt. */
constexpr int kGeneratorVersion = 1;
const QDate kFirstDay(2021, 1, 4);
constexpr int kYears = 4;

struct Options
{
    qint64 count = 1000000;
    int queries = 300;
    QString path;
    bool rebuild = false;
};

/** Working days (Monday to Friday) from kFirstDay over kYears years. */
QList<QDate> workingDays()
{
    QList<QDate> days;
    for (QDate day = kFirstDay; day < kFirstDay.addYears(kYears); day = day.addDays(1)) {
        if (day.dayOfWeek() <= 5)
            days << day;
    }
    return days;
}

class Writer
{
public:
    ~Writer()
    {
        for (sqlite3_stmt *statement : m_statements)
            sqlite3_finalize(statement);
        if (m_db)
            sqlite3_close(m_db);
    }
    bool open(const QString &path)
    {
        return sqlite3_open_v2(path.toUtf8().constData(), &m_db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK
            && exec("PRAGMA journal_mode=WAL") && exec("PRAGMA synchronous=NORMAL")
            && exec("PRAGMA foreign_keys=ON");
    }
    bool exec(const char *sql)
    {
        char *message = nullptr;
        if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
            std::fprintf(stderr, "generate: %s: %s\n", sql, message ? message : "?");
            sqlite3_free(message);
            return false;
        }
        return true;
    }
    sqlite3_stmt *prepare(const char *sql)
    {
        sqlite3_stmt *statement = nullptr;
        if (sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) != SQLITE_OK) {
            std::fprintf(stderr, "generate: %s: %s\n", sql, sqlite3_errmsg(m_db));
            return nullptr;
        }
        m_statements.push_back(statement);
        return statement;
    }
    bool step(sqlite3_stmt *statement)
    {
        const int rc = sqlite3_step(statement);
        sqlite3_reset(statement);
        sqlite3_clear_bindings(statement);
        if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
            std::fprintf(stderr, "generate: %s\n", sqlite3_errmsg(m_db));
            return false;
        }
        return true;
    }
    sqlite3_int64 lastRowid() const { return sqlite3_last_insert_rowid(m_db); }

private:
    sqlite3 *m_db = nullptr;
    std::vector<sqlite3_stmt *> m_statements;
};

void bindText(sqlite3_stmt *statement, int column, const QString &text)
{
    if (text.isEmpty()) {
        sqlite3_bind_null(statement, column);
        return;
    }
    const QByteArray utf8 = text.toUtf8();
    sqlite3_bind_text(statement, column, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

/** Writes `count` registrations in time order, as RegistrationService would have. */
bool generate(BenchDatabase &bench, const QString &path, qint64 count)
{
    const QString userId = bench.clerkUserId;
    const QString registryCode = bench.registryCode;
    const QStringList registerIds = bench.registerIds;
    const QStringList registerCodes = bench.registerCodes;
    auto pattern = IndexPattern::create(bench.indexPattern);
    if (!pattern)
        return false;
    bench.close();

    Writer w;
    if (!w.open(path))
        return false;
    sqlite3_stmt *correspondent = w.prepare(
        "INSERT INTO correspondent (id, kind, name, search_key, created_at) VALUES (?, ?, ?, ?, ?)");
    sqlite3_stmt *document = w.prepare(
        "INSERT INTO document (id, kind, subject, correspondent_id, channel, page_count, access_level,"
        " classification_id, full_text, created_at, created_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)");
    sqlite3_stmt *registration = w.prepare(
        "INSERT INTO registration (id, register_id, year, number, sub_number, reg_index, registered_at,"
        " registered_on, document_id, base_registration_id, registered_by, status)"
        " VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, NULL, ?, 'active')");
    sqlite3_stmt *entry = w.prepare("INSERT INTO search_entry (document_id) VALUES (?)");
    sqlite3_stmt *fts = w.prepare("INSERT INTO search_fts (rowid, terms) VALUES (?, ?)");
    sqlite3_stmt *counter
        = w.prepare("INSERT INTO register_counter (register_id, year, last_number) VALUES (?, ?, ?)"
                    " ON CONFLICT (register_id, year) DO UPDATE SET last_number = excluded.last_number");
    if (!correspondent || !document || !registration || !entry || !fts || !counter)
        return false;

    BenchCorpus corpus;
    const QString start = QDateTime(kFirstDay.addDays(-30), QTime(8, 0), Qt::UTC).toString(Qt::ISODateWithMs);
    QStringList correspondentIds;
    if (!w.exec("BEGIN"))
        return false;
    const qsizetype administrations = 10;
    const qsizetype people = corpus.correspondents().size() - 300 - administrations;
    for (qsizetype i = 0; i < corpus.correspondents().size(); ++i) {
        const QString name = corpus.correspondents().at(i);
        const QString id = Ids::create(QDateTime(kFirstDay.addDays(-30), QTime(8, 0), Qt::UTC));
        correspondentIds << id;
        bindText(correspondent, 1, id);
        bindText(correspondent, 2,
                 i < people ? QStringLiteral("citizen")
                     : i < corpus.correspondents().size() - administrations
                     ? QStringLiteral("company")
                     : QStringLiteral("administration"));
        bindText(correspondent, 3, name);
        bindText(correspondent, 4, SearchText::key(name));
        bindText(correspondent, 5, start);
        if (!w.step(correspondent))
            return false;
    }
    if (!w.exec("COMMIT"))
        return false;

    const QList<QDate> days = workingDays();
    const qint64 perDay = (count + days.size() - 1) / days.size();
    // Office hours 06:00-14:00 UTC (09:00-17:00 in Sofia, same date all year).
    const qint64 stepMs = 8 * 3600 * 1000 / std::max<qint64>(perDay, 1);
    QHash<std::pair<int, int>, qint64> numbers; // (register, year) -> last number
    QElapsedTimer timer;
    timer.start();
    constexpr qint64 kBatch = 20000;
    for (qint64 i = 0; i < count; ++i) {
        if (i % kBatch == 0 && !w.exec("BEGIN"))
            return false;
        const QDate day = days.at(int(i / perDay));
        const QDateTime at = QDateTime(day, QTime(6, 0), Qt::UTC).addMSecs((i % perDay) * stepMs);
        const BenchDocument doc = corpus.next();
        const quint32 r = corpus.random().bounded(10);
        const int reg = r < 6 ? 0 : r < 9 ? 2 : 1; // ВК66 60 %, ИЗ01 30 %, ДИ05 10 %
        const qint64 number = ++numbers[{reg, day.year()}];
        const QString index = pattern->format({registryCode, day.year(), registerCodes[reg], number, 0, day});
        const QString documentId = Ids::create(at);
        const QString atText = at.toString(Qt::ISODateWithMs);
        const QString correspondentName
            = doc.correspondent >= 0 ? corpus.correspondents().at(doc.correspondent) : QString();

        bindText(document, 1, documentId);
        bindText(document, 2, doc.kind);
        bindText(document, 3, doc.subject);
        bindText(document, 4, doc.correspondent >= 0 ? correspondentIds.at(doc.correspondent) : QString());
        bindText(document, 5, toName(doc.channel));
        sqlite3_bind_int(document, 6, doc.pageCount);
        bindText(document, 7, toName(doc.accessLevel));
        bindText(document, 8, doc.fullText);
        bindText(document, 9, atText);
        bindText(document, 10, userId);
        if (!w.step(document))
            return false;

        bindText(registration, 1, Ids::create(at));
        bindText(registration, 2, registerIds[reg]);
        sqlite3_bind_int(registration, 3, day.year());
        sqlite3_bind_int64(registration, 4, number);
        bindText(registration, 5, index);
        bindText(registration, 6, atText);
        bindText(registration, 7, day.toString(Qt::ISODate));
        bindText(registration, 8, documentId);
        bindText(registration, 9, userId);
        if (!w.step(registration))
            return false;

        // SearchIndex::put's terms for what RegistrationService passes it.
        bindText(entry, 1, documentId);
        if (!w.step(entry))
            return false;
        QStringList words;
        for (const QString &part : {index, doc.kind, doc.subject, correspondentName, doc.fullText})
            words << SearchText::words(part);
        sqlite3_bind_int64(fts, 1, w.lastRowid());
        bindText(fts, 2, words.join(QLatin1Char(' ')));
        if (!w.step(fts))
            return false;

        if ((i + 1) % kBatch == 0 || i + 1 == count) {
            if (!w.exec("COMMIT"))
                return false;
            if ((i + 1) % (kBatch * 10) == 0 || i + 1 == count)
                std::fprintf(stderr, "  generated %lld/%lld (%.0f s)\n", i + 1, count,
                             timer.elapsed() / 1000.0);
        }
    }
    if (!w.exec("BEGIN"))
        return false;
    for (auto it = numbers.cbegin(); it != numbers.cend(); ++it) {
        bindText(counter, 1, registerIds[it.key().first]);
        sqlite3_bind_int(counter, 2, it.key().second);
        sqlite3_bind_int64(counter, 3, it.value());
        if (!w.step(counter))
            return false;
    }
    const QByteArray info = QStringLiteral("CREATE TABLE bench_info (generator INTEGER, documents INTEGER);"
                                           " INSERT INTO bench_info VALUES (%1, %2)")
                                .arg(kGeneratorVersion)
                                .arg(count)
                                .toUtf8();
    return w.exec(info.constData()) && w.exec("COMMIT") && w.exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

/** Whether the file holds a complete generated database of this size. */
bool reusable(const QString &path, qint64 count)
{
    if (!QFile::exists(path))
        return false;
    sqlite3 *db = nullptr;
    bool ok = false;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt *statement = nullptr;
        if (sqlite3_prepare_v2(db, "SELECT generator, documents FROM bench_info", -1, &statement, nullptr)
                == SQLITE_OK
            && sqlite3_step(statement) == SQLITE_ROW)
            ok = sqlite3_column_int(statement, 0) == kGeneratorVersion
                && sqlite3_column_int64(statement, 1) == count;
        sqlite3_finalize(statement);
    }
    sqlite3_close(db);
    return ok;
}

struct Latencies
{
    QString name;
    std::vector<double> ms;
    qint64 hits = 0;
    int empty = 0;

    double percentile(double p) const
    {
        std::vector<double> sorted = ms;
        std::sort(sorted.begin(), sorted.end());
        const size_t rank = size_t(std::ceil(p * double(sorted.size())));
        return sorted.at(std::clamp<size_t>(rank, 1, sorted.size()) - 1);
    }
};

bool parse(const QStringList &args, Options *options)
{
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString &arg = args[i];
        const bool hasValue = i + 1 < args.size();
        if (arg == QLatin1String("--count") && hasValue)
            options->count = args[++i].toLongLong();
        else if (arg == QLatin1String("--queries") && hasValue)
            options->queries = args[++i].toInt();
        else if (arg == QLatin1String("--db") && hasValue)
            options->path = args[++i];
        else if (arg == QLatin1String("--rebuild"))
            options->rebuild = true;
        else
            return false;
    }
    if (options->path.isEmpty())
        options->path
            = QDir::temp().filePath(QStringLiteral("delovod-bench-search-%1.db").arg(options->count));
    return options->count > 0 && options->queries > 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("dms.*.info=false"));
    Options options;
    if (!parse(QCoreApplication::arguments(), &options)) {
        std::fprintf(stderr, "usage: bench_search [--count N] [--queries Q] [--db FILE] [--rebuild]\n");
        return 2;
    }
    DatabaseConfig config;
    config.engine = DatabaseConfig::Engine::Sqlite;
    config.path = options.path;
    config.durability = DatabaseConfig::Durability::Normal;

    if (options.rebuild || !reusable(options.path, options.count)) {
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(options.path + suffix);
        std::fprintf(stderr, "generating %lld registrations in %s\n", options.count,
                     qPrintable(options.path));
        QElapsedTimer timer;
        timer.start();
        auto fresh = BenchDatabase::open(config);
        if (!fresh) {
            std::fprintf(stderr, "%s\n", qPrintable(fresh.error().toString()));
            return 1;
        }
        if (!generate(**fresh, options.path, options.count)) {
            std::fprintf(stderr, "generation failed\n");
            return 1;
        }
        std::printf("generated %lld registrations in %.1f s\n", options.count, timer.elapsed() / 1000.0);
    }

    auto bench = BenchDatabase::open(config);
    if (!bench) {
        std::fprintf(stderr, "%s\n", qPrintable(bench.error().toString()));
        return 1;
    }
    std::printf("bench_search: %s (%.0f MB), SQLite %s, %d queries per kind, limit 50\n",
                qPrintable(options.path), QFileInfo(options.path).size() / 1e6, sqlite3_libversion(),
                options.queries);

    SearchService service((*bench)->context());
    const Session clerk = (*bench)->clerk;
    const QStringList registerIds = (*bench)->registerIds;
    BenchCorpus corpus;
    const QStringList &words = corpus.queryWords();
    QRandomGenerator random(4242);
    const int days = int(kFirstDay.daysTo(kFirstDay.addYears(kYears)));
    const auto word = [&] {
        return words.at(int(random.bounded(quint32(words.size()))));
    };
    const auto range = [&](SearchQuery &q, int maxDays) {
        q.registerId = registerIds.at(int(random.bounded(quint32(registerIds.size()))));
        q.from = kFirstDay.addDays(random.bounded(days));
        q.to = q.from.addDays(random.bounded(1, maxDays + 1));
    };

    struct Kind
    {
        QString name;
        std::function<SearchQuery()> make;
    };
    const QList<Kind> kinds = {
        {QStringLiteral("word"),
         [&] {
             SearchQuery q;
             q.text = word();
             return q;
         }},
        {QStringLiteral("prefix"),
         [&] {
             SearchQuery q;
             q.text = word().left(int(random.bounded(3, 6))) + QLatin1Char('*');
             return q;
         }},
        {QStringLiteral("register + dates"),
         [&] {
             SearchQuery q;
             range(q, 30);
             return q;
         }},
        {QStringLiteral("word + register + dates"),
         [&] {
             SearchQuery q;
             q.text = word();
             range(q, 90);
             return q;
         }},
    };

    std::printf("%-26s %8s %8s %8s %8s %9s %7s\n", "query", "p50 ms", "p95 ms", "p99 ms", "max ms",
                "avg hits", "empty");
    bool goal = true;
    for (const Kind &kind : kinds) {
        // Warm the cache and the prepared statements first.
        for (int i = 0; i < 20; ++i)
            (void)service.search(clerk, kind.make());
        Latencies lat {kind.name, {}, 0, 0};
        for (int i = 0; i < options.queries; ++i) {
            const SearchQuery query = kind.make();
            QElapsedTimer timer;
            timer.start();
            auto result = service.search(clerk, query);
            const double ms = timer.nsecsElapsed() / 1e6;
            if (!result) {
                std::fprintf(stderr, "%s: %s\n", qPrintable(query.text),
                             qPrintable(result.error().toString()));
                return 1;
            }
            lat.ms.push_back(ms);
            lat.hits += result->hits.size();
            if (result->hits.isEmpty())
                ++lat.empty;
        }
        const double p95 = lat.percentile(0.95);
        goal = goal && p95 <= 30.0;
        std::printf("%-26s %8.2f %8.2f %8.2f %8.2f %9.1f %7d\n", qPrintable(lat.name), lat.percentile(0.50),
                    p95, lat.percentile(0.99), *std::max_element(lat.ms.begin(), lat.ms.end()),
                    double(lat.hits) / lat.ms.size(), lat.empty);
        std::fflush(stdout);
    }
    std::printf("goal (p95 <= 30 ms for every kind): %s\n", goal ? "met" : "NOT met");
    return 0;
}
